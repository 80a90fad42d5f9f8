// Reads one comment a line on standard input and prints its sentiment score (4 decimals)
// a line: text_score_lines en|fa < comments.txt. For comparing with VADER's own
// implementation line by line (bench/vader_figures.py).
#include <cstdio>
#include <iostream>
#include <string>

#include "text/analyzer.h"

int main(int argc, char** argv) {
  using namespace nazar::text;
  const auto language = argc == 2 ? ParseLanguageCode(argv[1]) : std::nullopt;
  if (!language) {
    std::cerr << "usage: text_score_lines en|fa < comments.txt\n";
    return 2;
  }
  auto analyzer = Analyzer::Create();
  if (!analyzer) {
    std::cerr << analyzer.error().ToString() << "\n";
    return 1;
  }
  for (std::string line; std::getline(std::cin, line);) {
    std::printf("%.4f\n", analyzer->AnalyzeSentiment(line, *language).score);
  }
  return 0;
}
