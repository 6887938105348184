#include "storage/database_transfer.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/embedded_files.h"
#include "core/strings.h"
#include "storage/sqlite_database.h"

namespace corridor::storage {

namespace {

// Identifiers come from the catalog, never from input; quoted all the same.
std::string Quote(const std::string& ident) { return "\"" + strings::ReplaceAll(ident, "\"", "\"\"") + "\""; }

bool IsSettings(const TableInfo& t) { return t.name == "settings"; }

int64_t AsInt(const std::optional<Value>& v) { return v ? Row(nullptr, {*v}).Int(0) : 0; }

// ---- catalog ----

Result<std::vector<TableInfo>> ListSqliteTables(Connection& c) {
  // Full-text indexes (migration 0006: FTS5 tables and their shadow tables) are no data: the
  // target's own triggers or indexes rebuild them from the rows copied.
  auto names = c.Query(
      "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
      "AND m.name <> 'schema_migrations' AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' "
      "AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND (m.name = v.name OR m.name LIKE v.name || '\\_%' ESCAPE '\\')) "
      "ORDER BY m.name");
  if (!names.ok()) return names.status();
  std::vector<TableInfo> out;
  for (const Row& n : *names) {
    TableInfo t;
    t.name = n.Text(0);
    auto cols = c.Query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", {t.name});
    if (!cols.ok()) return cols.status();
    std::vector<std::pair<int64_t, std::string>> pk;
    for (const Row& col : *cols) {
      t.columns.push_back({col.Text(0), false, ""});
      if (col.Int(1) > 0) pk.emplace_back(col.Int(1), col.Text(0));
    }
    std::sort(pk.begin(), pk.end());
    for (auto& [pos, name] : pk) t.primary_key.push_back(name);
    auto fks = c.Query("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", {t.name});
    if (!fks.ok()) return fks.status();
    for (const Row& fk : *fks) t.references.push_back(fk.Text(0));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<TableInfo>> ListPostgresTables(Connection& c) {
  auto names = c.Query(
      "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
      "AND c.relname <> 'schema_migrations' ORDER BY c.relname");
  if (!names.ok()) return names.status();
  std::vector<TableInfo> out;
  for (const Row& n : *names) {
    TableInfo t;
    Value oid = n.At(0);
    t.name = n.Text(1);
    auto cols = c.Query(
        "SELECT a.attname, t.typcollation <> 0, "
        "COALESCE(pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname), '') "
        "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace ns ON ns.oid = c.relnamespace "
        "WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {oid});
    if (!cols.ok()) return cols.status();
    for (const Row& col : *cols) t.columns.push_back({col.Text(0), col.Int(1) != 0, col.Text(2)});
    auto pk = c.Query(
        "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, "
        "ord) "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
        "WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord",
        {oid});
    if (!pk.ok()) return pk.status();
    for (const Row& p : *pk) t.primary_key.push_back(p.Text(0));
    auto fks = c.Query(
        "SELECT DISTINCT p.relname FROM pg_constraint k JOIN pg_class p ON p.oid = k.confrelid "
        "WHERE k.conrelid = ? AND k.contype = 'f'",
        {oid});
    if (!fks.ok()) return fks.status();
    for (const Row& fk : *fks) t.references.push_back(fk.Text(0));
    out.push_back(std::move(t));
  }
  return out;
}

// Parents before children (Kahn's algorithm; ready tables taken by name, so the order is stable).
Result<std::vector<TableInfo>> OrderByDependencies(std::vector<TableInfo> tables) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < tables.size(); ++i) index[tables[i].name] = i;
  std::map<std::string, std::set<std::string>> waits_for;  // table -> referenced tables not yet placed
  std::map<std::string, std::vector<std::string>> children;
  for (const TableInfo& t : tables) {
    waits_for[t.name];
    for (const std::string& parent : t.references) {
      if (parent == t.name || !index.count(parent)) continue;  // self-reference; a table outside the schema
      if (waits_for[t.name].insert(parent).second) children[parent].push_back(t.name);
    }
  }
  std::set<std::string> ready;
  for (auto& [name, parents] : waits_for)
    if (parents.empty()) ready.insert(name);
  std::vector<TableInfo> out;
  while (!ready.empty()) {
    std::string name = *ready.begin();
    ready.erase(ready.begin());
    out.push_back(tables[index[name]]);
    for (const std::string& child : children[name]) {
      waits_for[child].erase(name);
      if (waits_for[child].empty()) ready.insert(child);
    }
  }
  if (out.size() != tables.size()) {
    std::vector<std::string> stuck;
    for (auto& [name, parents] : waits_for)
      if (!parents.empty()) stuck.push_back(name);
    return Status::Internal("foreign keys form a cycle among tables " + strings::Join(stuck, ", ") +
                            ": no copy order exists");
  }
  return out;
}

// ---- canonical rows and their hash ----

void AppendCanonical(std::string& out, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    out += "\\N";
  } else if (auto i = std::get_if<int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (auto d = std::get_if<double>(&v)) {
    // Integral reals print as integers so that an engine returning 3 and one returning 3.0 agree;
    // 17 significant digits round-trip every other double.
    if (std::isnan(*d)) {
      out += "NaN";
    } else if (std::isinf(*d)) {
      out += *d > 0 ? "Infinity" : "-Infinity";
    } else if (*d == std::trunc(*d) && std::fabs(*d) < 9.2e18) {
      out += std::to_string(static_cast<int64_t>(*d));  // also folds -0.0 into 0
    } else {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", *d);
      out += buf;
    }
  } else if (auto s = std::get_if<std::string>(&v)) {
    for (char ch : *s) {
      switch (ch) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += ch;
      }
    }
  }
}

class RowHasher {
 public:
  explicit RowHasher(const TableInfo& t) {
    crypto_hash_sha256_init(&state_);
    if (IsSettings(t))
      for (size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].name == "key") marker_column_ = static_cast<int>(i);
  }
  // False for the transfer marker row, which is never part of the data.
  bool IsData(const Row& r) const {
    return marker_column_ < 0 || r.Text(static_cast<size_t>(marker_column_)) != kTransferMarkerKey;
  }
  void Add(const Row& r) {
    line_.clear();
    for (size_t i = 0; i < r.size(); ++i) {
      if (i) line_ += '\t';
      AppendCanonical(line_, r.At(i));
    }
    line_ += '\n';
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(line_.data()), line_.size());
    ++rows_;
  }
  int64_t rows() const { return rows_; }
  std::string Hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
  }

 private:
  crypto_hash_sha256_state state_;
  int marker_column_ = -1;
  int64_t rows_ = 0;
  std::string line_;
};

