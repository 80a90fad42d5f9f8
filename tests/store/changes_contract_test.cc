// The change feed: the database's own triggers mark every write of a complete response and
// every persona membership change, with the writing process's node, in the writing
// transaction; readers see seqs, what is missing, and (PostgreSQL) a transaction still
// committing told from one rolled back.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "store/store.h"
#include "support/postgres_server.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(ChangesContract);

Response Answer(OrgId org, int64_t survey, int i, ResponseStatus status = ResponseStatus::kComplete) {
  return Response{.org_id = org, .survey_id = survey, .version = 1,
                  .response_key = fmt::format("k{}", i), .status = status, .hidden = "{}",
                  .answers = R"({"nps":9})", .meta = "{}", .created_ms = kT0 + i, .updated_ms = kT0 + i};
}

// Raw SQL on the test's database, behind the store's back.
bool RunSql(const std::string& url, const std::string& sql) {
  if (url.starts_with("sqlite:")) {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(url.substr(7).c_str(), &db) == SQLITE_OK &&
              sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
  }
  return testing::QueryFirstColumn(url, sql).has_value();
}

std::vector<ViewChange> All(Store& s) {
  auto read = s.changes().ReadChanges(0, {}, 1000);
  EXPECT_TRUE(read.has_value()) << read.error().ToString();
  return read ? *read : std::vector<ViewChange>{};
}

