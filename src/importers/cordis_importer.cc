#include "importers/cordis_importer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>

#include "core/dates.h"
#include "core/strings.h"
#include "importers/csv_reader.h"
#include "importers/xlsx_reader.h"
#include "importers/zip_archive.h"
#include "storage/corpus_writer.h"

namespace corridor::importers {

namespace fs = std::filesystem;
using storage::Connection;

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

std::optional<std::string> PlainDecimal(std::string_view raw) {
  std::string t = strings::Trim(raw);
  if (t.empty()) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (t[i] == '+' || t[i] == '-') negative = t[i++] == '-';
  // Older CORDIS CSVs write "1234,5"; a comma is a decimal mark only when there is no '.'.
  const bool comma_decimal = t.find('.') == std::string::npos && std::count(t.begin(), t.end(), ',') == 1;
  std::string int_digits, frac_digits;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') int_digits += t[i++];
  if (i < t.size() && (t[i] == '.' || (comma_decimal && t[i] == ','))) {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') frac_digits += t[i++];
  }
  if (int_digits.empty() && frac_digits.empty()) return std::nullopt;
  int64_t exponent = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) exp_negative = t[i++] == '-';
    if (i == t.size()) return std::nullopt;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      exponent = exponent * 10 + (t[i++] - '0');
      if (exponent > 400) return std::nullopt;  // not a money amount; refuse to expand it
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != t.size()) return std::nullopt;

  std::string digits = int_digits + frac_digits;
  int64_t point = static_cast<int64_t>(int_digits.size()) + exponent;  // position of '.' in digits
  size_t lead = 0;
  while (lead < digits.size() && digits[lead] == '0') ++lead;
  digits.erase(0, lead);
  point -= static_cast<int64_t>(lead);
  if (digits.empty()) return std::string("0");
  std::string int_part, frac_part;
  if (point <= 0) {
    int_part = "0";
    frac_part = std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int64_t>(digits.size())) {
    int_part = digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    int_part = digits.substr(0, static_cast<size_t>(point));
    frac_part = digits.substr(static_cast<size_t>(point));
  }
  while (!frac_part.empty() && frac_part.back() == '0') frac_part.pop_back();
  std::string out = negative ? "-" : "";
  out += int_part;
  if (!frac_part.empty()) out += "." + frac_part;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

std::string RejectedRow::ToString() const { return file + ":" + std::to_string(line) + ": " + reason; }

int64_t ImportReport::total_imported() const {
  int64_t n = 0;
  for (const auto& [table, count] : imported) n += count;
  return n;
}

std::string ImportReport::Summary() const {
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", seconds);
  std::string out = "Imported " + std::to_string(total_imported()) + " rows (" + std::to_string(rows_read) +
                    " read) from " + std::to_string(files.size()) + " file(s) in " + secs + " s";
  if (run_id) out += " (import run #" + std::to_string(run_id) + ")";
  out += "\n";
  for (const auto& [table, count] : imported)
    if (count) out += "  " + table + ": " + std::to_string(count) + "\n";
  for (const std::string& f : files) out += "  file " + f + "\n";
  if (rejected) {
    out += "Rejected " + std::to_string(rejected) + " row(s):\n";
    constexpr size_t kShown = 50;
    for (size_t i = 0; i < rejects.size() && i < kShown; ++i) out += "  " + rejects[i].ToString() + "\n";
    if (static_cast<int64_t>(std::min(rejects.size(), kShown)) < rejected)
      out +=
          "  ... and " + std::to_string(rejected - static_cast<int64_t>(std::min(rejects.size(), kShown))) + " more" +
          (run_id
               ? " (the first " + std::to_string(rejects.size()) + " are in import run #" + std::to_string(run_id) + ")"
               : std::string()) +
          "\n";
  }
  for (const std::string& w : warnings) out += "Warning: " + w + "\n";
  return out;
}

std::string ImportReport::ToJson() const {
  nlohmann::json j;
  j["status"] = "ok";
  j["files"] = files;
  j["rows_read"] = rows_read;
  j["imported"] = imported;
  j["rejected"] = rejected;
  nlohmann::json r = nlohmann::json::array();
  for (const RejectedRow& row : rejects) r.push_back({{"file", row.file}, {"line", row.line}, {"reason", row.reason}});
  j["rejects"] = std::move(r);
  j["warnings"] = warnings;
  j["seconds"] = seconds;
  return j.dump();
}

namespace {

// ---------------------------------------------------------------------------------------------
// Table kinds and their columns. Names are matched case-insensitively; the first alias found
// wins. CORDIS renamed columns between export versions (id/projectID, programme/legalBasis,
// call/masterCall, organisationID/organizationID/id), hence the alias lists.
// ---------------------------------------------------------------------------------------------

enum class Kind { kUnknown, kProject, kOrganization, kTopics, kLegalBasis, kEuroSciVoc, kWebLink, kWebItem };

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kProject: return "project";
    case Kind::kOrganization: return "organization";
    case Kind::kTopics: return "topics";
    case Kind::kLegalBasis: return "legalBasis";
    case Kind::kEuroSciVoc: return "euroSciVoc";
    case Kind::kWebLink: return "webLink";
    case Kind::kWebItem: return "webItem";
    case Kind::kUnknown: break;
  }
  return "unknown";
}

using Aliases = std::vector<std::vector<std::string_view>>;

// clang-format off
namespace pc {  // project
enum : size_t {
  kId, kAcronym, kStatus, kTitle, kStartDate, kEndDate, kTotalCost, kEcMax, kLegalBasis, kTopics, kFramework,
  kMasterCall, kSubCall, kFundingScheme, kObjective, kContentUpdate, kRcn, kGrantDoi, kKeywords, kEcSignature,
  kNature, kProjectUrl};
}
const Aliases kProjectColumns = {
    {"id", "projectID", "project_id"}, {"acronym", "projectAcronym"}, {"status", "projectStatus"}, {"title"},
    {"startDate", "start_date"}, {"endDate", "end_date"}, {"totalCost", "total_cost"},
    {"ecMaxContribution", "ec_max_contribution", "maxEcContribution"}, {"legalBasis", "programme"},
    {"topics", "topic"}, {"frameworkProgramme", "framework_programme", "framework"}, {"masterCall", "call"},
    {"subCall"}, {"fundingScheme", "funding_scheme"}, {"objective"}, {"contentUpdateDate", "lastUpdateDate"},
    {"rcn"}, {"grantDoi", "doi"}, {"keywords"}, {"ecSignatureDate", "signatureDate"}, {"nature"},
    {"projectUrl"}};

