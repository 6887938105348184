// `corridor backup`, `corridor restore` and `corridor migrate --from/--to` run as a black box:
// a backup taken while `corridor serve` runs and another process writes, restored and compared
// row for row; SQLite -> PostgreSQL -> SQLite with every checksum equal; a migrate killed with
// SIGKILL after its first batch leaves a target that refuses to open until a --force re-run;
// bad input. The PostgreSQL cases need CORRIDOR_TEST_PG_URL (skipped, saying so, otherwise) and
// use fresh schemas, dropped at the end. The test reads the databases through the storage
// library to check what the binary wrote.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/strings.h"
#include "storage/audit_store.h"
#include "storage/database.h"
#include "storage/database_transfer.h"
#include "test_support.h"

namespace corridor::testing {
namespace {

using storage::Database;

const char* PgUrl() {
  const char* u = std::getenv("CORRIDOR_TEST_PG_URL");
  return u && *u ? u : nullptr;
}

#define REQUIRE_PG()                                                             \
  if (!PgUrl())                                                                  \
  GTEST_SKIP() << "CORRIDOR_TEST_PG_URL unset: this PostgreSQL test is skipped " \
                  "(scripts/run-tests.sh starts a throwaway cluster and sets it)"

bool Has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

// A child process whose stdout is read line by line (stderr goes to a file), so that a test can
// act on what it prints: wait for the server's address, kill a migrate after its first batch.
class Child {
 public:
  Child(const std::string& program, const std::vector<std::string>& args, const std::string& err_file) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    std::vector<std::string> argv_s = {program};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) ::dup2(err, 2);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> argv;
      for (auto& s : argv_s) argv.push_back(s.data());
      argv.push_back(nullptr);
      ::execv(program.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
    if (out_ >= 0) ::close(out_);
  }

  // The next line of stdout; false at end of output (or after a minute without one: a hang
  // guard, never a timing assertion).
  bool ReadLine(std::string* line) {
    while (true) {
      auto nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        *line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return true;
      }
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 60000) <= 0) return false;
      char buf[4096];
      ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) return false;
      buffer_.append(buf, static_cast<size_t>(n));
    }
  }
  void Signal(int sig) {
    if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
  }
  // The exit status as waitpid gives it.
  int Wait() {
    int status = 0;
    if (pid_ > 0 && !reaped_) {
      ::waitpid(pid_, &status, 0);
      reaped_ = true;
      status_ = status;
    }
    return status_;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string buffer_;
};

