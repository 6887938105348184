// Password hashing with Argon2id (libsodium crypto_pwhash_str, interactive limits).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace corridor::password {

Result<std::string> Hash(std::string_view password);
bool Verify(std::string_view hash, std::string_view password);
// At least 10 characters; the message says what is wrong.
Status CheckStrength(std::string_view password);
// A readable random password for a first admin (e.g. "kq7d-pm2x-9fa3-tw4h").
std::string Generate();

}  // namespace corridor::password
