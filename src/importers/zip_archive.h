// Read-only ZIP access (libzip) with decompression caps enforced while streaming.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct zip_file;  // libzip's zip_file_t; keeps <zip.h> out of this header

namespace corridor::importers {

struct ZipOptions {
  // Hard cap on the decompressed bytes of any one entry; CORDIS bulk CSVs stay well below 2 GiB.
  uint64_t max_entry_bytes = uint64_t{2} << 30;
};

struct ZipEntryInfo {
  std::string name;
  uint64_t uncompressed_size = 0;  // as declared by the archive; never trusted for limits
  uint64_t compressed_size = 0;
  bool is_directory = false;
};

namespace zip_detail {
struct ArchiveHandle;  // owns the zip_t and, for in-memory archives, the bytes
}

// Sequential reader of one entry. Keeps its archive open even if the ZipArchive goes away.
// Not thread-safe, and neither is using several streams of one archive from several threads.
class ZipEntryStream {
 public:
  ZipEntryStream(ZipEntryStream&& other) noexcept;
  ZipEntryStream& operator=(ZipEntryStream&& other) noexcept;
  ~ZipEntryStream();

  // Fills buf with up to cap bytes; 0 at the end of the entry. Fails with TooLarge once the
  // entry has produced more than the cap, and Corrupt on bad compressed data, a CRC mismatch
  // or a length different from the declared size.
  Result<size_t> Read(char* buf, size_t cap);
  const std::string& name() const { return name_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  friend class ZipArchive;
  struct FileCloser {
    void operator()(zip_file* file) const;
  };
  ZipEntryStream(std::shared_ptr<zip_detail::ArchiveHandle> archive, zip_file* file, std::string name,
                 uint64_t declared_size, uint64_t max_bytes);

  // Declared before file_ so the archive outlives the open entry.
  std::shared_ptr<zip_detail::ArchiveHandle> archive_;
  std::unique_ptr<zip_file, FileCloser> file_;
  std::string name_;
  uint64_t declared_size_ = 0;
  uint64_t max_bytes_ = 0;
  uint64_t bytes_read_ = 0;
  Status failed_;  // sticky: a failed entry stays failed
};

class ZipArchive {
 public:
  static Result<ZipArchive> OpenFile(const std::string& path, ZipOptions opts = {});
  // Uploads arrive in memory; the archive keeps the bytes.
  static Result<ZipArchive> OpenFromMemory(std::string bytes, ZipOptions opts = {});

  const std::vector<ZipEntryInfo>& entries() const { return entries_; }
  // Index into entries() of the entry with exactly this name.
  std::optional<size_t> Find(std::string_view name) const;

  // Reads a whole entry, failing with TooLarge (naming the entry) beyond max_bytes, which
  // defaults to ZipOptions::max_entry_bytes.
  Result<std::string> ReadEntry(std::string_view name, std::optional<uint64_t> max_bytes = std::nullopt) const;
  Result<ZipEntryStream> OpenEntryStream(std::string_view name,
                                         std::optional<uint64_t> max_bytes = std::nullopt) const;

 private:
  ZipArchive(std::shared_ptr<zip_detail::ArchiveHandle> handle, ZipOptions opts);
  static Result<ZipArchive> FromHandle(std::shared_ptr<zip_detail::ArchiveHandle> handle, ZipOptions opts);

  std::shared_ptr<zip_detail::ArchiveHandle> handle_;
  ZipOptions opts_;
  std::vector<ZipEntryInfo> entries_;
};

}  // namespace corridor::importers
