// The change cursor: every committed change admitted exactly once, whatever order the seqs
// become visible in, and a missing seq given up only once its writer must have ended.
#include <gtest/gtest.h>

#include <climits>

#include "nodes/change_cursor.h"

namespace nazar::nodes {
namespace {

std::vector<ViewChange> Seqs(std::initializer_list<int64_t> seqs) {
  std::vector<ViewChange> out;
  for (int64_t s : seqs) out.push_back({.seq = s, .kind = "response", .subject = s * 10});
  return out;
}

std::vector<int64_t> SeqsOf(const std::vector<ViewChange>& changes) {
  std::vector<int64_t> out;
  for (const ViewChange& c : changes) out.push_back(c.seq);
  return out;
}

constexpr ChangeSnapshot kSqlite{.xmin = INT64_MAX, .next = 0};

TEST(ChangeCursorTest, InOrderChangesAreAdmittedOnce) {
  ChangeCursor cursor(0);
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({1, 2, 3}))), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(cursor.after(), 3);
  EXPECT_TRUE(cursor.Admit(Seqs({2, 3})).empty()) << "read again: not admitted twice";
  cursor.Settle(kSqlite);
  EXPECT_EQ(cursor.missing_count(), 0);
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({4}))), (std::vector<int64_t>{4}));
}

TEST(ChangeCursorTest, ASeqStillCommittingIsAdmittedWhenItAppears) {
  ChangeCursor cursor(10);
  // 11 was taken by a transaction that has not committed; 12 and 13 have.
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({12, 13}))), (std::vector<int64_t>{12, 13}));
  cursor.Settle({.xmin = 100, .next = 105});
  EXPECT_EQ(cursor.missing_count(), 1);
  ASSERT_EQ(cursor.missing().size(), 1u);
  EXPECT_EQ(cursor.missing()[0].first, 11);
  EXPECT_EQ(cursor.missing()[0].last, 11);
  // Transactions below 105 are still running: the gap stays.
  cursor.Settle({.xmin = 104, .next = 110});
  EXPECT_EQ(cursor.missing_count(), 1);
  // It commits: read with the gap's range, admitted once, the gap closed.
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({11, 14}))), (std::vector<int64_t>{11, 14}));
  EXPECT_EQ(cursor.missing_count(), 0);
  EXPECT_TRUE(cursor.Admit(Seqs({11})).empty());
}

TEST(ChangeCursorTest, ARolledBackSeqIsGivenUpOnceItsWriterHasEnded) {
  ChangeCursor cursor(10);
  cursor.Admit(Seqs({13}));
  cursor.Settle({.xmin = 100, .next = 105});  // 11 and 12 noticed missing, stamped 105
  EXPECT_EQ(cursor.missing_count(), 2);
  cursor.Admit(Seqs({20}));                   // 14..19 noticed now
  cursor.Settle({.xmin = 106, .next = 130});  // every writer below 105 has ended
  EXPECT_EQ(cursor.missing_count(), 8) << "11 and 12 are looked for once more";
  ASSERT_EQ(cursor.missing().front().first, 11);
  EXPECT_TRUE(cursor.Admit({}).empty());      // and were not there: rolled back
  EXPECT_EQ(cursor.missing_count(), 6) << "14..19 stamped 130 stay";
  EXPECT_EQ(cursor.missing().front().first, 14);
  cursor.Settle({.xmin = 130, .next = 131});
  cursor.Admit({});
  EXPECT_EQ(cursor.missing_count(), 0);
  EXPECT_TRUE(cursor.Admit(Seqs({12})).empty()) << "given up is final (it was rolled back)";
}

TEST(ChangeCursorTest, AWriterThatEndsJustBeforeTheReadIsSeenByIt) {
  // 11's writer commits after the previous read: the snapshot before this read says every
  // writer below 105 has ended, and this read brings 11.
  ChangeCursor cursor(10);
  cursor.Admit(Seqs({12}));
  cursor.Settle({.xmin = 100, .next = 105});
  cursor.Settle({.xmin = 110, .next = 111});
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({11}))), (std::vector<int64_t>{11}));
  EXPECT_EQ(cursor.missing_count(), 0);
}

