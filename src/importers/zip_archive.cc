#include "importers/zip_archive.h"

#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace corridor::importers {

namespace zip_detail {
struct ArchiveHandle {
  zip_t* zip = nullptr;
  std::string bytes;  // backing store of in-memory archives; must outlive zip

  ArchiveHandle() = default;
  ArchiveHandle(const ArchiveHandle&) = delete;
  ArchiveHandle& operator=(const ArchiveHandle&) = delete;
  ~ArchiveHandle() {
    if (zip != nullptr) zip_discard(zip);  // read-only: nothing to write back
  }
};
}  // namespace zip_detail

namespace {

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

Status OpenError(const std::string& what, int code) {
  std::string message = "cannot open zip " + what + ": " + ZipErrorText(code);
  switch (code) {
    case ZIP_ER_NOENT:
      return Status::NotFound(message);
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_MEMORY:
      return Status::Io(message);
    default:  // NOZIP, INCONS, CRC, ...: the bytes are not a sound archive
      return Status::Corrupt(message);
  }
}

constexpr size_t kReadChunk = size_t{1} << 20;
constexpr uint64_t kMaxUpfrontReserve = uint64_t{64} << 20;  // declared sizes can lie

}  // namespace

// ---- ZipEntryStream ----

void ZipEntryStream::FileCloser::operator()(zip_file* file) const { zip_fclose(file); }

ZipEntryStream::ZipEntryStream(std::shared_ptr<zip_detail::ArchiveHandle> archive, zip_file* file,
                               std::string name, uint64_t declared_size, uint64_t max_bytes)
    : archive_(std::move(archive)),
      file_(file),
      name_(std::move(name)),
      declared_size_(declared_size),
      max_bytes_(max_bytes) {}

ZipEntryStream::ZipEntryStream(ZipEntryStream&& other) noexcept = default;

ZipEntryStream& ZipEntryStream::operator=(ZipEntryStream&& other) noexcept {
  if (this != &other) {
    file_.reset();  // close our entry while its archive is still open
    archive_ = std::move(other.archive_);
    file_ = std::move(other.file_);
    name_ = std::move(other.name_);
    declared_size_ = other.declared_size_;
    max_bytes_ = other.max_bytes_;
    bytes_read_ = other.bytes_read_;
    failed_ = std::move(other.failed_);
  }
  return *this;
}

ZipEntryStream::~ZipEntryStream() { file_.reset(); }

Result<size_t> ZipEntryStream::Read(char* buf, size_t cap) {
  if (!failed_.ok()) return failed_;
  if (!file_) return Status::Internal("read from a closed zip entry stream");
  if (cap == 0) return size_t{0};
  // Ask for at most one byte beyond the cap: enough to detect an oversized entry without
  // ever inflating more than cap + 1 bytes, whatever size the headers declare.
  uint64_t left = max_bytes_ - std::min(bytes_read_, max_bytes_);
  uint64_t allowed = left == UINT64_MAX ? left : left + 1;
  size_t want = static_cast<size_t>(std::min<uint64_t>(cap, allowed));
  zip_int64_t n = zip_fread(file_.get(), buf, want);
  if (n < 0) {
    failed_ = Status::Corrupt("zip entry " + name_ + ": " + zip_file_strerror(file_.get()));
    return failed_;
  }
  bytes_read_ += static_cast<uint64_t>(n);
  if (bytes_read_ > max_bytes_) {
    failed_ = Status::TooLarge("zip entry " + name_ + " decompresses to more than " + std::to_string(max_bytes_) +
                               " bytes");
    return failed_;
  }
  // libzip checks the CRC but not the length; a lying size field means a tampered archive.
  if (n == 0 && bytes_read_ != declared_size_) {
    failed_ = Status::Corrupt("zip entry " + name_ + " declares " + std::to_string(declared_size_) +
                              " bytes but holds " + std::to_string(bytes_read_));
    return failed_;
  }
  return static_cast<size_t>(n);
}

// ---- ZipArchive ----