namespace oc {  // organization
enum : size_t {
  kProjectId, kOrgId, kVat, kName, kShortName, kSme, kActivityType, kStreet, kPostCode, kCity, kCountry, kNuts,
  kGeolocation, kUrl, kContactForm, kContentUpdate, kRcn, kOrder, kRole, kEcContribution, kNetEcContribution,
  kTotalCost, kEndOfParticipation, kActive};
}
const Aliases kOrganizationColumns = {
    {"projectID", "project_id"}, {"organisationID", "organizationID", "organisation_id", "orgId", "id"},
    {"vatNumber"}, {"name", "legalName"}, {"shortName"}, {"SME"}, {"activityType"}, {"street"}, {"postCode"},
    {"city"}, {"country"}, {"nutsCode"}, {"geolocation"}, {"organizationURL", "organisationURL"},
    {"contactForm"}, {"contentUpdateDate"}, {"rcn"}, {"order"}, {"role"}, {"ecContribution"},
    {"netEcContribution"}, {"totalCost"}, {"endOfParticipation"}, {"active"}};

// Side tables: projectID is always the first slot.
namespace tc { enum : size_t { kProjectId, kCode, kTitle }; }
const Aliases kTopicColumns = {{"projectID", "project_id"}, {"topic", "topics"}, {"title"}};

namespace lc { enum : size_t { kProjectId, kCode, kTitle, kMain }; }
const Aliases kLegalBasisColumns = {{"projectID", "project_id"}, {"legalBasis"}, {"title"}, {"uniqueProgrammePart"}};

namespace ec { enum : size_t { kProjectId, kCode, kPath, kTitle, kDescription }; }
const Aliases kEuroSciVocColumns = {{"projectID", "project_id"}, {"euroSciVocCode"}, {"euroSciVocPath"},
                                    {"euroSciVocTitle"}, {"euroSciVocDescription"}};

namespace wc { enum : size_t { kProjectId, kUrl, kType, kSource, kRepresents }; }
const Aliases kWebLinkColumns = {{"projectID", "project_id"}, {"physUrl", "url"}, {"type"}, {"source"}, {"represents"}};
// clang-format on

const Aliases& ColumnsOf(Kind k) {
  static const Aliases kNone;
  switch (k) {
    case Kind::kProject: return kProjectColumns;
    case Kind::kOrganization: return kOrganizationColumns;
    case Kind::kTopics: return kTopicColumns;
    case Kind::kLegalBasis: return kLegalBasisColumns;
    case Kind::kEuroSciVoc: return kEuroSciVocColumns;
    case Kind::kWebLink: return kWebLinkColumns;
    default: return kNone;
  }
}

std::string NormName(std::string_view s) { return strings::ToLower(strings::Trim(s)); }

// Recognises a table by its columns (files are often renamed: "project (3).csv", "data.xlsx").
Kind DetectKind(const std::vector<std::string>& names) {
  std::unordered_set<std::string> n;
  for (const std::string& s : names) n.insert(NormName(s));
  auto has = [&](std::string_view c) { return n.count(std::string(c)) > 0; };
  const bool project_id = has("projectid") || has("project_id");
  if (project_id && has("euroscivoccode")) return Kind::kEuroSciVoc;
  if (project_id && has("physurl")) return Kind::kWebLink;
  if (project_id && (has("organisationid") || has("organizationid") || has("organisation_id") || has("orgid")))
    return Kind::kOrganization;
  // Pre-2021 H2020/FP7 layout: the organisation's id is "id" beside projectID.
  if (project_id && has("id") && has("role") && has("name") && !has("acronym")) return Kind::kOrganization;
  if ((has("id") || project_id) && has("acronym") && has("title")) return Kind::kProject;
  if (project_id && has("legalbasis") && !has("acronym")) return Kind::kLegalBasis;
  if (project_id && has("topic") && !has("acronym")) return Kind::kTopics;
  if (has("uri") && !project_id) return Kind::kWebItem;
  return Kind::kUnknown;
}

// ---------------------------------------------------------------------------------------------
// Field normalisation
// ---------------------------------------------------------------------------------------------

