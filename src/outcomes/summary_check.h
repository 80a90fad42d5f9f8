// Checks shared by the fits (internal to outcomes): a summary the models can take.
#pragma once

#include <span>

#include "core/error.h"
#include "outcomes/transactions.h"

namespace nazar::outcomes::detail {

// InvalidArgument naming "customers[i]" for the first impossible summary: negative or
// non-finite values, recency beyond age, repeat purchases with recency 0; and for none.
Result<void> CheckSummaries(std::span<const CustomerSummary> customers);

}  // namespace nazar::outcomes::detail
