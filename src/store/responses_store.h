// The responses area of the store: the answers respondents gave (store.h has the rules
// every area keeps).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

class ResponsesStore {
 public:
  virtual ~ResponsesStore() = default;

  // Responses. The response key is unique per survey (the idempotency key).
  virtual Result<Response> InsertResponse(const Response& response) = 0;
  // Inserts unless the response key is taken (its row is not changed then), through the
  // unique key's index in every case, whatever the table's statistics. `response` is the
  // row inserted, or the one holding the key, or nullopt when that one is not visible yet
  // (SQLite only, which never happens with its one writer; PostgreSQL waits for and returns
  // a row another transaction is committing). One statement on PostgreSQL: a replay costs
  // what a new response costs.
  struct KeyedResponse {
    bool inserted = false;
    std::optional<Response> response;
  };
  virtual Result<KeyedResponse> InsertResponseOrGet(const Response& response) = 0;
  // Writes status, answers, hidden, meta, updated_ms and completed_ms.
  virtual Result<Response> UpdateResponse(OrgId org, const Response& response) = 0;
  virtual Result<Response> FindResponseByKey(OrgId org, int64_t survey_id,
                                             std::string_view response_key) = 0;
  virtual Result<Response> GetResponse(OrgId org, int64_t response_id) = 0;
  // The organisation's responses among `ids`, by id; ids that are not there are left out.
  virtual Result<std::vector<Response>> GetResponses(OrgId org, std::span<const int64_t> ids) = 0;
  // The survey's oldest response tied to the interaction, if any (one interaction, one
  // response: ingest merges a second into it).
  virtual Result<std::optional<Response>> FindResponseByInteraction(OrgId org, int64_t survey_id,
                                                                   int64_t interaction_id) = 0;
  virtual Result<Page<Response>> ListResponses(OrgId org, const ResponseQuery& query) = 0;
  // How many responses match (survey and status of the query; its cursor is ignored).
  virtual Result<int64_t> CountResponses(OrgId org, const ResponseQuery& query) = 0;
  // Every organisation with responses, for rebuilding in-memory views at start-up.
  virtual Result<std::vector<OrgId>> ListOrganisationIds() = 0;
};

}  // namespace nazar
