// Builds ZIP fixtures in memory with libzip, for the importer tests.
#pragma once

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace corridor::testing {

struct ZipFixtureEntry {
  std::string name;
  std::string content;
  bool store = false;  // true: no compression (lets tests patch the raw bytes)
};

namespace zip_builder_detail {

// Produces `size` zero bytes on demand, so a 200 MB bomb needs no 200 MB buffer.
struct ZeroSource {
  uint64_t size = 0;
  uint64_t offset = 0;
};

inline zip_int64_t ZeroSourceCallback(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* src = static_cast<ZeroSource*>(state);
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      src->offset = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      uint64_t n = std::min<uint64_t>(len, src->size - src->offset);
      std::memset(data, 0, n);
      src->offset += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->size = src->size;
      st->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_FREE:
      delete src;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_ERROR, -1);
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(nullptr, data, len);
    default:
      return -1;
  }
}

inline std::string Finish(zip_t* za, zip_source_t* out) {
  if (zip_close(za) != 0) throw std::runtime_error(std::string("zip_close: ") + zip_strerror(za));
  if (zip_source_open(out) != 0) throw std::runtime_error("zip_source_open failed");
  zip_source_seek(out, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(out);
  zip_source_seek(out, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  zip_int64_t got = zip_source_read(out, bytes.data(), bytes.size());
  zip_source_close(out);
  zip_source_free(out);
  if (got != size) throw std::runtime_error("short read of built zip");
  return bytes;
}

inline std::pair<zip_t*, zip_source_t*> Begin() {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  if (za == nullptr) throw std::runtime_error("zip_open_from_source failed");
  zip_source_keep(out);  // we read the bytes back after zip_close
  return {za, out};
}

}  // namespace zip_builder_detail

// The entries' contents must stay alive until this returns (they do: they are arguments).
inline std::string BuildZip(const std::vector<ZipFixtureEntry>& entries) {
  auto [za, out] = zip_builder_detail::Begin();
  for (const ZipFixtureEntry& e : entries) {
    zip_source_t* src = zip_source_buffer(za, e.content.data(), e.content.size(), 0);
    zip_int64_t index = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) throw std::runtime_error("zip_file_add failed");
    zip_set_file_compression(za, static_cast<zip_uint64_t>(index), e.store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
  }
  return zip_builder_detail::Finish(za, out);
}

// One deflated entry of `size` zeros: compresses about 1000:1.
inline std::string BuildZeroBomb(const std::string& name, uint64_t size) {
  auto [za, out] = zip_builder_detail::Begin();
  auto* state = new zip_builder_detail::ZeroSource{size, 0};
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_function_create(zip_builder_detail::ZeroSourceCallback, state, &error);
  zip_int64_t index = zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8);
  if (index < 0) throw std::runtime_error("zip_file_add failed");
  zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
  return zip_builder_detail::Finish(za, out);
}

}  // namespace corridor::testing
