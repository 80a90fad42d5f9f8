// The live queue_log feed (journey/queue_log_follow.h): the window of calls in progress, and
// a real file followed through growth, rotation by rename and by truncation, and restarts
// from the checkpoint, imported into a real store.
#include "journey/queue_log_follow.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "support/temp_dir.h"
#include "support/test_org.h"
#include "support/test_store.h"

namespace nazar::journey {
namespace {

constexpr int64_t kNow = 1'790'000'000'000;
constexpr int64_t kT = kNow / 1000 - 3600;  // the calls' epoch seconds: an hour ago

std::string Enter(int64_t t, const std::string& id, const std::string& caller) {
  return fmt::format("{}|{}|support|NONE|ENTERQUEUE||{}|1\n", t, id, caller);
}
std::string End(int64_t t, const std::string& id) {
  return fmt::format(
      "{0}|{1}|support|SIP/8001|CONNECT|5|{1}.1|1\n{2}|{1}|support|SIP/"
      "8001|COMPLETECALLER|5|60|1\n",
      t + 5, id, t + 65);
}

TEST(QueueLogWindowTest, KeepsTheLinesOfCallsInProgressOnly) {
  QueueLogWindow w;
  w.Append(Enter(kT, "a", "0912") + End(kT, "a") + Enter(kT + 10, "b", "0935"));
  w.Append("garbage line\n" + std::to_string(kT + 20) + "|c|support|NONE|ENTER");  // partial
  EXPECT_EQ(w.bad_lines(), 1);
  EXPECT_EQ(w.Text(), Enter(kT, "a", "0912") + End(kT, "a") + Enter(kT + 10, "b", "0935"));
  w.Settle(kNow, 6 * 3600 * 1000);
  EXPECT_EQ(w.Text(), Enter(kT + 10, "b", "0935"));  // a ended; b still waits
  w.Append("QUEUE||0999|1\n");                       // the partial line's end
  EXPECT_EQ(w.Text(), Enter(kT + 10, "b", "0935") + Enter(kT + 20, "c", "0999"));
  EXPECT_EQ(w.Pending(), w.Text());
  // A call that began before one still waiting and ended after it leaves nothing behind
  // (its end lines alone would come back as a call without its caller).
  QueueLogWindow interleaved;
  interleaved.Append(Enter(kT, "d", "0911") + Enter(kT + 10, "e", "0922") + End(kT, "d"));
  interleaved.Settle(kNow, 6 * 3600 * 1000);
  EXPECT_EQ(interleaved.Text(), Enter(kT + 10, "e", "0922"));
  w.Settle(kNow, 30 * 60 * 1000);  // both started an hour ago: stale, they hold nothing
  EXPECT_EQ(w.Text(), "");
}

class FollowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(StoreBackend::kSqlite);
    ASSERT_NE(t_.store, nullptr);
    accounts_ = std::make_unique<Accounts>(*t_.store, clock_);
    org_ = testing::MakeTestOrg(*accounts_, {.name = "Calls", .time_zone = "Asia/Tehran"}).org;
    journeys_ = std::make_unique<Journeys>(*t_.store, clock_);
    file_ = dir_.path() + "/queue_log";
    Write(file_, "", std::ios::trunc);
  }

  static void Write(const std::string& path, const std::string& text,
                    std::ios::openmode mode = std::ios::app) {
    std::ofstream out(path, std::ios::binary | mode);
    out << text;
  }

  std::unique_ptr<QueueLogFollower> Follower() {
    return std::make_unique<QueueLogFollower>(
        *journeys_, org_, clock_, FollowOptions{.file = file_, .checkpoint = dir_.path() + "/cp"},
        [this] { ++after_; });
  }

  int64_t Calls() {
    return static_cast<int64_t>(
        t_.store->journeys().ListInteractions(org_, {.limit = 1000})->items.size());
  }

  FollowStep StepOk(QueueLogFollower& f) {
    auto step = f.Step();
    EXPECT_TRUE(step.has_value()) << step.error().ToString();
    return step.value_or(FollowStep{});
  }

  ManualClockForTest clock_{kNow};
  testing::TempDir dir_;
  testing::TestStore t_;
  std::unique_ptr<Accounts> accounts_;
  OrgId org_;
  std::unique_ptr<Journeys> journeys_;
  std::string file_;
  int after_ = 0;
};

TEST_F(FollowTest, CallsAreImportedWhenTheyEndThroughRotationAndRestarts) {
  auto f = Follower();
  Write(file_, Enter(kT, "a", "09121110001") + End(kT, "a") + Enter(kT + 10, "b", "09121110002"));
  FollowStep first = StepOk(*f);
  EXPECT_TRUE(first.imported);
  EXPECT_EQ(first.report.created, 1);
  EXPECT_EQ(first.report.in_progress, 1);
  EXPECT_EQ(after_, 1);
  EXPECT_FALSE(StepOk(*f).imported);  // nothing new
  Write(file_, End(kT + 10, "b"));
  EXPECT_EQ(StepOk(*f).report.created, 1);  // b, once it ended
  EXPECT_EQ(Calls(), 2);

  // logrotate renames the file; Asterisk writes c's end to the old one, then the new file.
  Write(file_, Enter(kT + 20, "c", "09121110003"));
  std::filesystem::rename(file_, file_ + ".1");
  Write(file_ + ".1", End(kT + 20, "c"));
  Write(file_, Enter(kT + 30, "d", "09121110004") + End(kT + 30, "d"));
  FollowStep rotated = StepOk(*f);
  EXPECT_TRUE(rotated.rotated);
  EXPECT_EQ(rotated.report.created, 2);  // c and d
  EXPECT_EQ(Calls(), 4);

  // Stopped; meanwhile e starts, the file is rotated, e ends in the new one.
  Write(file_, Enter(kT + 40, "e", "09121110005"));
  StepOk(*f);
  f.reset();
  std::filesystem::rename(file_, file_ + ".1");
  Write(file_, End(kT + 40, "e") + Enter(kT + 50, "f", "09121110006") + End(kT + 50, "f"));
  f = Follower();
  FollowStep restarted = StepOk(*f);
  EXPECT_EQ(restarted.report.created, 2);  // e (its start from the checkpoint) and f
  EXPECT_EQ(Calls(), 6);
  auto interactions = t_.store->journeys().ListInteractions(org_, {.limit = 1000})->items;
  auto e = std::find_if(interactions.begin(), interactions.end(),
                        [](const Interaction& i) { return i.reference == "e"; });
  ASSERT_NE(e, interactions.end());
  EXPECT_EQ(t_.store->journeys().GetContact(org_, e->contact_id)->phone, "09121110005");

  // copytruncate: the same file starts again from nothing.
  std::filesystem::resize_file(file_, 0);
  Write(file_, Enter(kT + 60, "g", "09121110007") + End(kT + 60, "g"));
  FollowStep truncated = StepOk(*f);
  EXPECT_TRUE(truncated.rotated);
  EXPECT_EQ(truncated.report.created, 1);
  EXPECT_EQ(Calls(), 7);
  // A restart with nothing new imports nothing again.
  f = Follower();
  EXPECT_EQ(StepOk(*f).report.created, 0);
  EXPECT_EQ(Calls(), 7);
}

}  // namespace
}  // namespace nazar::journey