// Writes audit rows numbered 1, 2, 3, ... (each its own transaction) until stopped.
class Writer {
 public:
  explicit Writer(const std::string& url) {
    auto db = Database::Open({url});
    EXPECT_TRUE(db.ok()) << db.status().message();
    if (!db.ok()) return;
    db_ = std::move(*db);
    thread_ = std::thread([this] {
      auto c = db_->Acquire();
      storage::AuditStore audit(*c);
      while (!stop_) {
        if (!audit.Record({0, "writer"}, 0, "burst", written_ + 1, "create", "n", "", std::to_string(written_ + 1))
                 .ok()) {
          failed_ = true;
          return;
        }
        ++written_;
      }
    });
  }
  ~Writer() { Stop(); }
  void WaitFor(int64_t n) {
    while (written_ < n && !failed_ && db_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int64_t Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return written_;
  }
  bool failed() const { return failed_; }

 private:
  std::unique_ptr<Database> db_;
  std::thread thread_;
  std::atomic<bool> stop_{false}, failed_{false};
  std::atomic<int64_t> written_{0};
};

std::unique_ptr<Database> Open(const std::string& url) {
  auto db = Database::Open({url});
  EXPECT_TRUE(db.ok()) << url << ": " << db.status().message();
  return db.ok() ? std::move(*db) : nullptr;
}

int64_t Scalar(Database& db, const std::string& sql, const storage::Params& params = {}) {
  auto v = db.Acquire()->Scalar(sql, params);
  EXPECT_TRUE(v.ok() && v->has_value()) << sql << ": " << (v.ok() ? "no row" : v.status().message());
  return v.ok() && v->has_value() ? storage::Row(nullptr, {**v}).Int(0) : -1;
}

// The row count a backup printed for `table` ("    audit_log      63").
int64_t PrintedRows(const std::string& out, const std::string& table) {
  for (const std::string& line : strings::Split(out, '\n')) {
    auto words = strings::Split(strings::Trim(line), ' ');
    if (words.size() >= 2 && words.front() == table) return strings::ParseInt(words.back()).value_or(-1);
  }
  return -1;
}

class BackupCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("CORRIDOR_BIN");
    if (!bin || !*bin) GTEST_SKIP() << "CORRIDOR_BIN is not set (ctest sets it): skipped";
    bin_ = bin;
  }
  void TearDown() override {
    if (schemas_.empty()) return;
    auto admin = Database::Open({PgUrl()});
    if (!admin.ok()) return;
    auto c = (*admin)->Acquire();
    for (const auto& s : schemas_) (void)c->ExecScript("DROP SCHEMA IF EXISTS \"" + s + "\" CASCADE");
  }

  CommandResult Corridor(const std::vector<std::string>& args) { return RunProgram(bin_, args, dir_); }

  std::string SqliteUrl(const std::string& file) { return "sqlite:" + dir_.File(file); }
  // A PostgreSQL URL with a fresh schema (created on first open, dropped by TearDown).
  std::string PgSchemaUrl(std::string* schema_out = nullptr) {
    static std::mt19937_64 gen{std::random_device{}()};
    char schema[32];
    std::snprintf(schema, sizeof schema, "t_bkcli_%012llx", static_cast<unsigned long long>(gen() & 0xffffffffffffULL));
    schemas_.push_back(schema);
    if (schema_out) *schema_out = schema;
    std::string url = PgUrl();
    return url + (Has(url, "?") ? "&" : "?") + "schema=" + schema;
  }

  // Demo workspaces (through the binary) plus `corpus` bulk corpus rows (about 1 KB each).
  void MakeSource(const std::string& url, int corpus) {
    CommandResult r = Corridor({"demo", "load", "--db", url});
    ASSERT_EQ(r.code, 0) << r.err;
    if (corpus == 0) return;
    auto db = Open(url);
    ASSERT_TRUE(db);
    auto c = db->Acquire();
    auto ins = c->Exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO corpus_projects(grant_id, framework, acronym, title, objective, imported_at) "
        "SELECT 'G' || (1000000 + i), 'HORIZON', 'ACR' || i, 'Project ' || i, "
        "'Objective ' || i || ': ' || ?, '2024-01-01T00:00:00Z' FROM n",
        {int64_t{corpus}, std::string(1000, 'x')});
    ASSERT_TRUE(ins.ok()) << ins.status().message();
  }

  // Starts `corridor serve` on `url` and waits for its address line.
  std::unique_ptr<Child> Serve(const std::string& url) {
    auto child = std::make_unique<Child>(
        bin_,
        std::vector<std::string>{"serve", "--db", url, "--listen", "127.0.0.1:0", "--data", dir_.File("serve-data")},
        dir_.File("serve.err"));
    std::string line;
    bool up = false;
    while (!up && child->ReadLine(&line)) up = Has(line, "Corridor is running at http://127.0.0.1:");
    EXPECT_TRUE(up) << ReadFile(dir_.File("serve.err"));
    return child;
  }

  // The backup taken while serve runs and a writer adds audit rows, restored, and compared with
  // the live database cut at the backup's moment.
  void BackupWhileServingAndRestore(const std::string& live, const std::string& restore_into, const std::string& file) {
    MakeSource(live, 2000);  // more than one backup step of pages
    auto server = Serve(live);
    auto live_db = Open(live);
    ASSERT_TRUE(live_db);
    const int64_t before = Scalar(*live_db, "SELECT COUNT(*) FROM audit_log");
    Writer writer(live);
    writer.WaitFor(20);  // the backup starts while rows keep coming
    CommandResult b = Corridor({"backup", "--out", file, "--db", live});
    writer.WaitFor(Scalar(*live_db, "SELECT COUNT(*) FROM audit_log") - before + 5);  // and goes on afterwards
    const int64_t written = writer.Stop();
    ASSERT_FALSE(writer.failed());
    server->Signal(SIGTERM);
    server->Wait();
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_TRUE(Has(b.out, "backup of ")) << b.out;
    EXPECT_TRUE(Has(b.out, "sha256          " + strings::Sha256Hex(ReadFile(file)))) << b.out;
    EXPECT_TRUE(Has(b.out, "size            " + std::to_string(ReadFile(file).size()) + " bytes")) << b.out;
    EXPECT_EQ(PrintedRows(b.out, "corpus_projects"), 2000) << b.out;
    const int64_t in_backup = PrintedRows(b.out, "audit_log") - before;  // writer rows the backup holds
    EXPECT_GE(in_backup, 20) << b.out;
    EXPECT_LT(in_backup, written) << "rows written after the backup are not in it";

    // The live database as it was at the backup's moment: the writer's later rows removed.
    ASSERT_TRUE(
        live_db->Acquire()->Exec("DELETE FROM audit_log WHERE entity = 'burst' AND entity_id > ?", {in_backup}).ok());
    auto expected = storage::ChecksumDatabase(*live_db);
    ASSERT_TRUE(expected.ok()) << expected.status().message();

    // Back over the live database itself (disaster recovery: --force), or into an empty one.
    const bool over_live = restore_into == live;
    CommandResult r = Corridor({"restore", file, "--db", restore_into});
    if (over_live) {
      EXPECT_EQ(r.code, 1);
      EXPECT_TRUE(Has(r.err, "is not empty (table ")) << r.err;
      EXPECT_TRUE(Has(r.err, "use --force")) << r.err;
      ASSERT_TRUE(live_db->Acquire()->Exec("DELETE FROM pipeline_steps").ok());  // the damage to undo
      r = Corridor({"restore", file, "--db", restore_into, "--force"});
    }
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(Has(r.out, "restored " + file + " into ")) << r.out;
    auto restored_db = Open(restore_into);
    ASSERT_TRUE(restored_db);
    auto got = storage::ChecksumDatabase(*restored_db);
    ASSERT_TRUE(got.ok()) << got.status().message();
    ASSERT_EQ(got->size(), expected->size());
    for (size_t i = 0; i < got->size(); ++i) {
      EXPECT_EQ((*got)[i].table, (*expected)[i].table);
      EXPECT_EQ((*got)[i].rows, (*expected)[i].rows) << (*got)[i].table;
      EXPECT_EQ((*got)[i].sha256, (*expected)[i].sha256) << (*got)[i].table;
    }
    EXPECT_EQ(Scalar(*restored_db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'burst'"), in_backup);
    EXPECT_EQ(Scalar(*restored_db, "SELECT MAX(entity_id) FROM audit_log WHERE entity = 'burst'"), in_backup)
        << "a consistent cut: rows 1..n, no gap";
    // The restored database serves commands.
    CommandResult list = Corridor({"registry", "list", "neo-cycle", "--db", restore_into});
    EXPECT_EQ(list.code, 0) << list.err;
    EXPECT_TRUE(Has(list.out, "\n29 sister projects\n")) << list.out;
    if (!over_live) {  // restoring again over it needs --force
      r = Corridor({"restore", file, "--db", restore_into});
      EXPECT_EQ(r.code, 1);
      EXPECT_TRUE(Has(r.err, "is not empty (table ")) << r.err;
      EXPECT_TRUE(Has(r.err, "use --force")) << r.err;
    }
  }

  // Runs migrate and SIGKILLs it right after its first batch line; the target must then refuse
  // to open, and a --force re-run must complete.
  void KillMidwayThenForce(const std::string& from, const std::string& to) {
    Child migrate(bin_, {"migrate", "--from", from, "--to", to, "--batch", "2000"}, dir_.File("migrate.err"));
    std::string line, seen;
    bool batch = false;
    while (!batch && migrate.ReadLine(&line)) {
      seen += line + "\n";
      batch = Has(line, " rows") && Has(line, " / ");
    }
    ASSERT_TRUE(batch) << seen << ReadFile(dir_.File("migrate.err"));
    migrate.Signal(SIGKILL);
    int status = migrate.Wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the copy finished before the kill:\n" << seen;

    const std::string marked = "this database is an unfinished copy from " +
                               std::string(strings::StartsWith(from, "sqlite:") ? "sqlite:" : "postgresql://");
    {  // the server refuses to start (and if it wrongly did, it is stopped rather than waited for)
      Child serve(bin_, {"serve", "--listen", "127.0.0.1:0", "--db", to, "--data", dir_.File("marked-data")},
                  dir_.File("serve.err"));
      std::string out;
      bool started = false;
      while (!started && serve.ReadLine(&out)) started = Has(out, "Corridor is running");
      EXPECT_FALSE(started) << "serve opened an unfinished copy";
      if (started) serve.Signal(SIGKILL);
      int status = serve.Wait();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
      EXPECT_TRUE(Has(ReadFile(dir_.File("serve.err")), marked)) << ReadFile(dir_.File("serve.err"));
    }
    for (const std::vector<std::string>& cmd :
         {std::vector<std::string>{"workspace", "list"}, std::vector<std::string>{"migrate"},
          std::vector<std::string>{"backup", "--out", dir_.File("x.bak")}}) {
      std::vector<std::string> args = cmd;
      args.insert(args.end(), {"--db", to, "--data", dir_.File("marked-data")});
      CommandResult r = Corridor(args);
      EXPECT_EQ(r.code, 1) << cmd[0] << ": " << r.out;
      EXPECT_TRUE(Has(r.err, marked)) << cmd[0] << ": " << r.err;
      EXPECT_TRUE(Has(r.err, " started 20")) << r.err;
      EXPECT_TRUE(Has(r.err, "; run corridor migrate again with --force")) << r.err;
    }
    CommandResult again = Corridor({"migrate", "--from", from, "--to", to});
    EXPECT_EQ(again.code, 1);
    EXPECT_TRUE(Has(again.err, "holds an unfinished copy from ")) << again.err;
    EXPECT_TRUE(Has(again.err, "--force")) << again.err;

    CommandResult forced = Corridor({"migrate", "--from", from, "--to", to, "--force"});
    ASSERT_EQ(forced.code, 0) << forced.out << forced.err;
    EXPECT_FALSE(Has(forced.out, "MISMATCH")) << forced.out;
    EXPECT_TRUE(Has(forced.out, " is ready\n")) << forced.out;
    CommandResult list = Corridor({"workspace", "list", "--db", to});
    EXPECT_EQ(list.code, 0) << list.err;
    EXPECT_TRUE(Has(list.out, "neo-cycle")) << list.out;
    auto a = Open(from);
    auto b = Open(to);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(Scalar(*b, "SELECT COUNT(*) FROM corpus_projects"), 30000);
    auto cmp = storage::CompareDatabases(*a, *b);
    ASSERT_TRUE(cmp.ok()) << cmp.status().message();
    EXPECT_TRUE(storage::AllMatch(*cmp));
  }

  TempDir dir_;
  std::string bin_;
  std::vector<std::string> schemas_;
};

TEST_F(BackupCliTest, SqliteBackupWhileServingAndWritingRestoresTheSameRows) {
  BackupWhileServingAndRestore(SqliteUrl("live.db"), SqliteUrl("restored/copy.db"), dir_.File("live.backup"));
  // The backup is one stand-alone file (no WAL beside it) and a SQLite database.
  std::string head = ReadFile(dir_.File("live.backup")).substr(0, 16);
  EXPECT_EQ(head, std::string("SQLite format 3\0", 16));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("live.backup-wal")));
}