TEST(ChangeCursorTest, AReadCutShortKeepsLookingForFinalGapsAboveItsLastRow) {
  ChangeCursor cursor(0);
  cursor.Admit(Seqs({2, 4, 6}));              // 1, 3, 5 missing
  cursor.Settle({.xmin = 1, .next = 5});
  cursor.Settle({.xmin = 9, .next = 10});     // all three final
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({1, 2}))), (std::vector<int64_t>{1}))
      << "the read stopped at 2 (its limit): 3 and 5 were not looked for";
  EXPECT_EQ(cursor.missing_count(), 2);
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({5, 7}))), (std::vector<int64_t>{5, 7}));
  EXPECT_EQ(cursor.missing_count(), 0) << "3 was looked for by that read and absent";
}

TEST(ChangeCursorTest, FillingTheMiddleOfAGapSplitsIt) {
  ChangeCursor cursor(10);
  cursor.Admit(Seqs({16}));
  cursor.Settle({.xmin = 1, .next = 50});
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({13}))), (std::vector<int64_t>{13}));
  ASSERT_EQ(cursor.missing().size(), 2u);
  EXPECT_EQ(cursor.missing()[0].first, 11);
  EXPECT_EQ(cursor.missing()[0].last, 12);
  EXPECT_EQ(cursor.missing()[1].first, 14);
  EXPECT_EQ(cursor.missing()[1].last, 15);
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({11, 12, 14, 15}))), (std::vector<int64_t>{11, 12, 14, 15}));
  EXPECT_EQ(cursor.missing_count(), 0);
}

TEST(ChangeCursorTest, SqliteGapsAreGivenUpAfterOneMoreLook) {
  ChangeCursor cursor(0);
  cursor.Admit(Seqs({1, 5}));  // 2..4 pruned or deleted: SQLite never shows seqs out of order
  cursor.Settle(kSqlite);
  EXPECT_TRUE(cursor.Admit({}).empty());
  EXPECT_EQ(cursor.missing_count(), 0);
}

TEST(ChangeCursorTest, StartsWithTheMissingSeqsBelowWhereItStarts) {
  ChangeCursor cursor(100, {{97, 98}, {90, 90}, {101, 120}});  // the last one is above: ignored
  cursor.Settle({.xmin = 10, .next = 20});
  EXPECT_EQ(cursor.missing_count(), 3);
  EXPECT_EQ(cursor.missing()[0].first, 90);
  EXPECT_EQ(SeqsOf(cursor.Admit(Seqs({90, 99, 101}))), (std::vector<int64_t>{90, 101}))
      << "99 was visible at start (the views were built with it)";
}

TEST(ChangeCursorTest, ManyGapsAreQueriedAsFewRangesAndFilteredOnAdmission) {
  ChangeCursor cursor(0);
  std::vector<ViewChange> odd;
  for (int64_t s = 2; s <= 80; s += 2) odd.push_back({.seq = s});
  cursor.Admit(odd);  // 1, 3, 5, ... 79 missing: 40 gaps
  cursor.Settle({.xmin = 1, .next = 9});
  EXPECT_EQ(cursor.missing_count(), 40);
  std::vector<SeqRange> ranges = cursor.missing();
  ASSERT_EQ(ranges.size(), ChangeCursor::kMaxQueryRanges);
  EXPECT_EQ(ranges.back().first, 2 * static_cast<int64_t>(ChangeCursor::kMaxQueryRanges) - 1);
  EXPECT_EQ(ranges.back().last, 79);
  // What the merged range brings back: the even ones again (filtered), the odd ones new.
  std::vector<ViewChange> reread;
  for (int64_t s = ranges.back().first; s <= 80; ++s) reread.push_back({.seq = s});
  std::vector<ViewChange> fresh = cursor.Admit(reread);
  for (const ViewChange& c : fresh) EXPECT_EQ(c.seq % 2, 1) << c.seq;
  EXPECT_EQ(fresh.size(), 80u / 2 - (ChangeCursor::kMaxQueryRanges - 1));
}

}  // namespace
}  // namespace nazar::nodes
