#include "core/password.h"

#include <sodium.h>

namespace corridor::password {

Result<std::string> Hash(std::string_view pw) {
  if (sodium_init() < 0) return Status::Internal("libsodium init failed");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status::Internal("out of memory while hashing a password");
  return std::string(out);
}

bool Verify(std::string_view hash, std::string_view pw) {
  if (sodium_init() < 0) return false;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), pw.data(), pw.size()) == 0;
}

Status CheckStrength(std::string_view pw) {
  if (pw.size() < 10) return Status::Invalid("password: at least 10 characters");
  if (pw.size() > 1024) return Status::Invalid("password: at most 1024 characters");
  return Status::Ok();
}

std::string Generate() {
  static const char* alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i && i % 4 == 0) out += '-';
    out += alphabet[randombytes_uniform(31)];
  }
  return out;
}

}  // namespace corridor::password
