#include "web/handlers/upload_stash.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "core/dates.h"
#include "core/files.h"
#include "core/strings.h"

namespace corridor::web {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr auto kUploadLifetime = std::chrono::hours(24);

fs::path PathOf(const RequestContext& ctx, const std::string& prefix, const std::string& token, const char* ext) {
  return UploadDir(ctx) / (prefix + token + ext);
}

}  // namespace

bool ValidUploadToken(const std::string& t) {
  return t.size() == 64 && std::all_of(t.begin(), t.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Status WriteFileWhole(const fs::path& p, const std::string& data) {
  fs::path tmp = p;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Io("cannot write " + tmp.string());
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) return Status::Io("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) return Status::Io("cannot write " + p.string() + ": " + ec.message());
  return Status::Ok();
}

Result<std::string> ReadFileWhole(const fs::path& p) { return ReadWholeFile(p.string()); }

fs::path UploadDir(const RequestContext& ctx) { return fs::path(ctx.app.config.data_dir) / "uploads"; }

Result<std::string> StashUpload(const RequestContext& ctx, const std::string& prefix, const std::string& filename,
                                const std::string& bytes, const json& extra) {
  std::error_code ec;
  fs::create_directories(UploadDir(ctx), ec);
  if (ec) return Status::Io("cannot create " + UploadDir(ctx).string() + ": " + ec.message());
  std::string token = strings::RandomToken(32);
  json meta = extra.is_object() ? extra : json::object();
  meta["workspace_id"] = ctx.ws->id;
  meta["user_id"] = ctx.user->id;
  meta["filename"] = filename;
  meta["size"] = bytes.size();
  meta["uploaded_at"] = dates::NowIso();
  CORRIDOR_RETURN_IF_ERROR(WriteFileWhole(PathOf(ctx, prefix, token, ".bin"), bytes));
  CORRIDOR_RETURN_IF_ERROR(WriteFileWhole(PathOf(ctx, prefix, token, ".json"), meta.dump()));
  return token;
}

Result<StashedUpload> LoadStashedUpload(const RequestContext& ctx, const std::string& prefix, const std::string& token,
                                        const std::string& gone) {
  if (!ValidUploadToken(token)) return Status::NotFound(gone);
  auto meta_text = ReadFileWhole(PathOf(ctx, prefix, token, ".json"));
  auto bytes = ReadFileWhole(PathOf(ctx, prefix, token, ".bin"));
  if (!meta_text.ok() || !bytes.ok()) return Status::NotFound(gone);
  json meta = json::parse(*meta_text, nullptr, false);
  if (meta.is_discarded() || !meta.is_object() || meta.value("workspace_id", int64_t{0}) != ctx.ws->id ||
      meta.value("user_id", int64_t{0}) != ctx.user->id)
    return Status::NotFound(gone);  // another workspace's or user's upload: not revealed
  std::string filename = meta.value("filename", std::string("upload"));
  return StashedUpload{token, std::move(filename), std::move(*bytes), std::move(meta)};
}

void DropStashedUpload(const RequestContext& ctx, const std::string& prefix, const std::string& token) {
  if (!ValidUploadToken(token)) return;
  std::error_code ec;
  fs::remove(PathOf(ctx, prefix, token, ".bin"), ec);
  fs::remove(PathOf(ctx, prefix, token, ".json"), ec);
}

void SweepStashedUploads(const RequestContext& ctx) {
  std::error_code ec;
  fs::path dir = UploadDir(ctx);
  if (!fs::is_directory(dir, ec)) return;
  auto now = fs::file_time_type::clock::now();
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code e2;
    auto t = fs::last_write_time(it->path(), e2);
    if (!e2 && now - t > kUploadLifetime) fs::remove(it->path(), e2);
  }
}

}  // namespace corridor::web
