// Status and Result<T>: expected failures are values, not exceptions (leveldb/duckdb style).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace corridor {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,  // bad user input: the message names the field/row/line
  kNotFound,
  kConflict,         // optimistic-lock or uniqueness conflict
  kPermissionDenied,
  kIo,
  kDatabase,
  kTooLarge,
  kCorrupt,          // malformed file
  kInternal,
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(ErrorCode code, std::string message) { return Status(code, std::move(message)); }
  static Status Invalid(std::string m) { return Error(ErrorCode::kInvalidArgument, std::move(m)); }
  static Status NotFound(std::string m) { return Error(ErrorCode::kNotFound, std::move(m)); }
  static Status Conflict(std::string m) { return Error(ErrorCode::kConflict, std::move(m)); }
  static Status Denied(std::string m) { return Error(ErrorCode::kPermissionDenied, std::move(m)); }
  static Status Io(std::string m) { return Error(ErrorCode::kIo, std::move(m)); }
  static Status Db(std::string m) { return Error(ErrorCode::kDatabase, std::move(m)); }
  static Status TooLarge(std::string m) { return Error(ErrorCode::kTooLarge, std::move(m)); }
  static Status Corrupt(std::string m) { return Error(ErrorCode::kCorrupt, std::move(m)); }
  static Status Internal(std::string m) { return Error(ErrorCode::kInternal, std::move(m)); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Prefix context ("file.csv:12: ") while keeping the code.
  Status WithContext(const std::string& prefix) const {
    return ok() ? *this : Status(code_, prefix + message_);
  }

 private:
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace corridor

// Early-return helpers for functions returning Status or Result<T>.
#define CORRIDOR_RETURN_IF_ERROR(expr)            \
  do {                                            \
    ::corridor::Status _st = (expr);              \
    if (!_st.ok()) return _st;                    \
  } while (0)

#define CORRIDOR_CONCAT_INNER(a, b) a##b
#define CORRIDOR_CONCAT(a, b) CORRIDOR_CONCAT_INNER(a, b)
#define CORRIDOR_ASSIGN_OR_RETURN(lhs, expr)                       \
  auto CORRIDOR_CONCAT(_res_, __LINE__) = (expr);                  \
  if (!CORRIDOR_CONCAT(_res_, __LINE__).ok())                      \
    return CORRIDOR_CONCAT(_res_, __LINE__).status();              \
  lhs = std::move(CORRIDOR_CONCAT(_res_, __LINE__)).value()
