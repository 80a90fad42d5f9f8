// Files an organisation imports, through the real services on a real (throwaway) SQLite
// store, as dry runs: the first byte chooses contacts CSV, interactions as CSV, JSON lines or
// Asterisk's queue_log, or transactions CSV; the rest is the file.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "fuzz_input.h"
#include "journey/journeys.h"
#include "outcomes/service.h"
#include "store/store.h"

namespace {

struct World {
  std::string dir;
  std::unique_ptr<nazar::Store> store;
  nazar::SystemClock clock;
  std::unique_ptr<nazar::Accounts> accounts;
  std::unique_ptr<nazar::journey::Journeys> journeys;
  std::unique_ptr<nazar::outcomes::OutcomesService> outcomes;
  nazar::OrgId org;
};

World& TheWorld() {
  static World* world = [] {
    auto* w = new World;
    std::string templ = (std::filesystem::temp_directory_path() / "nazar-fuzz-XXXXXX").string();
    if (!mkdtemp(templ.data())) __builtin_trap();
    w->dir = templ;
    auto store = nazar::OpenStore("sqlite:" + w->dir + "/fuzz.db");
    if (!store || !(*store)->Migrate()) __builtin_trap();
    w->store = std::move(*store);
    w->accounts = std::make_unique<nazar::Accounts>(*w->store, w->clock);
    w->journeys = std::make_unique<nazar::journey::Journeys>(*w->store, w->clock);
    w->outcomes = std::make_unique<nazar::outcomes::OutcomesService>(*w->store, w->clock);
    auto owner = w->accounts->CreateUser({.email = "o@example.com", .name = "O", .password = "owner-password"});
    if (!owner) __builtin_trap();
    auto org = w->accounts->CreateOrganisationFor(owner->id, {.name = "Fuzz"});
    if (!org) __builtin_trap();
    w->org = org->id;
    std::atexit([] { std::filesystem::remove_all(TheWorld().dir); });
    return w;
  }();
  return *world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  if (size == 0) return 0;
  World& w = TheWorld();
  std::istringstream in{std::string(fuzz::AsText(data + 1, size - 1))};
  journey::ImportOptions options{.dry_run = true, .create_touchpoints = (data[0] & 8) != 0};
  switch (data[0] % 5) {
    case 0: (void)w.journeys->ImportContacts(w.org, in, options); break;
    case 1: (void)w.journeys->ImportInteractions(w.org, in, journey::InteractionFormat::kCsv, options); break;
    case 2: (void)w.journeys->ImportInteractions(w.org, in, journey::InteractionFormat::kJsonLines, options); break;
    case 3: (void)w.journeys->ImportInteractions(w.org, in, journey::InteractionFormat::kQueueLog, options); break;
    default: (void)w.outcomes->Import(w.org, in, /*dry_run=*/true); break;
  }
  return 0;
}