TEST_F(BackupCliTest, PostgresBackupWhileServingAndWritingRestoresTheSameRows) {
  REQUIRE_PG();
  std::string live_schema;
  std::string live = PgSchemaUrl(&live_schema);
  std::string file = dir_.File("live.dump");
  BackupWhileServingAndRestore(live, live, file);
  EXPECT_EQ(ReadFile(file).substr(0, 5), "PGDMP");
  // Into another schema of the same database only once the dumped one is gone (the dump names
  // its schema; a second copy beside the first would clash).
  std::string other = PgSchemaUrl();
  CommandResult r = Corridor({"restore", file, "--db", other});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "holds schema " + live_schema + ", which exists in the target database too")) << r.err;
  auto before = storage::ChecksumDatabase(*Open(live));
  ASSERT_TRUE(before.ok()) << before.status().message();
  {
    auto admin = Open(PgUrl());
    ASSERT_TRUE(admin);
    ASSERT_TRUE(admin->Acquire()->ExecScript("DROP SCHEMA \"" + live_schema + "\" CASCADE").ok());
  }
  r = Corridor({"restore", file, "--db", other});
  ASSERT_EQ(r.code, 0) << r.err;
  auto db = Open(other);
  ASSERT_TRUE(db);
  auto after = storage::ChecksumDatabase(*db);
  ASSERT_TRUE(after.ok()) << after.status().message();
  ASSERT_EQ(after->size(), before->size());
  for (size_t i = 0; i < after->size(); ++i) EXPECT_EQ((*after)[i].sha256, (*before)[i].sha256) << (*after)[i].table;
  // The identity sequences came back too: a new audit row does not collide with a restored one.
  // (pg_dump reads sequences outside the snapshot, so the writer's later ids may be skipped.)
  int64_t max_id = Scalar(*db, "SELECT MAX(id) FROM audit_log");
  Status rec = storage::AuditStore(*db->Acquire()).Record({0, "t"}, 0, "x", 1, "create");
  ASSERT_TRUE(rec.ok()) << rec.message();
  EXPECT_GT(Scalar(*db, "SELECT MAX(id) FROM audit_log"), max_id);
}

