// The text area of the store: each organisation's text settings (taxonomy, trained
// classifier) and the labels analysts put on comments (store.h has the rules every area
// keeps).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

class TextStore {
 public:
  virtual ~TextStore() = default;

  // Defaults (empty, revision 0) when never written.
  virtual Result<TextSettings> GetTextSettings(OrgId org) = 0;
  // Writes the patch's fields and bumps the revision (an empty patch only bumps it).
  virtual Result<TextSettings> UpdateTextSettings(OrgId org, const TextSettingsPatch& patch,
                                                  int64_t now_ms) = 0;
  // Every organisation's text revision (those ever written), for servers to watch.
  virtual Result<std::vector<std::pair<OrgId, int64_t>>> ListTextRevisions() = 0;

  // Replaces the labels of one comment (an empty list removes them). NotFound when the
  // response is not the organisation's.
  virtual Result<void> SetCommentTags(OrgId org, int64_t response_id, std::string_view question_id,
                                      const std::vector<std::string>& labels,
                                      std::optional<UserId> by, int64_t now_ms) = 0;
  // Adds and removes labels of one comment, leaving its other labels as they are (two
  // analysts tagging one comment at once both keep their changes). NotFound as above.
  virtual Result<void> ChangeCommentTags(OrgId org, int64_t response_id,
                                         std::string_view question_id,
                                         const std::vector<std::string>& add,
                                         const std::vector<std::string>& remove,
                                         std::optional<UserId> by, int64_t now_ms) = 0;
  // The organisation's tags (or those of some responses: at most 1000 ids), by response id,
  // question and label.
  virtual Result<std::vector<CommentTag>> ListCommentTags(
      OrgId org, const std::vector<int64_t>& response_ids = {}) = 0;
};

}  // namespace nazar