// ---- reading a table in canonical order ----

std::string ColumnList(const TableInfo& t) {
  std::string s;
  for (const ColumnInfo& c : t.columns) s += (s.empty() ? "" : ", ") + Quote(c.name);
  return s;
}

const ColumnInfo* FindColumn(const TableInfo& t, const std::string& name) {
  for (const ColumnInfo& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

// ORDER BY giving the same row order on both engines: text in byte order (SQLite's BINARY is
// memcmp, which for UTF-8 is code point order; PostgreSQL needs COLLATE "C" for that), NULLs
// first (SQLite's default). Without a primary key, every column.
std::string OrderBy(const TableInfo& t, Engine engine) {
  std::vector<std::string> keys = t.primary_key;
  if (keys.empty())
    for (const ColumnInfo& c : t.columns) keys.push_back(c.name);
  std::string s;
  for (const std::string& k : keys) {
    const ColumnInfo* col = FindColumn(t, k);
    s += (s.empty() ? "" : ", ") + Quote(k);
    if (engine == Engine::kPostgres && col && col->collatable) s += " COLLATE \"C\"";
    if (t.primary_key.empty()) s += " NULLS FIRST";
  }
  return s;
}

// Calls `fn` with successive pages of `batch` rows, inside the caller's snapshot. PostgreSQL:
// one cursor (one sort, then streaming). SQLite: keyset pages along the primary key, which its
// index serves; a table without a key is paged by OFFSET (only small ones, like login_attempts).
Status ScanTable(Connection& c, const TableInfo& t, int64_t batch, const std::function<Status(const Rows&)>& fn) {
  const std::string select = "SELECT " + ColumnList(t) + " FROM " + Quote(t.name);
  const std::string order = " ORDER BY " + OrderBy(t, c.engine());
  if (c.engine() == Engine::kPostgres) {
    CORRIDOR_RETURN_IF_ERROR(c.ExecScript("DECLARE corridor_scan NO SCROLL CURSOR FOR " + select + order));
    const std::string fetch = "FETCH FORWARD " + std::to_string(batch) + " FROM corridor_scan";
    while (true) {
      auto page = c.Query(fetch);
      if (!page.ok()) return page.status();
      if (page->empty()) break;
      CORRIDOR_RETURN_IF_ERROR(fn(*page));
      if (static_cast<int64_t>(page->size()) < batch) break;
    }
    return c.ExecScript("CLOSE corridor_scan");
  }
  if (t.primary_key.empty()) {
    for (int64_t offset = 0;; offset += batch) {
      auto page = c.Query(select + order + " LIMIT ? OFFSET ?", {batch, offset});
      if (!page.ok()) return page.status();
      if (page->empty()) break;
      CORRIDOR_RETURN_IF_ERROR(fn(*page));
      if (static_cast<int64_t>(page->size()) < batch) break;
    }
    return Status::Ok();
  }
  std::vector<size_t> key_at;
  std::string key_list, marks;
  for (const std::string& k : t.primary_key) {
    for (size_t i = 0; i < t.columns.size(); ++i)
      if (t.columns[i].name == k) key_at.push_back(i);
    key_list += (key_list.empty() ? "" : ", ") + Quote(k);
    marks += marks.empty() ? "?" : ", ?";
  }
  const std::string first = select + order + " LIMIT ?";
  const std::string next = select + " WHERE (" + key_list + ") > (" + marks + ")" + order + " LIMIT ?";
  Params params;
  bool have_last = false;
  while (true) {
    if (have_last) params.push_back(batch);
    auto page = have_last ? c.Query(next, params) : c.Query(first, {batch});
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    CORRIDOR_RETURN_IF_ERROR(fn(*page));
    if (static_cast<int64_t>(page->size()) < batch) break;
    const Row& last = page->rows.back();
    params.clear();
    for (size_t i : key_at) params.push_back(last.At(i));
    have_last = true;
  }
  return Status::Ok();
}

constexpr int64_t kScanBatch = 2000;

Result<TableChecksum> ChecksumTable(Connection& c, const TableInfo& t) {
  RowHasher hasher(t);
  Status s = ScanTable(c, t, kScanBatch, [&](const Rows& page) {
    for (const Row& r : page)
      if (hasher.IsData(r)) hasher.Add(r);
    return Status::Ok();
  });
  if (!s.ok()) return s.WithContext("checksum of " + t.name + ": ");
  return TableChecksum{t.name, hasher.rows(), hasher.Hex()};
}

// ---- the marker ----

Status WriteMark(Connection& c, const std::string& source) {
  Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  auto r =
      c.Exec("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             {std::string(kTransferMarkerKey), dates::NowIso() + " " + source});
  if (!r.ok()) return r.status();
  return tx.Commit();
}

Status RemoveMark(Connection& c) {
  Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  auto r = c.Exec("DELETE FROM settings WHERE key = ?", {std::string(kTransferMarkerKey)});
  if (!r.ok()) return r.status();
  return tx.Commit();
}

// The first table holding a row (the marker aside), for the "target is not empty" message.
Result<std::optional<std::string>> FirstNonEmpty(Connection& c, const std::vector<TableInfo>& tables) {
  for (const TableInfo& t : tables) {
    auto any = IsSettings(t)
                   ? c.Scalar("SELECT 1 FROM settings WHERE key <> ? LIMIT 1", {std::string(kTransferMarkerKey)})
                   : c.Scalar("SELECT 1 FROM " + Quote(t.name) + " LIMIT 1");
    if (!any.ok()) return any.status();
    if (any->has_value()) return std::optional<std::string>(t.name);
  }
  return std::optional<std::string>();
}

// Empties every table but the marker row, children first, in one transaction.
Status ClearTables(Connection& c, const std::vector<TableInfo>& tables) {
  Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    auto r = IsSettings(*it) ? c.Exec("DELETE FROM settings WHERE key <> ?", {std::string(kTransferMarkerKey)})
                             : c.Exec("DELETE FROM " + Quote(it->name));
    if (!r.ok()) return r.status().WithContext("emptying " + it->name + ": ");
  }
  return tx.Commit();
}

// Source and target must hold the same tables with the same columns (same binary, same
// schema version: a difference means someone changed one of them by hand).
Status CheckSameShape(const std::vector<TableInfo>& from, const std::vector<TableInfo>& to) {
  std::map<std::string, const TableInfo*> target;
  for (const TableInfo& t : to) target[t.name] = &t;
  for (const TableInfo& t : from) {
    auto it = target.find(t.name);
    if (it == target.end()) return Status::Invalid("table " + t.name + " exists in the source but not in the target");
    std::set<std::string> a, b;
    for (const ColumnInfo& c : t.columns) a.insert(c.name);
    for (const ColumnInfo& c : it->second->columns) b.insert(c.name);
    for (const std::string& c : a)
      if (!b.count(c))
        return Status::Invalid("table " + t.name + ": column " + c + " exists in the source but not in the target");
    for (const std::string& c : b)
      if (!a.count(c))
        return Status::Invalid("table " + t.name + ": column " + c + " exists in the target but not in the source");
    target.erase(it);
  }
  if (!target.empty())
    return Status::Invalid("table " + target.begin()->first + " exists in the target but not in the source");
  return Status::Ok();
}

std::string InsertSql(const TableInfo& t, size_t rows) {
  std::string one = "(";
  for (size_t i = 0; i < t.columns.size(); ++i) one += i ? ", ?" : "?";
  one += ")";
  std::string sql = "INSERT INTO " + Quote(t.name) + " (" + ColumnList(t) + ") VALUES ";
  sql.reserve(sql.size() + rows * (one.size() + 2));
  for (size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += one;
  }
  return sql;
}

// Copies one table from the source snapshot into the target, hashing the source rows as they
// pass (the source side of the comparison). Fills cmp->rows_from / sha256_from.
Status CopyTable(Connection& src, Connection& dst, const TableInfo& t, const TransferOptions& options,
                 TableComparison* cmp) {
  auto total = src.Scalar("SELECT COUNT(*) FROM " + Quote(t.name));
  if (!total.ok()) return total.status();
  TransferProgress progress{t.name, 0, AsInt(*total)};
  const size_t ncols = std::max<size_t>(1, t.columns.size());
  // Both engines' parameter limits (SQLite 32766, PostgreSQL 65535) with room to spare.
  const size_t per_statement = std::clamp<size_t>(30000 / ncols, 1, 500);
  const int64_t commit_rows = std::max<int64_t>(1, options.commit_rows);
  RowHasher hasher(t);
  std::unique_ptr<Prepared> full;
  Params params;
  params.reserve(per_statement * ncols);
  size_t pending = 0;
  int64_t in_tx = 0;

  auto flush = [&]() -> Status {
    if (pending == 0) return Status::Ok();
    Status s;
    if (pending == per_statement) {
      if (!full) {
        auto p = dst.Prepare(InsertSql(t, per_statement));
        if (!p.ok()) return p.status();
        full = std::move(*p);
      }
      s = full->Run(params);
    } else {
      auto r = dst.Exec(InsertSql(t, pending), params);
      s = r.ok() ? Status::Ok() : r.status();
    }
    if (!s.ok()) {
      int64_t first = progress.copied + in_tx + 1;
      return s.WithContext("copying " + t.name + ", rows " + std::to_string(first) + "-" +
                           std::to_string(first + static_cast<int64_t>(pending) - 1) + ": ");
    }
    in_tx += static_cast<int64_t>(pending);
    pending = 0;
    params.clear();
    return Status::Ok();
  };
  auto commit = [&]() -> Status {
    CORRIDOR_RETURN_IF_ERROR(dst.Commit());
    progress.copied += in_tx;
    in_tx = 0;
    if (options.on_progress) CORRIDOR_RETURN_IF_ERROR(options.on_progress(progress));
    return Status::Ok();
  };

  CORRIDOR_RETURN_IF_ERROR(dst.Begin());
  Status s = ScanTable(src, t, kScanBatch, [&](const Rows& page) -> Status {
    for (const Row& r : page) {
      if (!hasher.IsData(r)) continue;
      hasher.Add(r);
      for (size_t i = 0; i < r.size(); ++i) params.push_back(r.At(i));
      if (++pending == per_statement) {
        CORRIDOR_RETURN_IF_ERROR(flush());
        if (in_tx >= commit_rows) {
          CORRIDOR_RETURN_IF_ERROR(commit());
          CORRIDOR_RETURN_IF_ERROR(dst.Begin());
        }
      }
    }
    return Status::Ok();
  });
  if (s.ok()) s = flush();
  if (s.ok()) s = commit();
  if (!s.ok()) {
    dst.Rollback();
    return s;
  }
  full.reset();
  cmp->rows_from = hasher.rows();
  cmp->sha256_from = hasher.Hex();
  return Status::Ok();
}

// PostgreSQL: identity and serial sequences continue after the copied keys.
Status AdvanceSequences(Connection& dst, const std::vector<TableInfo>& tables) {
  for (const TableInfo& t : tables)
    for (const ColumnInfo& c : t.columns) {
      if (c.sequence.empty()) continue;
      auto r = dst.Query("SELECT setval(?::regclass, COALESCE((SELECT MAX(" + Quote(c.name) + ") FROM " +
                             Quote(t.name) + "), 0) + 1, false)",
                         {c.sequence});
      if (!r.ok()) return r.status().WithContext("advancing " + c.sequence + ": ");
    }
  return Status::Ok();
}

}  // namespace

Result<std::vector<TableInfo>> ListTables(Connection& c) {
  auto tables = c.engine() == Engine::kPostgres ? ListPostgresTables(c) : ListSqliteTables(c);
  if (!tables.ok()) return tables.status().WithContext("reading the catalog: ");
  return OrderByDependencies(std::move(*tables));
}

int LatestSchemaVersion(Engine engine) {
  const std::string dir =
      engine == Engine::kSqlite ? "src/storage/migrations/sqlite/" : "src/storage/migrations/postgres/";
  int latest = 0;
  for (const embedded::File& f : embedded::All()) {
    if (!strings::StartsWith(f.path, dir)) continue;
    std::string base = f.path.substr(dir.size());
    if (auto v = strings::ParseInt(base.substr(0, base.find('_')))) latest = std::max(latest, static_cast<int>(*v));
  }
  return latest;
}

Result<int64_t> SchemaVersion(Connection& c) {
  auto exists =
      c.engine() == Engine::kPostgres
          ? c.Scalar("SELECT to_regclass('schema_migrations') IS NOT NULL")
          : c.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists.ok()) return exists.status();
  if (AsInt(*exists) == 0) return int64_t{0};
  auto v = c.Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!v.ok()) return v.status();
  return AsInt(*v);
}