TEST_F(BackupCliTest, PostgresRestoreThatFailsMidwayLeavesTheTargetAsItWas) {
  REQUIRE_PG();
  std::string live_schema;
  std::string live = PgSchemaUrl(&live_schema);
  MakeSource(live, 0);
  auto db = Open(live);
  ASSERT_TRUE(db);
  // Hard-to-compress rows, so that the corpus data is most of the dump and its middle lies there
  // (with room for the schema to grow: the table of contents must stay in the first half).
  ASSERT_TRUE(db->Acquire()
                  ->Exec("INSERT INTO corpus_projects(grant_id, objective, imported_at) SELECT 'G' || i, "
                         "(SELECT string_agg(md5((i * 1000 + j)::text), '') FROM generate_series(1, 16) j), 'now' "
                         "FROM generate_series(1, 2000) i")
                  .ok());
  std::string file = dir_.File("pg.dump");
  ASSERT_EQ(Corridor({"backup", "--out", file, "--db", live}).code, 0);
  std::string dump = ReadFile(file);
  std::mt19937 noise(7);
  for (size_t i = dump.size() / 2; i < dump.size() / 2 + 300; ++i) dump[i] = static_cast<char>(noise());
  WriteFile(dir_.File("damaged.dump"), dump);
  auto before = storage::ChecksumDatabase(*db);
  ASSERT_TRUE(before.ok());
  CommandResult r = Corridor({"restore", dir_.File("damaged.dump"), "--db", live, "--force"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "pg_restore failed (the target is as it was): pg_restore: error:")) << r.err;
  auto after = storage::ChecksumDatabase(*db);
  ASSERT_TRUE(after.ok()) << after.status().message();
  ASSERT_EQ(after->size(), before->size());
  for (size_t i = 0; i < after->size(); ++i) EXPECT_EQ((*after)[i].sha256, (*before)[i].sha256) << (*after)[i].table;
  // Only this restore's aside schema counts: other tests may be restoring into the same database now.
  EXPECT_EQ(Scalar(*db, "SELECT COUNT(*) FROM pg_namespace WHERE nspname LIKE ?", {live_schema + "_restore_aside_%"}), 0);
  // The intact dump restores.
  r = Corridor({"restore", file, "--db", live, "--force"});
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(BackupCliTest, MigrateSqliteToSqliteVerifiesEveryTable) {
  std::string a = SqliteUrl("a.db");
  MakeSource(a, 100);
  CommandResult r = Corridor({"migrate", "--from", a, "--to", SqliteUrl("b.db")});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "copying " + a + " -> " + SqliteUrl("b.db"))) << r.out;
  EXPECT_TRUE(Has(r.out, "table                     rows from    rows to")) << r.out;
  for (const char* table : {"corpus_projects", "sister_projects", "audit_log", "workspaces"}) {
    bool ok_line = false;
    for (const std::string& line : strings::Split(r.out, '\n'))
      ok_line |= strings::StartsWith(line, std::string(table) + " ") && strings::EndsWith(line, "  OK");
    EXPECT_TRUE(ok_line) << table << "\n" << r.out;
  }
  EXPECT_FALSE(Has(r.out, "MISMATCH"));
  EXPECT_FALSE(Has(r.out, "schema_migrations"));
  EXPECT_TRUE(Has(r.out, "corpus_projects                 100        100  ")) << r.out;
  // The plain schema upgrade is still what `migrate` does without --from/--to.
  r = Corridor({"migrate", "--db", SqliteUrl("b.db")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "0 migration(s) applied")) << r.out;
}

