// Asterisk's queue_log as a call centre's PBX writes it (and as `--follow` reads it).
#include "fuzz_input.h"
#include "journey/queue_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  (void)journey::ParseQueueLog(fuzz::AsText(data, size));
  return 0;
}