ZipArchive::ZipArchive(std::shared_ptr<zip_detail::ArchiveHandle> handle, ZipOptions opts)
    : handle_(std::move(handle)), opts_(opts) {}

Result<ZipArchive> ZipArchive::FromHandle(std::shared_ptr<zip_detail::ArchiveHandle> handle, ZipOptions opts) {
  ZipArchive archive(std::move(handle), opts);
  zip_int64_t count = zip_get_num_entries(archive.handle_->zip, 0);
  if (count < 0) return Status::Corrupt("zip archive has no readable directory");
  archive.entries_.reserve(static_cast<size_t>(count));
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    const zip_uint64_t needed = ZIP_STAT_NAME | ZIP_STAT_SIZE;
    if (zip_stat_index(archive.handle_->zip, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
        (st.valid & needed) != needed)
      return Status::Corrupt("zip entry " + std::to_string(i) + " has an unreadable header");
    ZipEntryInfo info;
    info.name = st.name;
    info.uncompressed_size = st.size;
    info.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    info.is_directory = !info.name.empty() && info.name.back() == '/';
    archive.entries_.push_back(std::move(info));
  }
  return archive;
}

Result<ZipArchive> ZipArchive::OpenFile(const std::string& path, ZipOptions opts) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound("zip file not found: " + path);
    return Status::Io("cannot open zip " + path + ": " + std::strerror(errno));
  }
  // libzip treats an empty file as an empty archive; for an import that is a broken upload.
  if (S_ISREG(st.st_mode) && st.st_size == 0) return Status::Corrupt("zip " + path + " is empty");
  auto handle = std::make_shared<zip_detail::ArchiveHandle>();
  int error = 0;
  handle->zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (handle->zip == nullptr) return OpenError(path, error);
  return FromHandle(std::move(handle), opts);
}

Result<ZipArchive> ZipArchive::OpenFromMemory(std::string bytes, ZipOptions opts) {
  if (bytes.empty()) return Status::Corrupt("zip data is empty");
  auto handle = std::make_shared<zip_detail::ArchiveHandle>();
  handle->bytes = std::move(bytes);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(handle->bytes.data(), handle->bytes.size(), 0, &error);
  if (source == nullptr) {
    int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    return OpenError("data", code);
  }
  handle->zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (handle->zip == nullptr) {
    zip_source_free(source);  // on failure the source still belongs to us
    int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    return OpenError("data", code);
  }
  zip_error_fini(&error);
  return FromHandle(std::move(handle), opts);
}

std::optional<size_t> ZipArchive::Find(std::string_view name) const {
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].name == name) return i;
  return std::nullopt;
}

Result<ZipEntryStream> ZipArchive::OpenEntryStream(std::string_view name, std::optional<uint64_t> max_bytes) const {
  std::optional<size_t> index = Find(name);
  if (!index) return Status::NotFound("zip entry not found: " + std::string(name));
  zip_file_t* file = zip_fopen_index(handle_->zip, *index, 0);
  if (file == nullptr)
    return Status::Corrupt("cannot open zip entry " + std::string(name) + ": " + zip_strerror(handle_->zip));
  return ZipEntryStream(handle_, file, std::string(name), entries_[*index].uncompressed_size,
                        max_bytes.value_or(opts_.max_entry_bytes));
}

Result<std::string> ZipArchive::ReadEntry(std::string_view name, std::optional<uint64_t> max_bytes) const {
  CORRIDOR_ASSIGN_OR_RETURN(ZipEntryStream stream, OpenEntryStream(name, max_bytes));
  uint64_t declared = entries_[*Find(name)].uncompressed_size;
  uint64_t limit = max_bytes.value_or(opts_.max_entry_bytes);
  std::string out;
  out.reserve(static_cast<size_t>(std::min({declared, limit, kMaxUpfrontReserve})));
  for (;;) {
    size_t old_size = out.size();
    out.resize(old_size + kReadChunk);
    Result<size_t> n = stream.Read(out.data() + old_size, kReadChunk);
    if (!n.ok()) return n.status();
    out.resize(old_size + *n);
    if (*n == 0) break;
  }
  return out;
}

}  // namespace corridor::importers