TEST_F(BackupCliTest, MigrateSqliteToPostgresAndBackKeepsEveryChecksum) {
  REQUIRE_PG();
  std::string a = SqliteUrl("a.db");
  MakeSource(a, 500);
  ASSERT_EQ(Corridor({"user", "add", "zoe@example.org", "--name", "Zoë O'Brien", "--db", a}).code, 0);
  std::string pg = PgSchemaUrl();
  CommandResult there = Corridor({"migrate", "--from", a, "--to", pg});
  ASSERT_EQ(there.code, 0) << there.out << there.err;
  EXPECT_FALSE(Has(there.out, "MISMATCH")) << there.out;
  EXPECT_TRUE(Has(there.out, "corpus_projects                 500        500  ")) << there.out;
  std::string b = SqliteUrl("b.db");
  CommandResult back = Corridor({"migrate", "--from", pg, "--to", b});
  ASSERT_EQ(back.code, 0) << back.out << back.err;
  EXPECT_FALSE(Has(back.out, "MISMATCH")) << back.out;
  // The per-table hashes printed on the way there and back are the same.
  auto hashes = [](const std::string& out) {
    std::map<std::string, std::string> m;
    bool table = false;
    for (const std::string& line : strings::Split(out, '\n')) {
      if (strings::StartsWith(line, "table ")) table = true;
      else if (table && strings::EndsWith(line, "  OK")) {
        std::vector<std::string> w;
        for (auto& x : strings::Split(line, ' '))
          if (!x.empty()) w.push_back(x);
        if (w.size() == 6) m[w[0]] = w[3];
      }
    }
    return m;
  };
  auto h1 = hashes(there.out), h2 = hashes(back.out);
  EXPECT_GE(h1.size(), 17u) << there.out;
  EXPECT_EQ(h1, h2);
  auto da = Open(a), db = Open(b);
  ASSERT_TRUE(da && db);
  auto cmp = storage::CompareDatabases(*da, *db);
  ASSERT_TRUE(cmp.ok());
  EXPECT_TRUE(storage::AllMatch(*cmp));
  // Commands work on the PostgreSQL copy, and new rows get fresh ids.
  CommandResult list = Corridor({"registry", "list", "neo-cycle", "--db", pg});
  EXPECT_EQ(list.code, 0) << list.err;
  EXPECT_TRUE(Has(list.out, "\n29 sister projects\n")) << list.out;
  CommandResult add = Corridor({"user", "add", "new@example.org", "--db", pg});
  EXPECT_EQ(add.code, 0) << add.err;
  EXPECT_TRUE(Has(add.out, "(id 2)")) << add.out;
}

