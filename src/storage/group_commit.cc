#include "storage/group_commit.h"

#include <exception>

namespace corridor::storage {

// Lives on the submitting thread's stack until `done`.
struct GroupCommit::Pending {
  const Unit* unit;
  Status result;
  bool done = false;     // guarded by mu_
  bool settled = false;  // writer only: `result` is final (a failure), not to be run again
  std::condition_variable cv;
};

namespace {
constexpr const char* kSavepoint = "SAVEPOINT corridor_unit";
constexpr const char* kRelease = "RELEASE SAVEPOINT corridor_unit";
constexpr const char* kRollbackTo = "ROLLBACK TO SAVEPOINT corridor_unit";
}  // namespace

GroupCommit::GroupCommit(Database& db, Options options) : db_(db), options_(options) {
  if (options_.max_queue == 0) options_.max_queue = 1;
  if (options_.max_batch == 0) options_.max_batch = 1;
  writer_ = std::thread([this] { WriterLoop(); });
}

GroupCommit::~GroupCommit() { Shutdown(); }

void GroupCommit::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  room_.notify_all();
  if (writer_.joinable() && writer_.get_id() != std::this_thread::get_id()) writer_.join();
}

Status GroupCommit::Run(const Unit& unit) {
  Pending p;
  p.unit = &unit;
  std::unique_lock<std::mutex> lock(mu_);
  room_.wait(lock, [&] { return stopping_ || queue_.size() < options_.max_queue; });
  if (stopping_) return Status::Internal("group commit: shutting down, the write was not run");
  queue_.push_back(&p);
  work_.notify_one();
  p.cv.wait(lock, [&] { return p.done; });
  return p.result;
}

size_t GroupCommit::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}
uint64_t GroupCommit::batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_;
}
uint64_t GroupCommit::committed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return committed_;
}

void GroupCommit::WriterLoop() {
  while (true) {
    std::deque<Pending*> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and drained
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    room_.notify_all();
    RunBatch(batch);
    std::lock_guard<std::mutex> lock(mu_);
    ++batches_;
    for (Pending* p : batch) {
      if (p->result.ok()) ++committed_;
      p->done = true;
      p->cv.notify_one();  // under mu_: `p` is gone as soon as its owner sees done
    }
  }
}

Status GroupCommit::Call(const Unit& unit, Connection& c) {
  try {
    return unit(c);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("group commit: the write failed: ") + e.what());
  }
}

void GroupCommit::RunAlone(Pending& p) {
  try {
    auto conn = db_.Acquire();
    Transaction tx(*conn);
    if (!tx.status().ok()) {
      p.result = tx.status();
      return;
    }
    p.result = Call(*p.unit, *conn);
    if (p.result.ok()) p.result = tx.Commit();
  } catch (const std::exception& e) {
    p.result = Status::Db(std::string("group commit: ") + e.what());
  }
}

void GroupCommit::RunBatch(std::deque<Pending*>& batch) {
  auto fail_all = [&](const Status& s) {
    for (Pending* p : batch)
      if (!p->settled) p->result = s;
  };
  try {
    auto conn = db_.Acquire();
    Transaction tx(*conn);
    if (!tx.status().ok()) return fail_all(tx.status());
    bool broken = false;
    for (Pending* p : batch) {
      if (!conn->ExecScript(kSavepoint).ok()) {
        broken = true;
        break;
      }
      p->result = Call(*p->unit, *conn);
      if (p->result.ok()) {
        if (!conn->ExecScript(kRelease).ok()) broken = true;
      } else {
        p->settled = true;  // its own error, whatever happens to the batch
        if (!conn->ExecScript(kRollbackTo).ok() || !conn->ExecScript(kRelease).ok()) broken = true;
      }
      if (broken) break;
    }
    if (!broken) {
      Status c = tx.Commit();
      // Acknowledged only now: COMMIT has returned (SQLite synchronous=FULL: synced to disk).
      if (!c.ok()) fail_all(c.WithContext("group commit: "));
      return;
    }
    // The transaction cannot go on: nothing of this batch is committed. Run the units that
    // have not failed again, each alone.
    conn->Rollback();
  } catch (const std::exception& e) {
    return fail_all(Status::Db(std::string("group commit: ") + e.what()));
  }
  for (Pending* p : batch)
    if (!p->settled) RunAlone(*p);
}

}  // namespace corridor::storage
