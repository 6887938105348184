// An import's uploaded file kept between the preview and the confirmation (registry, contacts,
// indicators): <data_dir>/uploads/<prefix><token>.bin with <prefix><token>.json beside it naming
// the workspace and user it belongs to (nobody else gets it back), the file name and the
// importer's own fields. The random token travels in a hidden field; files are written whole
// (a temporary file renamed) and removed after the commit, or after 24 hours by a sweep.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "core/status.h"
#include "web/router.h"

namespace corridor::web {

struct StashedUpload {
  std::string token, filename, bytes;
  nlohmann::json meta;  // everything kept beside the file, the importer's fields included
};

std::filesystem::path UploadDir(const RequestContext& ctx);
// Keeps `bytes` for the request's workspace and user, with `extra` added to its metadata;
// returns the token.
Result<std::string> StashUpload(const RequestContext& ctx, const std::string& prefix, const std::string& filename,
                                const std::string& bytes, const nlohmann::json& extra = nlohmann::json::object());
// The upload of `token`; NotFound(`gone`) when the token is malformed, the files are missing, or
// they belong to another workspace or user (not revealed).
Result<StashedUpload> LoadStashedUpload(const RequestContext& ctx, const std::string& prefix, const std::string& token,
                                        const std::string& gone);
// Removes the upload (best effort; a malformed token names nothing).
void DropStashedUpload(const RequestContext& ctx, const std::string& prefix, const std::string& token);
// A token StashUpload makes: 64 lower-case hex digits (anything else names no file).
bool ValidUploadToken(const std::string& token);
// Writes a file whole: a temporary file renamed over it.
Status WriteFileWhole(const std::filesystem::path& p, const std::string& data);
// A file's bytes; NotFound when it cannot be opened.
Result<std::string> ReadFileWhole(const std::filesystem::path& p);
// Removes kept uploads (and whatever else lies in the folder) older than 24 hours.
void SweepStashedUploads(const RequestContext& ctx);

}  // namespace corridor::web