TEST_F(BackupCliTest, MigrateKilledMidwayLeavesASqliteTargetMarkedUntilForced) {
  std::string from = SqliteUrl("big.db");
  MakeSource(from, 30000);
  KillMidwayThenForce(from, SqliteUrl("target.db"));
}

TEST_F(BackupCliTest, MigrateKilledMidwayLeavesAPostgresTargetMarkedUntilForced) {
  REQUIRE_PG();
  std::string from = SqliteUrl("big.db");
  MakeSource(from, 30000);
  KillMidwayThenForce(from, PgSchemaUrl());
}

TEST_F(BackupCliTest, BadInputGetsAClearError) {
  std::string a = SqliteUrl("a.db");
  MakeSource(a, 0);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  WriteFile(dir_.File("notes.txt"), "just some text, not a backup\n");
  WriteFile(dir_.File("exists.bak"), "x");
  ASSERT_EQ(Corridor({"backup", "--out", dir_.File("good.bak"), "--db", a}).code, 0);
  std::string damaged = ReadFile(dir_.File("good.bak"));
  for (size_t i = 4096; i < 4096 + 64 && i < damaged.size(); ++i) damaged[i] = '\xff';  // a b-tree page header
  WriteFile(dir_.File("damaged.bak"), damaged);
  WriteFile(dir_.File("empty.bak"), "");
  std::vector<Case> cases = {
      {{"migrate", "--from", a}, "both --from and --to are needed"},
      {{"migrate", "--from", SqliteUrl("typo.db"), "--to", SqliteUrl("t.db")},
       "--from: no database file " + dir_.File("typo.db")},
      {{"migrate", "--from", "mysql://x/y", "--to", SqliteUrl("t.db")}, "unknown kind of database URL"},
      {{"migrate", "--from", a, "--to", "postgresql://nobody@127.0.0.1:1/corridor?connect_timeout=2"},
       "--to: cannot connect to postgresql://nobody@127.0.0.1:1/corridor"},
      {{"migrate", "--from", a, "--to", a}, "the source and the target are the same database"},
      {{"migrate", "--from", a, "--to", "sqlite:" + dir_.File("./a.db")}, "the same database"},
      {{"restore", dir_.File("missing.bak"), "--db", SqliteUrl("r.db")}, dir_.File("missing.bak") + ": no such file"},
      {{"restore", dir_.File("notes.txt"), "--db", SqliteUrl("r.db")},
       "is not a Corridor backup: neither a SQLite database nor a PostgreSQL custom-format dump"},
      {{"restore", dir_.File("empty.bak"), "--db", SqliteUrl("r.db")}, "is empty: not a Corridor backup"},
      {{"restore", dir_.File("damaged.bak"), "--db", SqliteUrl("r.db")}, "the SQLite file is damaged"},
      {{"restore", dir_.File("good.bak"), "--db", a}, "is not empty (table "},
      {{"restore", "--db", a}, "usage: corridor restore FILE"},
      {{"backup", "--db", a}, "usage: corridor backup --out FILE"},
      {{"backup", "--out", dir_.File("exists.bak"), "--db", a},
       "exists.bak exists: choose another name or use --force"},
      {{"backup", "--out", dir_.File("no/such/dir/x.bak"), "--db", a}, "--out: no directory"},
      {{"backup", "--out", dir_.File("y.bak"), "--db", SqliteUrl("nope.db")},
       "--db: no database file " + dir_.File("nope.db")},
  };
  for (const Case& c : cases) {
    CommandResult r = Corridor(c.args);
    EXPECT_EQ(r.code, 1) << strings::Join(c.args, " ") << "\n" << r.out;
    EXPECT_TRUE(Has(r.err, c.message)) << strings::Join(c.args, " ") << "\n" << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.File("typo.db"))) << "a mistyped source is not created";
  EXPECT_FALSE(std::filesystem::exists(dir_.File("nope.db")));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("r.db"))) << "nothing restored from a bad file";
  EXPECT_EQ(ReadFile(dir_.File("exists.bak")), "x") << "an existing file is not overwritten";
  // --force overwrites a backup file and replaces a database that holds data.
  CommandResult r = Corridor({"backup", "--out", dir_.File("exists.bak"), "--db", a, "--force"});
  EXPECT_EQ(r.code, 0) << r.err;
  r = Corridor({"restore", dir_.File("good.bak"), "--db", a, "--force"});
  EXPECT_EQ(r.code, 0) << r.err;
  if (PgUrl()) {  // a PostgreSQL dump is not a SQLite backup, and the other way round
    std::string pg = PgSchemaUrl();
    r = Corridor({"restore", dir_.File("good.bak"), "--db", pg});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "is a SQLite backup and the target")) << r.err;
  }
}

}  // namespace
}  // namespace corridor::testing
