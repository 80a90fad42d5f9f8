// A temporary folder removed with everything in it when the object goes.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace nazar::testing {

class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "nazar-test");
  ~TempDir();
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir& operator=(TempDir&& other) noexcept {
    std::swap(path_, other.path_);
    return *this;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace nazar::testing
