// Group commit: many small durable write transactions share one COMMIT (one fsync). Callers
// submit a unit of work and block until it is durably committed or has failed; one writer thread
// takes every pending unit, runs each inside its own SAVEPOINT within one transaction (a failing
// unit is rolled back to its savepoint and gets its own error; the others still commit), commits
// once, and only then wakes each caller with its own result.
//
// Contract for a unit:
//  - it writes only through the Connection it is given and never calls Begin/Commit/Rollback
//    (it already runs inside a transaction) nor Run() (the writer would wait for itself);
//  - it may be run more than once: if the batch's transaction breaks before COMMIT (a savepoint
//    cannot be rolled back, e.g. SQLite ended the transaction on an I/O error), the batch is
//    rolled back and each unit not yet failed is run again alone, in a transaction of its own.
//    So a unit resets whatever it reports to its caller at its start; only the effects of the
//    run that is committed remain;
//  - a failed COMMIT is reported to every unit of the batch, not retried: its outcome may be in
//    doubt (a lost PostgreSQL connection), as with any single transaction.
// The queue is bounded (Run waits for room); Shutdown() (and the destructor) lets the writer
// drain what was submitted, then refuses new units.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "storage/database.h"

namespace corridor::storage {

// Where sharing commits pays. SQLite: one write lock and one fsync per COMMIT, so batching is
// what lifts durable writes above ~400/s. PostgreSQL: concurrent transactions already share WAL
// flushes, one writer would serialise the work of the whole pool (measured slower), and a batch
// holds the locks of all its units until COMMIT, which between processes could deadlock.
inline bool GroupCommitPays(Engine engine) { return engine == Engine::kSqlite; }

class GroupCommit {
 public:
  using Unit = std::function<Status(Connection&)>;
  struct Options {
    size_t max_queue = 1024;  // units waiting; Run blocks while full
    size_t max_batch = 256;   // units per transaction (bounds how long one holds the write lock)
  };

  explicit GroupCommit(Database& db) : GroupCommit(db, Options{}) {}
  GroupCommit(Database& db, Options options);
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `unit` in the next batch; returns once its batch has committed (Ok) or with the unit's
  // own error (its writes rolled back), a BEGIN/COMMIT error, or an error after Shutdown().
  Status Run(const Unit& unit);
  void Shutdown();

  // For tests and logs.
  size_t pending() const;
  uint64_t batches() const;   // transactions committed or attempted
  uint64_t committed() const;  // units acknowledged as committed

 private:
  struct Pending;
  void WriterLoop();
  void RunBatch(std::deque<Pending*>& batch);
  static Status Call(const Unit& unit, Connection& c);
  void RunAlone(Pending& p);

  Database& db_;
  Options options_;
  mutable std::mutex mu_;
  std::condition_variable work_;   // writer: units arrived, or stopping
  std::condition_variable room_;   // submitters: the queue has room
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  uint64_t batches_ = 0, committed_ = 0;
  std::thread writer_;
};

}  // namespace corridor::storage
