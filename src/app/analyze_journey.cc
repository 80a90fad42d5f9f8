#include "app/analyze.h"

namespace nazar::app {

void AddJourneyAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen) {
  (void)analyze;
  (void)chosen;
}

}  // namespace nazar::app
