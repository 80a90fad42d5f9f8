// The text area: text settings and comment tags.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(TextContract);

TEST_P(TextContract, TextSettingsBumpTheirRevisionOnEveryChange) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto none = s_->text().GetTextSettings(w.org.id);
  ASSERT_TRUE(none.has_value()) << none.error().ToString();
  EXPECT_EQ(none->revision, 0);
  EXPECT_EQ(none->taxonomy, "");
  EXPECT_TRUE(s_->text().ListTextRevisions()->empty());

  auto first = s_->text().UpdateTextSettings(w.org.id, {.taxonomy = R"({"topics":[]})"}, kT0);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(first->revision, 1);
  EXPECT_EQ(first->taxonomy, R"({"topics":[]})");
  auto second = s_->text().UpdateTextSettings(
      w.org.id, {.classifier = "model", .classifier_report = "{}", .trained_ms = kT0 + 5}, kT0 + 5);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->revision, 2);
  EXPECT_EQ(second->taxonomy, R"({"topics":[]})") << "fields not in the patch are kept";
  EXPECT_EQ(second->classifier, "model");
  EXPECT_EQ(second->trained_ms, kT0 + 5);
  auto bumped = s_->text().UpdateTextSettings(w.org.id, {}, kT0 + 9);
  EXPECT_EQ(bumped->revision, 3);
  EXPECT_EQ(bumped->classifier, "model");
  auto revisions = s_->text().ListTextRevisions();
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].first, w.org.id);
  EXPECT_EQ((*revisions)[0].second, 3);
  EXPECT_EQ(s_->text().GetTextSettings(w.other.id)->revision, 0);
  EXPECT_EQ(s_->text().UpdateTextSettings(OrgId{424242}, {}, kT0).error().code,
            ErrorCode::kNotFound);
}

TEST_P(TextContract, CommentTagsAreReplacedPerCommentAndGoWithAnErasedContact) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto r = s_->responses().InsertResponse({.org_id = w.org.id,
                                           .survey_id = w.survey,
                                           .version = 1,
                                           .response_key = "k1",
                                           .status = ResponseStatus::kComplete,
                                           .answers = R"({"why":"late again"})",
                                           .contact_id = w.contact,
                                           .created_ms = kT0,
                                           .updated_ms = kT0});
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_TRUE(s_->text()
                  .SetCommentTags(w.org.id, r->id, "why", {"delivery_late", "refund"}, {}, kT0)
                  .has_value());
  ASSERT_TRUE(s_->text()
                  .SetCommentTags(w.org.id, r->id, "why", {"delivery_late", "courier"}, {}, kT0)
                  .has_value());
  auto tags = s_->text().ListCommentTags(w.org.id);
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].label, "courier");
  EXPECT_EQ((*tags)[1].label, "delivery_late");
  EXPECT_EQ((*tags)[1].question_id, "why");
  EXPECT_EQ(s_->text().ListCommentTags(w.org.id, {r->id})->size(), 2u);
  EXPECT_EQ(s_->text().ListCommentTags(w.org.id, {r->id + 1000, r->id})->size(), 2u);
  EXPECT_TRUE(s_->text().ListCommentTags(w.org.id, {r->id + 1000})->empty());
  EXPECT_TRUE(s_->text().ListCommentTags(w.other.id)->empty());
  EXPECT_EQ(s_->text().SetCommentTags(w.other.id, r->id, "why", {"x"}, {}, kT0).error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(s_->journeys().EraseContact(w.org.id, w.contact, {}).has_value());
  EXPECT_TRUE(s_->text().ListCommentTags(w.org.id)->empty()) << "an erased comment keeps no tags";
}

}  // namespace
}  // namespace nazar::store_contract