Status BeginSnapshot(Connection& c) {
  if (c.engine() == Engine::kPostgres) return c.ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  // Deferred: the snapshot starts with the first read and never takes the write lock.
  return c.ExecScript("BEGIN");
}

Result<std::vector<TableChecksum>> ChecksumDatabase(Database& db) {
  auto c = db.Acquire();
  CORRIDOR_RETURN_IF_ERROR(BeginSnapshot(*c));
  std::vector<TableChecksum> out;
  auto tables = ListTables(*c);
  if (!tables.ok()) {
    c->Rollback();
    return tables.status();
  }
  for (const TableInfo& t : *tables) {
    auto sum = ChecksumTable(*c, t);
    if (!sum.ok()) {
      c->Rollback();
      return sum.status();
    }
    out.push_back(std::move(*sum));
  }
  c->Rollback();
  return out;
}

bool AllMatch(const std::vector<TableComparison>& tables) {
  return std::all_of(tables.begin(), tables.end(), [](const TableComparison& t) { return t.ok(); });
}

Result<std::vector<TableComparison>> CompareDatabases(Database& from, Database& to) {
  auto a = ChecksumDatabase(from);
  if (!a.ok()) return a.status();
  auto b = ChecksumDatabase(to);
  if (!b.ok()) return b.status();
  std::vector<TableComparison> out;
  std::map<std::string, const TableChecksum*> right;
  for (const TableChecksum& t : *b) right[t.table] = &t;
  for (const TableChecksum& t : *a) {
    TableComparison cmp{t.table, t.rows, 0, t.sha256, ""};
    if (auto it = right.find(t.table); it != right.end()) {
      cmp.rows_to = it->second->rows;
      cmp.sha256_to = it->second->sha256;
      right.erase(it);
    }
    out.push_back(std::move(cmp));
  }
  for (auto& [name, t] : right) out.push_back({name, 0, t->rows, "", t->sha256});
  return out;
}