std::string Quote(std::string_view v) {
  constexpr size_t kMax = 60;  // keep reject reasons readable when a field is huge
  std::string s(v.substr(0, kMax));
  if (v.size() > kMax) s += "...";
  return "\"" + s + "\"";
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Multi-line text: trimmed at the ends, CRLF folded to LF, inner newlines kept.
std::string CleanText(const std::string& s) {
  std::string t = strings::Trim(s);
  if (t.find('\r') != std::string::npos) {
    t = strings::ReplaceAll(std::move(t), "\r\n", "\n");
    std::replace(t.begin(), t.end(), '\r', '\n');
  }
  return t;
}

std::string NormalizeFramework(std::string_view raw) {
  std::string u = strings::ToUpper(strings::Trim(raw));
  if (u.empty()) return u;
  if (u == "HORIZON" || u == "HE" || u == "HORIZON EUROPE" || u == "HORIZON-EUROPE" || u == "HORIZONEU")
    return "HORIZON";
  if (u == "H2020" || u == "HORIZON 2020" || u == "HORIZON2020") return "H2020";
  if (u == "FP7" || u == "FP 7") return "FP7";
  return u;
}

// From codes whose prefix names the programme (legal basis, topic, call).
std::string FrameworkFromCode(std::string_view code) {
  std::string u = strings::ToUpper(strings::Trim(code));
  if (strings::StartsWith(u, "HORIZON.") || strings::StartsWith(u, "HORIZON-")) return "HORIZON";
  if (strings::StartsWith(u, "H2020-") || strings::StartsWith(u, "H2020.")) return "H2020";
  if (strings::StartsWith(u, "FP7-") || strings::StartsWith(u, "FP7.")) return "FP7";
  return "";
}

// "cordis-h2020projects-csv.zip/project.csv" -> H2020.
std::string FrameworkFromName(std::string_view name) {
  std::string l = strings::ToLower(name);
  if (l.find("h2020") != std::string::npos || l.find("horizon2020") != std::string::npos ||
      l.find("horizon-2020") != std::string::npos || l.find("horizon_2020") != std::string::npos)
    return "H2020";
  if (l.find("fp7") != std::string::npos) return "FP7";
  if (l.find("horizon") != std::string::npos) return "HORIZON";
  return "";
}

std::string NormalizeBool(const std::string& raw) {
  std::string l = strings::ToLower(strings::Trim(raw));
  if (l == "true" || l == "1" || l == "yes" || l == "y") return "true";
  if (l == "false" || l == "0" || l == "no" || l == "n") return "false";
  return strings::Trim(raw);
}

std::string CanonicalRole(const std::string& raw) {
  static const char* kRoles[] = {"coordinator", "participant",       "partner",
                                 "thirdParty",  "associatedPartner", "internationalPartner"};
  std::string t = strings::Trim(raw);
  for (const char* r : kRoles)
    if (strings::IEquals(t, r)) return r;
  return t;
}

// "PRC;PRC" (a CORDIS quirk) -> "PRC"; distinct values keep their order.
std::string DedupeList(const std::string& raw) {
  if (raw.find(';') == std::string::npos) return strings::Trim(raw);
  std::vector<std::string> out;
  for (const std::string& p : strings::Split(raw, ';')) {
    std::string t = strings::Trim(p);
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  return strings::Join(out, ";");
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

enum class Format { kCsv, kJson, kXlsx };

struct Input {
  std::string path;   // file on disk (the zip for zip entries)
  std::string entry;  // zip entry name; empty for loose files
  std::string display;
  Format format = Format::kCsv;
  uint64_t size = 0;  // bytes (declared uncompressed size for zip entries)
  std::shared_ptr<ZipArchive> zip;
};

std::optional<Format> FormatFromName(std::string_view name) {
  std::string l = strings::ToLower(name);
  if (strings::EndsWith(l, ".csv") || strings::EndsWith(l, ".tsv")) return Format::kCsv;
  if (strings::EndsWith(l, ".json")) return Format::kJson;
  if (strings::EndsWith(l, ".xlsx")) return Format::kXlsx;
  return std::nullopt;
}

bool IsZipName(std::string_view name) { return strings::EndsWith(strings::ToLower(name), ".zip"); }

std::string BaseName(std::string_view path) {
  std::string p(path);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// Reads the first bytes of a file to tell JSON / zip / CSV apart when the name does not.
std::string Sniff(const std::string& path) {
  std::string head(8, '\0');
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  ssize_t n = ::read(fd, head.data(), head.size());
  ::close(fd);
  head.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return head;
}

Result<ChunkSource> FileSource(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Io("cannot open " + path + ": " + std::strerror(errno));
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // shared_ptr because ChunkSource must be copyable; the file closes with the last copy.
  auto file = std::shared_ptr<int>(new int(fd), [](int* f) {
    ::close(*f);
    delete f;
  });
  return ChunkSource([file, path](char* buf, size_t cap) -> Result<size_t> {
    for (;;) {
      ssize_t n = ::read(*file, buf, cap);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return Status::Io("cannot read " + path + ": " + std::strerror(errno));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// JSON: a streambuf over a ChunkSource that counts lines (for file:line rejects) and turns
// Windows-1252 lines into UTF-8 (nlohmann rejects invalid UTF-8 outright).
// ---------------------------------------------------------------------------------------------

class JsonSourceBuf : public std::streambuf {
 public:
  explicit JsonSourceBuf(ChunkSource source) : source_(std::move(source)) {}

  // 1-based line of the next unread character.
  int64_t Line() {
    CountUpTo(gptr());
    return line_;
  }
  int64_t converted_lines() const { return converted_lines_; }
  const Status& status() const { return status_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    CountUpTo(egptr());
    if (!Fill()) return traits_type::eof();
    setg(out_.data(), out_.data(), out_.data() + out_.size());
    counted_ = out_.data();
    return traits_type::to_int_type(*gptr());
  }

 private:
  static constexpr size_t kChunk = size_t{1} << 20;
  static constexpr size_t kMaxPending = size_t{8} << 20;  // minified JSON: convert in slices

  void CountUpTo(const char* p) {
    if (counted_ == nullptr || p == nullptr || p <= counted_) return;
    line_ += std::count(counted_, p, '\n');
    counted_ = p;
  }

  bool Fill() {
    out_.clear();
    while (out_.empty()) {
      if (!source_eof_) {
        size_t old = pending_.size();
        pending_.resize(old + kChunk);
        Result<size_t> n = source_(pending_.data() + old, kChunk);
        if (!n.ok()) {
          status_ = n.status();
          return false;
        }
        pending_.resize(old + *n);
        if (*n == 0) source_eof_ = true;
        if (first_ && pending_.size() >= 3) {
          if (pending_.compare(0, 3, "\xEF\xBB\xBF") == 0) pending_.erase(0, 3);
          first_ = false;
        }
      }
      size_t cut;
      size_t nl = pending_.rfind('\n');
      if (nl != std::string::npos) {
        cut = nl + 1;  // whole lines: a JSON string never spans a raw line break
      } else if (source_eof_) {
        cut = pending_.size();
      } else if (pending_.size() >= kMaxPending) {
        cut = pending_.size();
        // Do not split a UTF-8 sequence across slices.
        size_t back = 0;
        while (back < 3 && back < cut && (static_cast<unsigned char>(pending_[cut - 1 - back]) & 0xC0) == 0x80) ++back;
        if (back < cut && (static_cast<unsigned char>(pending_[cut - 1 - back]) & 0x80)) cut -= back + 1;
      } else {
        continue;
      }
      if (cut == 0) {
        if (source_eof_) return false;
        continue;
      }
      Convert(std::string_view(pending_).substr(0, cut));
      pending_.erase(0, cut);
      if (out_.empty() && source_eof_ && pending_.empty()) return false;
    }
    return true;
  }

  void Convert(std::string_view seg) {
    if (strings::IsValidUtf8(seg)) {
      out_.assign(seg);
      return;
    }
    size_t start = 0;
    while (start < seg.size()) {
      size_t end = seg.find('\n', start);
      end = end == std::string_view::npos ? seg.size() : end + 1;
      std::string_view line = seg.substr(start, end - start);
      if (strings::IsValidUtf8(line)) {
        out_.append(line);
      } else {
        out_ += strings::Cp1252ToUtf8(line);
        ++converted_lines_;
      }
      start = end;
    }
  }

  ChunkSource source_;
  std::string pending_, out_;
  const char* counted_ = nullptr;
  int64_t line_ = 1;
  int64_t converted_lines_ = 0;
  bool source_eof_ = false;
  bool first_ = true;
  Status status_;
};

// SAX handler turning a JSON array of flat objects into records, one at a time, so a
// 500 MB organization.json never becomes a DOM.
class RecordSax {
 public:
  using json = nlohmann::json;
  using Fields = std::vector<std::pair<std::string, std::string>>;
  using OnRecord = std::function<Status(int64_t line, Fields& fields)>;

  RecordSax(JsonSourceBuf* buf, OnRecord on_record) : buf_(buf), on_record_(std::move(on_record)) {}

  bool null() { return Scalar(std::string()); }
  bool boolean(bool v) { return Scalar(v ? "true" : "false"); }
  bool number_integer(json::number_integer_t v) { return Scalar(std::to_string(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return Scalar(std::to_string(v)); }
  bool number_float(json::number_float_t, const json::string_t& s) {
    auto plain = PlainDecimal(s);
    return Scalar(plain ? *plain : s);
  }
  bool string(json::string_t& s) { return Scalar(std::move(s)); }
  bool binary(json::binary_t&) { return Scalar(std::string()); }
  bool start_object(std::size_t) {
    if (depth_ == 0) return Fail("the top level is an object; expected an array of records");
    if (depth_ == 1) {
      line_ = buf_->Line();
      fields_.clear();
    } else if (depth_ >= 2) {
      ++nested_;
    }
    ++depth_;
    return true;
  }
  bool key(json::string_t& k) {
    if (depth_ == 2) key_ = std::move(k);
    return true;
  }
  bool end_object() {
    --depth_;
    if (depth_ == 1) {
      Status s = on_record_(line_, fields_);
      if (!s.ok()) {
        status_ = std::move(s);
        return false;
      }
    }
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ >= 2) ++nested_;
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    if (status_.ok()) {
      std::string what = ex.what();
      // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." -> the useful part.
      size_t colon = what.find(": ");
      status_ = Status::Corrupt("line " + std::to_string(buf_->Line()) +
                                ": invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)));
    }
    return false;
  }

  const Status& status() const { return status_; }
  int64_t nested_values() const { return nested_; }

 private:
  bool Scalar(std::string v) {
    if (depth_ == 2) {
      fields_.emplace_back(std::move(key_), std::move(v));
    } else if (depth_ <= 1) {
      return Fail("expected an array of objects (one per record)");
    } else {
      ++nested_;  // nested arrays/objects are not part of the CORDIS layout
    }
    return true;
  }
  bool Fail(const std::string& message) {
    status_ = Status::Corrupt("line " + std::to_string(buf_->Line()) + ": " + message);
    return false;
  }

  JsonSourceBuf* buf_;
  OnRecord on_record_;
  int depth_ = 0;
  int64_t line_ = 0;
  int64_t nested_ = 0;
  std::string key_;
  Fields fields_;
  Status status_;
};

// Every run error names its file, as "file:line: ..." when the reader said "line N: ...".
Status WithFile(const Status& st, const std::string& display) {
  const std::string& m = st.message();
  if (strings::StartsWith(m, "line ")) {
    size_t colon = m.find(": ");
    if (colon != std::string::npos && AllDigits(std::string_view(m).substr(5, colon - 5)))
      return Status::Error(st.code(), display + ":" + m.substr(5, colon - 5) + m.substr(colon));
  }
  return st.WithContext(display + ": ");
}

// A status that stops a reader early without being an error (e.g. a table we ignore).
const char kStopReading[] = "corridor: stop reading";
bool IsStop(const Status& s) { return s.code() == ErrorCode::kInternal && s.message() == kStopReading; }

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

struct Table {
  Kind kind = Kind::kUnknown;
  std::string display;
  std::string framework_hint;                 // from file/zip names
  bool excel = false;                         // XLSX: numbers may be serial dates
  std::vector<std::optional<size_t>> column;  // slot -> column (CSV/XLSX)
  std::vector<std::string> label;             // slot -> column name as written in the file
  std::vector<std::string> header;
  int64_t rows = 0, rejected = 0;
};

class ImportRun {
 public:
  ImportRun(Connection& conn, const ImportOptions& options, const ProgressFn& progress)
      : conn_(conn), options_(options), progress_(progress) {}

  Result<ImportReport> Execute(const std::vector<std::string>& paths);

 private:
  Status Expand(const std::string& path);
  Status AddZip(const std::string& path);
  Status ImportInput(const Input& in);
  Status ImportCsv(const Input& in, ChunkSource source);
  Status ImportJson(const Input& in, ChunkSource source);
  Status ImportXlsx(const Input& in, const XlsxReader& reader);
  Result<ChunkSource> OpenSource(const Input& in);

  // Sets up t from a header; false when the table is not imported (a warning says why).
  bool StartTable(const Input& in, const std::vector<std::string>& header, Table* t);
  Status ProcessRow(Table& t, int64_t line, std::vector<std::string>& v);
  Status Project(Table& t, int64_t line, std::vector<std::string>& v);
  Status Organization(Table& t, int64_t line, std::vector<std::string>& v);
  Status SideTable(Table& t, int64_t line, std::vector<std::string>& v);
  void Reject(Table& t, int64_t line, std::string reason);
  void Progress(const Input& in, const Table* t, bool done);
  void FinishTable(const Input& in, const Table& t);

  // Validators: on failure they fill *reason and return false.
  bool Grant(const Table& t, size_t slot, std::string& v, std::string* reason);
  bool Date(const Table& t, size_t slot, std::string& v, std::string* reason);
  bool Money(const Table& t, size_t slot, std::string& v, std::string* reason);
  std::string DateTime(const Table& t, const std::string& v);

  Connection& conn_;
  const ImportOptions& options_;
  const ProgressFn& progress_;
  std::unique_ptr<storage::CorpusWriter> writer_;
  std::vector<Input> inputs_;
  ImportReport report_;
  std::unordered_set<std::string> keyword_grants_;  // projects whose keywords need recomputing
  int tables_imported_ = 0;
  int file_index_ = 0;
  std::shared_ptr<uint64_t> bytes_read_ = std::make_shared<uint64_t>(0);  // current file
  std::shared_ptr<uint64_t> zip_total_ = std::make_shared<uint64_t>(0);   // all zip entries of the run
};

Status ImportRun::Expand(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Status::NotFound("no such file or directory: " + path);
  if (fs::is_directory(st)) {
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      // *.part files are unfinished downloads (cordis_fetch): never import them.
      if (it->is_regular_file() && (FormatFromName(name) || IsZipName(name))) files.push_back(it->path().string());
    }
    if (ec) return Status::Io("cannot list " + path + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) CORRIDOR_RETURN_IF_ERROR(Expand(f));
    return Status::Ok();
  }
  std::optional<Format> format = FormatFromName(path);
  bool zip = IsZipName(path);
  if (!format && !zip) {
    std::string head = Sniff(path);
    if (strings::StartsWith(head, "PK\x03\x04")) {
      zip = true;  // could also be an unnamed .xlsx: AddZip tells them apart
    } else {
      size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
      format = (i != std::string::npos && head[i] == '[') ? Format::kJson : Format::kCsv;
    }
  }
  if (zip) return AddZip(path);
  Input in;
  in.path = path;
  in.display = BaseName(path);
  in.format = *format;
  in.size = static_cast<uint64_t>(fs::file_size(path, ec));
  inputs_.push_back(std::move(in));
  return Status::Ok();
}

Status ImportRun::AddZip(const std::string& path) {
  ZipOptions zopts;
  zopts.max_entry_bytes = options_.max_entry_bytes;
  auto opened = ZipArchive::OpenFile(path, zopts);
  if (!opened.ok()) return opened.status();
  auto zip = std::make_shared<ZipArchive>(std::move(*opened));
  if (zip->Find("xl/workbook.xml")) {  // an .xlsx under another name
    Input in;
    in.path = path;
    in.display = BaseName(path);
    in.format = Format::kXlsx;
    in.size = static_cast<uint64_t>(fs::file_size(path));
    inputs_.push_back(std::move(in));
    return Status::Ok();
  }
  std::vector<const ZipEntryInfo*> entries;
  for (const ZipEntryInfo& e : zip->entries()) entries.push_back(&e);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->name < b->name; });
  const std::string zip_name = BaseName(path);
  for (const ZipEntryInfo* e : entries) {
    if (e->is_directory) continue;
    std::string base = BaseName(e->name);
    if (base.empty() || base[0] == '.' || strings::StartsWith(e->name, "__MACOSX/")) continue;
    std::optional<Format> format = FormatFromName(base);
    if (!format) {
      report_.warnings.push_back(zip_name + "/" + e->name + ": skipped (" +
                                 (IsZipName(base) ? std::string("zips inside zips are not opened")
                                                  : std::string("not a CSV, JSON or XLSX file")) +
                                 ")");
      continue;
    }
    Input in;
    in.path = path;
    in.entry = e->name;
    in.display = zip_name + "/" + e->name;
    in.format = *format;
    in.size = e->uncompressed_size;
    in.zip = zip;
    inputs_.push_back(std::move(in));
  }
  return Status::Ok();
}

Result<ChunkSource> ImportRun::OpenSource(const Input& in) {
  *bytes_read_ = 0;
  auto counter = bytes_read_;
  if (in.zip) {
    auto stream = in.zip->OpenEntryStream(in.entry, options_.max_entry_bytes);
    if (!stream.ok()) return stream.status();
    auto shared = std::make_shared<ZipEntryStream>(std::move(*stream));
    auto total = zip_total_;
    const uint64_t max_total = options_.max_total_bytes;
    return ChunkSource([shared, counter, total, max_total](char* buf, size_t cap) -> Result<size_t> {
      Result<size_t> n = shared->Read(buf, cap);
      if (!n.ok()) return n;
      *counter += *n;
      *total += *n;
      if (*total > max_total)
        return Status::TooLarge("the zip entries of this import decompress to more than " + std::to_string(max_total) +
                                " bytes (max_total_bytes)");
      return n;
    });
  }
  CORRIDOR_ASSIGN_OR_RETURN(ChunkSource file, FileSource(in.path));
  return ChunkSource([file, counter](char* buf, size_t cap) -> Result<size_t> {
    Result<size_t> n = file(buf, cap);
    if (n.ok()) *counter += *n;
    return n;
  });
}

void ImportRun::Progress(const Input& in, const Table* t, bool done) {
  if (!progress_) return;
  ImportProgress p;
  p.file = in.display;
  p.bytes_read = *bytes_read_;
  p.bytes_total = in.size;
  if (done && p.bytes_total && p.bytes_read < p.bytes_total) p.bytes_read = p.bytes_total;
  p.rows = t ? t->rows : 0;
  p.total_rows = report_.rows_read;
  p.file_index = file_index_;
  p.files_total = static_cast<int>(inputs_.size());
  p.file_done = done;
  progress_(p);
}

bool ImportRun::StartTable(const Input& in, const std::vector<std::string>& header, Table* t) {
  t->display = in.display;
  t->framework_hint = FrameworkFromName(in.zip ? BaseName(in.path) + "/" + in.entry : in.display);
  if (t->framework_hint.empty()) t->framework_hint = FrameworkFromName(in.path);
  t->excel = in.format == Format::kXlsx;
  t->header = header;
  t->kind = DetectKind(header);
  if (t->kind == Kind::kUnknown) {
    std::string cols;
    for (size_t i = 0; i < header.size() && i < 8; ++i) cols += (i ? ", " : "") + header[i];
    report_.warnings.push_back(in.display + ": not a CORDIS table this importer knows (columns: " + cols +
                               (header.size() > 8 ? ", ..." : "") + "); skipped");
    return false;
  }
  if (t->kind == Kind::kWebItem) {
    report_.warnings.push_back(in.display +
                               ": webItem (images and logos on CORDIS pages) is not part of the corpus; skipped");
    return false;
  }
  const Aliases& cols = ColumnsOf(t->kind);
  HeaderIndex index(header);
  t->column.assign(cols.size(), std::nullopt);
  t->label.assign(cols.size(), std::string());
  for (size_t s = 0; s < cols.size(); ++s) {
    t->label[s] = std::string(cols[s][0]);
    for (std::string_view alias : cols[s]) {
      if (auto c = index.Find(alias)) {
        t->column[s] = *c;
        t->label[s] = strings::Trim(header[*c]);
        break;
      }
    }
  }
  ++tables_imported_;
  return true;
}

void ImportRun::Reject(Table& t, int64_t line, std::string reason) {
  ++t.rejected;
  ++report_.rejected;
  if (report_.rejects.size() < options_.max_rejects_kept)
    report_.rejects.push_back(RejectedRow{t.display, line, std::move(reason)});
}

void ImportRun::FinishTable(const Input& in, const Table& t) {
  std::string entry = in.display + " (" + KindName(t.kind) + ", " + std::to_string(t.rows) + " rows";
  if (t.rejected) entry += ", " + std::to_string(t.rejected) + " rejected";
  report_.files.push_back(entry + ")");
}

bool ImportRun::Grant(const Table& t, size_t slot, std::string& v, std::string* reason) {
  v = strings::Trim(v);
  if (v.empty()) {
    *reason = t.label[slot] + " is empty";
    return false;
  }
  if (!AllDigits(v)) {
    // Spreadsheet tools sometimes turn ids into "101138058.0" or "1.01138058E8".
    auto plain = PlainDecimal(v);
    if (!plain || !AllDigits(*plain)) {
      *reason = t.label[slot] + " " + Quote(v) + " is not a grant number";
      return false;
    }
    v = *plain;
  }
  if (v.size() > 12) {
    *reason = t.label[slot] + " " + Quote(v) + " is not a grant number";
    return false;
  }
  return true;
}

bool ImportRun::Date(const Table& t, size_t slot, std::string& v, std::string* reason) {
  v = strings::Trim(v);
  if (v.empty()) return true;
  // Bare numbers are Excel serial dates only in spreadsheets; in CSV they are mistakes.
  bool serial = v.find_first_not_of("0123456789.") == std::string::npos;
  std::optional<dates::Date> d;
  if (!serial || t.excel) d = dates::Parse(v);
  if (!d) {
    *reason = t.label[slot] + " " + Quote(v) + " is not a date";
    return false;
  }
  v = dates::ToIso(*d);
  return true;
}

std::string ImportRun::DateTime(const Table& t, const std::string& raw) {
  std::string v = strings::Trim(raw);
  // XLSX stores "2024-03-01 10:00:00" as a serial number with a fraction.
  if (t.excel && !v.empty() && v.find_first_not_of("0123456789.") == std::string::npos) {
    if (auto n = strings::ParseDouble(v); n && *n > 0 && *n < 120000) {
      auto days = static_cast<int64_t>(*n);
      int64_t secs = static_cast<int64_t>((*n - static_cast<double>(days)) * 86400.0 + 0.5);
      if (secs >= 86400) {
        ++days;
        secs -= 86400;
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                    static_cast<int>(secs % 60));
      return dates::ToIso(dates::FromDaysSinceEpoch(days - 25569)) + buf;
    }
  }
  return v;
}

bool ImportRun::Money(const Table& t, size_t slot, std::string& v, std::string* reason) {
  v = strings::Trim(v);
  if (v.empty()) return true;
  auto plain = PlainDecimal(v);
  if (!plain) {
    *reason = t.label[slot] + " " + Quote(v) + " is not a number";
    return false;
  }
  v = std::move(*plain);
  return true;
}

Status ImportRun::ProcessRow(Table& t, int64_t line, std::vector<std::string>& v) {
  ++t.rows;
  ++report_.rows_read;
  for (size_t s = 0; s < v.size(); ++s) {
    if (v[s].size() > options_.max_field_bytes) {
      Reject(t, line,
             t.label[s] + " is " + std::to_string(v[s].size()) + " bytes long, more than the limit of " +
                 std::to_string(options_.max_field_bytes));
      return Status::Ok();
    }
  }
  switch (t.kind) {
    case Kind::kProject: return Project(t, line, v);
    case Kind::kOrganization: return Organization(t, line, v);
    default: return SideTable(t, line, v);
  }
}

Status ImportRun::Project(Table& t, int64_t line, std::vector<std::string>& v) {
  std::string why;
  if (!Grant(t, pc::kId, v[pc::kId], &why) || !Date(t, pc::kStartDate, v[pc::kStartDate], &why) ||
      !Date(t, pc::kEndDate, v[pc::kEndDate], &why) || !Date(t, pc::kEcSignature, v[pc::kEcSignature], &why) ||
      !Money(t, pc::kTotalCost, v[pc::kTotalCost], &why) || !Money(t, pc::kEcMax, v[pc::kEcMax], &why)) {
    Reject(t, line, std::move(why));
    return Status::Ok();
  }
  storage::ProjectRecord r;
  r.grant_id = std::move(v[pc::kId]);
  r.acronym = strings::Trim(v[pc::kAcronym]);
  r.title = CleanText(v[pc::kTitle]);
  r.status = strings::Trim(v[pc::kStatus]);
  r.start_date = std::move(v[pc::kStartDate]);
  r.end_date = std::move(v[pc::kEndDate]);
  r.total_cost = std::move(v[pc::kTotalCost]);
  r.ec_max_contribution = std::move(v[pc::kEcMax]);
  r.legal_basis = strings::Trim(v[pc::kLegalBasis]);
  r.topic = strings::Trim(v[pc::kTopics]);
  r.master_call = strings::Trim(v[pc::kMasterCall]);
  r.sub_call = strings::Trim(v[pc::kSubCall]);
  r.funding_scheme = strings::Trim(v[pc::kFundingScheme]);
  r.objective = CleanText(v[pc::kObjective]);
  r.cordis_keywords = CleanText(v[pc::kKeywords]);
  r.rcn = strings::Trim(v[pc::kRcn]);
  r.content_update_date = DateTime(t, v[pc::kContentUpdate]);
  r.grant_doi = strings::Trim(v[pc::kGrantDoi]);
  r.ec_signature_date = std::move(v[pc::kEcSignature]);
  r.nature = strings::Trim(v[pc::kNature]);
  r.source = t.display;
  // Framework: the column, else what the codes say, else the file name; side tables of this or
  // a later run fill the rest (CorpusWriter::InferFrameworks).
  r.framework = NormalizeFramework(v[pc::kFramework]);
  if (r.framework.empty()) r.framework = FrameworkFromCode(r.legal_basis);
  if (r.framework.empty()) r.framework = FrameworkFromCode(r.topic);
  if (r.framework.empty()) r.framework = FrameworkFromCode(r.master_call);
  if (r.framework.empty()) r.framework = t.framework_hint;
  keyword_grants_.insert(r.grant_id);
  // Pre-2021 exports carry the project website as a column; newer ones in webLink.
  std::string url = strings::Trim(v[pc::kProjectUrl]);
  std::string grant = url.empty() ? std::string() : r.grant_id;
  CORRIDOR_RETURN_IF_ERROR(writer_->UpsertProject(std::move(r)));
  if (!url.empty())
    CORRIDOR_RETURN_IF_ERROR(writer_->UpsertWebLink({grant, url, "relatedWebsite", "project", "projectUrl"}));
  return Status::Ok();
}

Status ImportRun::Organization(Table& t, int64_t line, std::vector<std::string>& v) {
  std::string why;
  bool ok = Grant(t, oc::kProjectId, v[oc::kProjectId], &why);
  std::string org_id = strings::Trim(v[oc::kOrgId]);
  if (ok && org_id.empty()) {
    why = t.label[oc::kOrgId] + " is empty";
    ok = false;
  }
  if (ok && !AllDigits(org_id)) {  // "9.99943901E8" from a spreadsheet
    if (auto plain = PlainDecimal(org_id); plain && AllDigits(*plain)) org_id = *plain;
  }
  ok = ok && Money(t, oc::kEcContribution, v[oc::kEcContribution], &why) &&
       Money(t, oc::kNetEcContribution, v[oc::kNetEcContribution], &why) &&
       Money(t, oc::kTotalCost, v[oc::kTotalCost], &why);
  int64_t order = 0;
  if (ok) {
    std::string o = strings::Trim(v[oc::kOrder]);
    if (!o.empty()) {
      auto plain = PlainDecimal(o);
      auto n = plain ? strings::ParseInt(*plain) : std::nullopt;
      if (!n) {
        why = t.label[oc::kOrder] + " " + Quote(o) + " is not a number";
        ok = false;
      } else {
        order = *n;
      }
    }
  }
  if (!ok) {
    Reject(t, line, std::move(why));
    return Status::Ok();
  }
  storage::OrganizationRecord r;
  r.grant_id = std::move(v[oc::kProjectId]);
  r.org_id = std::move(org_id);
  r.role = CanonicalRole(v[oc::kRole]);
  r.name = CleanText(v[oc::kName]);
  r.short_name = strings::Trim(v[oc::kShortName]);
  r.country = strings::ToUpper(strings::Trim(v[oc::kCountry]));
  r.city = strings::Trim(v[oc::kCity]);
  r.activity_type = DedupeList(v[oc::kActivityType]);
  r.sme = NormalizeBool(v[oc::kSme]);
  r.ec_contribution = std::move(v[oc::kEcContribution]);
  r.nuts_code = strings::Trim(v[oc::kNuts]);
  r.url = strings::Trim(v[oc::kUrl]);
  r.vat_number = strings::Trim(v[oc::kVat]);
  r.street = CleanText(v[oc::kStreet]);
  r.post_code = strings::Trim(v[oc::kPostCode]);  // JSON numbers arrive as digits: kept as text
  r.geolocation = strings::Trim(v[oc::kGeolocation]);
  r.contact_form = strings::Trim(v[oc::kContactForm]);
  r.net_ec_contribution = std::move(v[oc::kNetEcContribution]);
  r.total_cost = std::move(v[oc::kTotalCost]);
  r.end_of_participation = NormalizeBool(v[oc::kEndOfParticipation]);
  r.active = NormalizeBool(v[oc::kActive]);
  r.rcn = strings::Trim(v[oc::kRcn]);
  r.content_update_date = DateTime(t, v[oc::kContentUpdate]);
  r.order = order;
  return writer_->UpsertOrganization(std::move(r));
}

Status ImportRun::SideTable(Table& t, int64_t line, std::vector<std::string>& v) {
  std::string why;
  if (!Grant(t, 0, v[0], &why)) {  // every side table has projectID first
    Reject(t, line, std::move(why));
    return Status::Ok();
  }
  auto required = [&](size_t slot) {
    v[slot] = strings::Trim(v[slot]);
    if (!v[slot].empty()) return true;
    why = t.label[slot] + " is empty";
    return false;
  };
  switch (t.kind) {
    case Kind::kTopics:
      if (!required(tc::kCode)) break;
      return writer_->UpsertTopic({v[tc::kProjectId], v[tc::kCode], CleanText(v[tc::kTitle])});
    case Kind::kLegalBasis:
      if (!required(lc::kCode)) break;
      return writer_->UpsertLegalBasis(
          {v[lc::kProjectId], v[lc::kCode], CleanText(v[lc::kTitle]), NormalizeBool(v[lc::kMain]) == "true"});
    case Kind::kEuroSciVoc:
      if (!required(ec::kCode)) break;
      keyword_grants_.insert(v[ec::kProjectId]);
      return writer_->UpsertEuroSciVoc({v[ec::kProjectId], v[ec::kCode], strings::Trim(v[ec::kPath]),
                                        strings::Trim(v[ec::kTitle]), CleanText(v[ec::kDescription])});
    case Kind::kWebLink:
      if (!required(wc::kUrl)) break;
      return writer_->UpsertWebLink({v[wc::kProjectId], v[wc::kUrl], strings::Trim(v[wc::kType]),
                                     strings::Trim(v[wc::kRepresents]), strings::Trim(v[wc::kSource])});
    default: return Status::Internal("no row handler for table kind " + std::string(KindName(t.kind)));
  }
  Reject(t, line, std::move(why));
  return Status::Ok();
}

Status ImportRun::ImportCsv(const Input& in, ChunkSource source) {
  CsvOptions co;
  co.max_field_bytes = options_.max_file_field_bytes;
  auto reader = CsvReader::FromSource(std::move(source), co);
  CsvRecord rec;
  Result<bool> got = reader->Next(&rec);
  if (!got.ok()) return got.status();
  if (!*got) {
    report_.warnings.push_back(in.display + ": empty file; skipped");
    return Status::Ok();
  }
  Table t;
  for (std::string& h : rec.fields) h = strings::Trim(h);
  if (!StartTable(in, rec.fields, &t)) return Status::Ok();
  const size_t width = t.header.size();
  std::vector<std::string> v(t.column.size());
  // A short record is held back one step: followed by more records it is a bad row, but as
  // the very last record it means the file was cut off.
  bool short_row = false;
  int64_t short_line = 0;
  size_t short_fields = 0;
  Progress(in, &t, false);
  for (;;) {
    got = reader->Next(&rec);
    if (!got.ok()) return got.status();
    if (!*got) break;
    if (short_row) {
      ++t.rows;
      ++report_.rows_read;
      Reject(t, short_line, "has " + std::to_string(short_fields) + " fields, the header has " + std::to_string(width));
      short_row = false;
    }
    if (rec.fields.size() < width) {
      short_row = true;
      short_line = rec.line;
      short_fields = rec.fields.size();
      continue;
    }
    if (rec.fields.size() > width) {
      bool extra = false;  // trailing empty fields (a trailing delimiter) are harmless
      for (size_t i = width; i < rec.fields.size(); ++i) extra = extra || !strings::Trim(rec.fields[i]).empty();
      if (extra) {
        ++t.rows;
        ++report_.rows_read;
        Reject(t, rec.line,
               "has " + std::to_string(rec.fields.size()) + " fields, the header has " + std::to_string(width) +
                   " (an unquoted delimiter inside a field?)");
        continue;
      }
    }
    bool oversized = false;
    for (size_t i = 0; i < width && !oversized; ++i) {
      if (rec.fields[i].size() > options_.max_field_bytes) {
        ++t.rows;
        ++report_.rows_read;
        Reject(t, rec.line,
               (t.header[i].empty() ? "column " + std::to_string(i + 1) : t.header[i]) + " is " +
                   std::to_string(rec.fields[i].size()) + " bytes long, more than the limit of " +
                   std::to_string(options_.max_field_bytes));
        oversized = true;
      }
    }
    if (oversized) continue;
    for (size_t s = 0; s < v.size(); ++s) {
      if (t.column[s])
        v[s].swap(rec.fields[*t.column[s]]);  // the reader refills what it gets back
      else
        v[s].clear();
    }
    CORRIDOR_RETURN_IF_ERROR(ProcessRow(t, rec.line, v));
    if ((t.rows & 4095) == 0) Progress(in, &t, false);
  }
  if (short_row)
    return Status::Corrupt("line " + std::to_string(short_line) + ": the file ends inside a record (" +
                           std::to_string(short_fields) + " of " + std::to_string(width) + " fields): truncated?");
  if (reader->converted_fields() > 0)
    report_.warnings.push_back(in.display + ": " + std::to_string(reader->converted_fields()) +
                               " field(s) were not valid UTF-8 and were read as Windows-1252");
  FinishTable(in, t);
  Progress(in, &t, true);
  return Status::Ok();
}

Status ImportRun::ImportJson(const Input& in, ChunkSource source) {
  JsonSourceBuf buf(std::move(source));
  std::istream stream(&buf);
  Table t;
  bool started = false, skipped = false;
  std::vector<std::string> v;
  std::vector<int> priority;                                        // alias rank that filled each slot (lower wins)
  std::unordered_map<std::string, std::pair<size_t, int>> slot_of;  // exact key -> (slot, rank)
  std::unordered_set<std::string> unmapped;
  auto on_record = [&](int64_t line, RecordSax::Fields& fields) -> Status {
    if (!started) {
      std::vector<std::string> keys;
      for (auto& [k, val] : fields) keys.push_back(k);
      started = true;
      if (!StartTable(in, keys, &t)) {
        skipped = true;
        return Status::Internal(kStopReading);
      }
      v.assign(t.column.size(), std::string());
      priority.assign(t.column.size(), 0);
      Progress(in, &t, false);
    }
    const Aliases& cols = ColumnsOf(t.kind);
    std::fill(priority.begin(), priority.end(), INT32_MAX);
    for (std::string& s : v) s.clear();
    for (auto& [k, val] : fields) {
      auto it = slot_of.find(k);
      if (it == slot_of.end()) {
        if (unmapped.count(k)) continue;
        std::string norm = NormName(k);
        bool found = false;
        for (size_t s = 0; s < cols.size() && !found; ++s)
          for (size_t a = 0; a < cols[s].size() && !found; ++a)
            if (NormName(cols[s][a]) == norm) {
              it = slot_of.emplace(k, std::make_pair(s, static_cast<int>(a))).first;
              if (t.label[s] == cols[s][0] || a == 0) t.label[s] = k;
              found = true;
            }
        if (!found) {
          unmapped.insert(k);
          continue;
        }
      }
      auto [slot, rank] = it->second;
      if (rank < priority[slot]) {
        priority[slot] = rank;
        v[slot] = std::move(val);
      }
    }
    CORRIDOR_RETURN_IF_ERROR(ProcessRow(t, line, v));
    if ((t.rows & 4095) == 0) Progress(in, &t, false);
    return Status::Ok();
  };
  RecordSax sax(&buf, on_record);
  bool ok = nlohmann::json::sax_parse(stream, &sax, nlohmann::json::input_format_t::json, true);
  if (!buf.status().ok()) return buf.status();  // e.g. a zip entry over its cap
  if (skipped) return Status::Ok();
  if (!ok || !sax.status().ok()) {
    if (IsStop(sax.status())) return Status::Ok();
    return sax.status().ok() ? Status::Corrupt("invalid JSON") : sax.status();
  }
  if (!started) {
    report_.warnings.push_back(in.display + ": no records; skipped");
    return Status::Ok();
  }
  if (buf.converted_lines() > 0)
    report_.warnings.push_back(in.display + ": " + std::to_string(buf.converted_lines()) +
                               " line(s) were not valid UTF-8 and were read as Windows-1252");
  if (sax.nested_values() > 0)
    report_.warnings.push_back(in.display + ": " + std::to_string(sax.nested_values()) +
                               " nested JSON value(s) ignored (not part of the CORDIS layout)");
  FinishTable(in, t);
  Progress(in, &t, true);
  return Status::Ok();
}

Status ImportRun::ImportXlsx(const Input& in, const XlsxReader& reader) {
  // CORDIS workbooks hold one sheet named DATA; anything else: the first sheet.
  size_t sheet = 0;
  const auto& names = reader.SheetNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (strings::IEquals(names[i], "DATA")) sheet = i;
  Table t;
  bool started = false, skipped = false;
  std::vector<std::string> v;
  Status st = reader.ForEachRow(sheet, [&](const XlsxRow& row) -> Status {
    bool empty = true;
    for (const std::string& c : row.cells) empty = empty && strings::Trim(c).empty();
    if (empty) return Status::Ok();
    if (!started) {
      started = true;
      std::vector<std::string> header;
      for (const std::string& c : row.cells) header.push_back(strings::Trim(c));
      if (!StartTable(in, header, &t)) {
        skipped = true;
        return Status::Internal(kStopReading);
      }
      v.assign(t.column.size(), std::string());
      Progress(in, &t, false);
      return Status::Ok();
    }
    for (size_t s = 0; s < v.size(); ++s) {
      const auto& c = t.column[s];
      if (c && *c < row.cells.size())
        v[s] = row.cells[*c];
      else
        v[s].clear();
    }
    CORRIDOR_RETURN_IF_ERROR(ProcessRow(t, row.row_number, v));
    if ((t.rows & 4095) == 0) Progress(in, &t, false);
    return Status::Ok();
  });
  if (skipped || IsStop(st)) return Status::Ok();
  if (!st.ok()) return st;
  if (!started) {
    report_.warnings.push_back(in.display + ": empty sheet; skipped");
    return Status::Ok();
  }
  FinishTable(in, t);
  Progress(in, &t, true);
  return Status::Ok();
}

Status ImportRun::ImportInput(const Input& in) {
  ++file_index_;
  *bytes_read_ = 0;
  if (in.format == Format::kXlsx) {
    XlsxOptions xo;
    xo.max_part_bytes = std::min(xo.max_part_bytes, options_.max_entry_bytes);
    Result<XlsxReader> reader = Status::Internal("unset");
    if (in.zip) {
      auto bytes = in.zip->ReadEntry(in.entry, options_.max_entry_bytes);
      if (!bytes.ok()) return bytes.status();
      *zip_total_ += bytes->size();
      if (*zip_total_ > options_.max_total_bytes)
        return Status::TooLarge("the zip entries of this import decompress to more than " +
                                std::to_string(options_.max_total_bytes) + " bytes (max_total_bytes)");
      *bytes_read_ = bytes->size();
      reader = XlsxReader::OpenFromMemory(std::move(*bytes), xo);
    } else {
      reader = XlsxReader::OpenFile(in.path, xo);
      *bytes_read_ = in.size;
    }
    if (!reader.ok()) return reader.status();
    return ImportXlsx(in, *reader);
  }
  CORRIDOR_ASSIGN_OR_RETURN(ChunkSource source, OpenSource(in));
  return in.format == Format::kJson ? ImportJson(in, std::move(source)) : ImportCsv(in, std::move(source));
}

Result<ImportReport> ImportRun::Execute(const std::vector<std::string>& paths) {
  auto t0 = std::chrono::steady_clock::now();
  const std::string started_at = dates::NowIso();
  if (paths.empty()) return Status::Invalid("no files to import");
  for (const std::string& p : paths) CORRIDOR_RETURN_IF_ERROR(Expand(p));
  if (inputs_.empty()) return Status::Invalid("no CSV, JSON, XLSX or zip files found in " + strings::Join(paths, ", "));

  storage::Transaction tx(conn_);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  storage::CorpusWriterOptions wo;
  wo.imported_at = started_at;
  CORRIDOR_ASSIGN_OR_RETURN(writer_, storage::CorpusWriter::Create(conn_, wo));
  for (const Input& in : inputs_) {
    Status st = ImportInput(in);
    if (!st.ok()) return WithFile(st, in.display);
  }
  if (tables_imported_ == 0)
    return Status::Invalid("no CORDIS tables found in " + strings::Join(paths, ", ") +
                           (report_.warnings.empty() ? "" : " (" + report_.warnings.back() + ")"));

  CORRIDOR_ASSIGN_OR_RETURN(int64_t inferred, writer_->InferFrameworks());
  (void)inferred;
  std::vector<std::string> grants(keyword_grants_.begin(), keyword_grants_.end());
  std::sort(grants.begin(), grants.end());
  CORRIDOR_RETURN_IF_ERROR(writer_->RefreshKeywords(grants));

  const storage::CorpusWriteCounts& c = writer_->counts();
  report_.imported = {{"corpus_projects", c.projects},     {"corpus_organizations", c.organizations},
                      {"corpus_topics", c.topics},         {"corpus_legal_basis", c.legal_basis},
                      {"corpus_euroscivoc", c.euroscivoc}, {"corpus_weblinks", c.weblinks}};
  report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  storage::ImportRunRecord run;
  run.started_at = started_at;
  run.finished_at = dates::NowIso();
  run.user_name = options_.user_name;
  for (const Input& in : inputs_) run.files += (run.files.empty() ? "" : "\n") + in.display;
  run.read_rows = report_.rows_read;
  run.imported = c.total();
  run.rejected = report_.rejected;
  run.report = report_.ToJson();
  CORRIDOR_ASSIGN_OR_RETURN(report_.run_id, writer_->RecordRun(run));
  writer_.reset();  // finalises its statements and restores the page cache size before COMMIT
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return std::move(report_);
}

}  // namespace

Result<ImportReport> ImportCordis(storage::Connection& conn, const std::vector<std::string>& paths,
                                  const ImportOptions& options, const ProgressFn& progress) {
  const std::string started_at = dates::NowIso();
  Result<ImportReport> result = [&] {
    ImportRun run(conn, options, progress);
    return run.Execute(paths);
  }();  // the run (and its transaction) is gone here: rolled back on failure
  if (!result.ok() && options.record_failed_runs) {
    nlohmann::json j{{"status", "failed"}, {"error", result.status().message()}};
    // Best effort: an audit trail of failed attempts; the database may be the reason it failed.
    (void)conn.Exec(
        "INSERT INTO import_runs (kind, started_at, finished_at, user_name, files, report) VALUES (?, ?, ?, ?, ?, ?)",
        {std::string("cordis"), started_at, dates::NowIso(), options.user_name, strings::Join(paths, "\n"), j.dump()});
  }
  return result;
}

}  // namespace corridor::importers