TEST_P(ChangesContract, CompleteResponsesAndMembershipsAreMarkedByTheirWriter) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  const size_t before = All(*s_).size();  // the world's own writes (none are responses)
  EXPECT_EQ(before, 0u);
  auto done = s_->responses().InsertResponse(Answer(w.org.id, w.survey, 1));
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  auto partial = s_->responses().InsertResponse(Answer(w.org.id, w.survey, 2, ResponseStatus::kPartial));
  ASSERT_TRUE(partial.has_value());
  std::vector<ViewChange> changes = All(*s_);
  ASSERT_EQ(changes.size(), 1u) << "a partial response is not in the views";
  EXPECT_EQ(changes[0].kind, "response");
  EXPECT_EQ(changes[0].subject, done->id);
  EXPECT_EQ(changes[0].org, w.org.id);
  EXPECT_EQ(changes[0].node, s_->node());
  EXPECT_FALSE(s_->node().empty());

  Response completed = *partial;
  completed.status = ResponseStatus::kComplete;
  ASSERT_TRUE(s_->responses().UpdateResponse(w.org.id, completed).has_value());
  changes = All(*s_);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].subject, partial->id);
  EXPECT_GT(changes[1].seq, changes[0].seq);
  EXPECT_EQ(*s_->changes().LastChangeSeq(), changes[1].seq);

  // Another process (its own node name) writing to the same database.
  auto other = OpenStore(t_.url, {.pool_size = 1, .node = "node-two"});
  ASSERT_TRUE(other.has_value()) << other.error().ToString();
  ASSERT_TRUE((*other)->responses().InsertResponse(Answer(w.org.id, w.survey, 3)).has_value());
  changes = All(*s_);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[2].node, "node-two");

  // A rolled-back write leaves nothing.
  auto failed = s_->Transact([&](Store& tx) -> Result<void> {
    TRY(tx.responses().InsertResponse(Answer(w.org.id, w.survey, 4)));
    return Fail(Error::InvalidArgument("no", "x"));
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(All(*s_).size(), 3u);

  // Personas: a membership added or removed is a change of its contact.
  auto persona = s_->personas().CreatePersona({.org_id = w.org.id, .name = "P", .rule = R"({"all":[]})"});
  ASSERT_TRUE(persona.has_value()) << persona.error().ToString();
  ASSERT_TRUE(s_->personas().SetPersonaMembers(w.org.id, persona->id, {w.contact}, kT0).has_value());
  ASSERT_TRUE(s_->personas().SetPersonaMembers(w.org.id, persona->id, {}, kT0).has_value());
  changes = All(*s_);
  ASSERT_EQ(changes.size(), 5u);
  for (size_t i : {3u, 4u}) {
    EXPECT_EQ(changes[i].kind, "contact");
    EXPECT_EQ(changes[i].subject, w.contact);
  }

  // Reading after a seq, with ranges below it, and pruning by age.
  auto some = s_->changes().ReadChanges(changes[3].seq, std::vector<SeqRange>{{changes[0].seq, changes[0].seq}}, 10);
  ASSERT_TRUE(some.has_value());
  ASSERT_EQ(some->size(), 2u);
  EXPECT_EQ((*some)[0].seq, changes[0].seq);
  EXPECT_EQ((*some)[1].seq, changes[4].seq);
  EXPECT_EQ(*s_->changes().FirstSeqSince(changes[4].at_ms + 3600'000), changes[4].seq + 1);
  EXPECT_EQ(*s_->changes().PruneChanges(changes[4].at_ms + 1), 5);
  EXPECT_TRUE(All(*s_).empty());
}

TEST_P(ChangesContract, MissingSeqsAreRangesBetweenVisibleOnes) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(s_->responses().InsertResponse(Answer(w.org.id, w.survey, i)).has_value());
  std::vector<ViewChange> changes = All(*s_);
  ASSERT_EQ(changes.size(), 6u);
  EXPECT_TRUE(s_->changes().MissingChanges(0)->empty() ||
              s_->changes().MissingChanges(changes[0].seq - 1)->empty());
  // Deleting the middle ones by hand makes holes where they were.
  ASSERT_TRUE(RunSql(t_.url, fmt::format("DELETE FROM view_changes WHERE seq IN ({}, {}, {})",
                                         changes[1].seq, changes[2].seq, changes[4].seq)));
  auto missing = s_->changes().MissingChanges(changes[0].seq - 1);
  ASSERT_TRUE(missing.has_value()) << missing.error().ToString();
  ASSERT_EQ(missing->size(), 2u);
  EXPECT_EQ((*missing)[0].first, changes[1].seq);
  EXPECT_EQ((*missing)[0].last, changes[2].seq);
  EXPECT_EQ((*missing)[1].first, changes[4].seq);
  EXPECT_EQ((*missing)[1].last, changes[4].seq);
  auto snapshot = s_->changes().Snapshot();
  ASSERT_TRUE(snapshot.has_value());
  if (GetParam() == StoreBackend::kSqlite) {
    EXPECT_EQ(snapshot->xmin, INT64_MAX) << "nothing is ever in flight for a SQLite reader";
  } else {
    EXPECT_GT(snapshot->xmin, 0);
    EXPECT_GE(snapshot->next, snapshot->xmin) << "a fresh xid is at or above the oldest running";
  }
}

// PostgreSQL: a transaction that took a seq and has not committed is a gap a reader sees,
// and the snapshot keeps it open until that transaction ends.
TEST_P(ChangesContract, AChangeStillCommittingIsMissingUntilItsTransactionEnds) {
  if (GetParam() != StoreBackend::kPostgres) GTEST_SKIP() << "SQLite readers never see a seq out of order";
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto writer = OpenStore(t_.url, {.pool_size = 2, .node = "slow"});
  ASSERT_TRUE(writer.has_value());
  std::atomic<bool> inserted{false}, release{false};
  std::thread slow([&] {
    (void)(*writer)->Transact([&](Store& tx) -> Result<void> {
      TRY(tx.responses().InsertResponse(Answer(w.org.id, w.survey, 100)));
      inserted = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return {};
    });
  });
  while (!inserted) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(s_->responses().InsertResponse(Answer(w.org.id, w.survey, 101)).has_value());
  std::vector<ViewChange> visible = All(*s_);
  ASSERT_EQ(visible.size(), 1u) << "the slow transaction's change is not visible yet";
  auto missing = s_->changes().MissingChanges(0);
  ASSERT_TRUE(missing.has_value());
  ASSERT_EQ(missing->size(), 1u);
  const int64_t held = (*missing)[0].last;
  EXPECT_EQ(held, visible[0].seq - 1);
  auto during = *s_->changes().Snapshot();
  EXPECT_LT(during.xmin, during.next) << "the slow writer is still running, below the fresh xid";
  release = true;
  slow.join();
  auto after = *s_->changes().Snapshot();
  EXPECT_GT(after.xmin, during.next) << "every transaction begun before the first snapshot has ended";
  visible = All(*s_);
  ASSERT_EQ(visible.size(), 2u);
  EXPECT_EQ(visible[0].seq, held);
  EXPECT_EQ(visible[0].node, "slow");
}

// One process leads the scheduled work; when it goes, another takes over.
TEST_P(ChangesContract, OneProcessLeadsAndAnotherTakesOverWhenItGoes) {
  auto first = OpenStore(t_.url, {.pool_size = 1, .node = "first"});
  auto second = OpenStore(t_.url, {.pool_size = 1, .node = "second"});
  ASSERT_TRUE(first.has_value() && second.has_value());
  ASSERT_TRUE((*first)->changes().Leads().has_value());
  EXPECT_TRUE(*(*first)->changes().Leads());
  EXPECT_TRUE(*(*first)->changes().Leads()) << "asking again keeps it";
  if (GetParam() == StoreBackend::kSqlite) {
    EXPECT_TRUE(*(*second)->changes().Leads()) << "SQLite's one server always leads";
    return;
  }
  EXPECT_FALSE(*(*second)->changes().Leads());
  first->reset();  // the process goes: its session, and the lock, with it
  bool took_over = false;
  for (int i = 0; i < 100 && !took_over; ++i) {
    took_over = *(*second)->changes().Leads();
    if (!took_over) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(took_over);
}

}  // namespace
}  // namespace nazar::store_contract