Result<std::optional<TransferMark>> ReadTransferMark(Connection& c) {
  auto v = c.Scalar("SELECT value FROM settings WHERE key = ?", {std::string(kTransferMarkerKey)});
  if (!v.ok()) return v.status();
  if (!v->has_value()) return std::optional<TransferMark>();
  std::string text = Row(nullptr, {**v}).Text(0);
  auto space = text.find(' ');
  TransferMark m;
  if (space == std::string::npos) {
    m.source = text;
  } else {
    m.started_at = text.substr(0, space);
    m.source = text.substr(space + 1);
  }
  return std::optional<TransferMark>(m);
}

Status CheckTransferComplete(Connection& c) {
  auto m = ReadTransferMark(c);
  if (!m.ok()) return m.status();
  if (!m->has_value()) return Status::Ok();
  return Status::Conflict("this database is an unfinished copy from " + (*m)->source + " started " +
                          ((*m)->started_at.empty() ? "at an unknown time" : (*m)->started_at) +
                          "; run corridor migrate again with --force");
}

namespace {

bool SameDatabase(Database& a, Database& b) {
  if (a.Describe() == b.Describe()) return true;
  auto* x = dynamic_cast<SqliteDatabase*>(&a);
  auto* y = dynamic_cast<SqliteDatabase*>(&b);
  if (!x || !y) return false;
  std::error_code e1, e2;
  auto p = std::filesystem::weakly_canonical(x->path(), e1);
  auto q = std::filesystem::weakly_canonical(y->path(), e2);
  return !e1 && !e2 && p == q;
}

}  // namespace

Result<TransferReport> TransferDatabase(Database& from, Database& to, const TransferOptions& options) {
  if (SameDatabase(from, to))
    return Status::Invalid("the source and the target are the same database: " + to.Describe());
  // One snapshot of the source for the whole copy: a consistent copy even while it is written to.
  auto src = from.Acquire();
  CORRIDOR_RETURN_IF_ERROR(BeginSnapshot(*src));
  struct EndSnapshot {
    Connection& c;
    ~EndSnapshot() { c.Rollback(); }
  } end_snapshot{*src};

  auto version = SchemaVersion(*src);
  if (!version.ok()) return version.status().WithContext("source: ");
  const int latest = LatestSchemaVersion(from.engine());
  if (*version == 0)
    return Status::Invalid("the source " + from.Describe() + " is not a Corridor database (no schema_migrations)");
  if (*version > latest)
    return Status::Invalid("the source is at schema version " + std::to_string(*version) +
                           ", newer than this corridor (" + std::to_string(latest) + "): use a newer corridor");
  if (*version < latest)
    return Status::Invalid("the source is at schema version " + std::to_string(*version) + ", this corridor at " +
                           std::to_string(latest) + ": upgrade it first with corridor migrate --db " + from.Describe());
  if (Status s = CheckTransferComplete(*src); !s.ok()) return s.WithContext("the source: ");
  auto from_tables = ListTables(*src);
  if (!from_tables.ok()) return from_tables.status().WithContext("source: ");

  auto migrated = to.Migrate();
  if (!migrated.ok()) return migrated.status().WithContext("target: ");
  auto dst = to.Acquire();
  auto to_tables = ListTables(*dst);
  if (!to_tables.ok()) return to_tables.status().WithContext("target: ");
  CORRIDOR_RETURN_IF_ERROR(CheckSameShape(*from_tables, *to_tables));

  auto mark = ReadTransferMark(*dst);
  if (!mark.ok()) return mark.status().WithContext("target: ");
  auto holding = FirstNonEmpty(*dst, *to_tables);
  if (!holding.ok()) return holding.status().WithContext("target: ");
  if (!options.force) {
    if (mark->has_value())
      return Status::Conflict("the target " + to.Describe() + " holds an unfinished copy from " + (*mark)->source +
                              " started " + (*mark)->started_at + ": run again with --force to replace it");
    if (holding->has_value())
      return Status::Conflict("the target " + to.Describe() + " is not empty (table " + **holding +
                              " has rows): use --force to replace its content");
  }

  // Marked before anything is written or removed, in its own committed transaction.
  CORRIDOR_RETURN_IF_ERROR(WriteMark(*dst, from.Describe()).WithContext("marking the target: "));
  if (holding->has_value()) CORRIDOR_RETURN_IF_ERROR(ClearTables(*dst, *to_tables));

  TransferReport report;
  for (const TableInfo& t : *from_tables) {
    TableComparison cmp;
    cmp.table = t.name;
    CORRIDOR_RETURN_IF_ERROR(CopyTable(*src, *dst, t, options, &cmp));
    report.rows += cmp.rows_from;
    report.tables.push_back(std::move(cmp));
  }
  src->Rollback();  // the source snapshot is no longer needed
  if (to.engine() == Engine::kPostgres) {
    CORRIDOR_RETURN_IF_ERROR(AdvanceSequences(*dst, *to_tables));
    // Statistics for the tables just filled, or the planner plans for empty ones until autovacuum.
    CORRIDOR_RETURN_IF_ERROR(dst->ExecScript("ANALYZE").WithContext("analyzing the target: "));
  }

  auto target_sums = ChecksumDatabase(to);
  if (!target_sums.ok()) return target_sums.status().WithContext("target: ");
  std::map<std::string, const TableChecksum*> by_name;
  for (const TableChecksum& t : *target_sums) by_name[t.table] = &t;
  for (TableComparison& cmp : report.tables) {
    if (auto it = by_name.find(cmp.table); it != by_name.end()) {
      cmp.rows_to = it->second->rows;
      cmp.sha256_to = it->second->sha256;
    }
  }
  if (report.ok()) CORRIDOR_RETURN_IF_ERROR(RemoveMark(*dst).WithContext("unmarking the target: "));
  return report;
}

}  // namespace corridor::storage
