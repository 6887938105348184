#include "analytics/discovery_service.h"

#include <algorithm>
#include <exception>
#include <unordered_map>

#include "core/strings.h"
#include "storage/corpus_store.h"

namespace corridor::analytics {

DiscoveryService::DiscoveryService(storage::Database& db) : db_(db) {}

DiscoveryService::~DiscoveryService() {
  stopping_ = true;
  if (warmup_ && warmup_->joinable()) warmup_->join();
}

void DiscoveryService::WarmUpAsync() {
  warmup_ = std::make_unique<std::thread>([this] {
    try {  // nothing may escape a thread: the index is built again on the first search
      Status s = Rebuild();
      if (!s.ok()) std::fprintf(stderr, "corridor: discovery index not built: %s\n", s.message().c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "corridor: discovery index not built: %s\n", e.what());
    }
  });
}

size_t DiscoveryService::IndexedDocuments() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_ ? snapshot_->docs.size() : 0;
}

Result<std::string> DiscoveryService::CorpusSignature() {
  auto c = db_.Acquire();
  // Count plus latest import time: any import or re-import changes it.
  auto rows = c->Query("SELECT COUNT(*), COALESCE(MAX(imported_at), '') FROM corpus_projects");
  if (!rows.ok()) return rows.status();
  return (*rows)[0].Text(0) + "|" + (*rows)[0].Text(1);
}

Status DiscoveryService::Rebuild() {
  std::lock_guard<std::mutex> build_lock(build_mu_);
  auto sig = CorpusSignature();
  if (!sig.ok()) return sig.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (snapshot_ && snapshot_->signature == *sig) return Status::Ok();
  }
  auto snap = std::make_shared<Snapshot>();
  snap->signature = *sig;
  Bm25IndexBuilder builder;
  auto c = db_.Acquire();
  storage::CorpusStore corpus(*c);
  Status add_status;
  Status s = corpus.ForEachForIndex([&](const storage::CorpusProject& p, const std::vector<std::string>& countries) {
    if (!add_status.ok() || stopping_) return;
    int64_t doc = static_cast<int64_t>(snap->docs.size());
    std::string keywords = p.keywords;
    for (auto& t : p.scivoc_titles) keywords += "; " + t;
    DocumentMeta meta;
    meta.programme = p.framework;
    meta.status = p.status;
    meta.start_year = p.start_date.size() >= 4 ? static_cast<int>(strings::ParseInt(p.start_date.substr(0, 4)).value_or(0)) : 0;
    meta.topic_code = p.topic;
    meta.countries = countries;
    add_status = builder.Add(doc, DocumentText{p.title, p.objective, keywords, p.topic_title}, meta);
    DiscoveryHit h;
    h.grant_id = p.grant_id;
    h.acronym = p.acronym;
    h.title = p.title;
    h.framework = p.framework;
    h.status = p.status;
    h.start_date = p.start_date;
    h.topic = p.topic;
    snap->doc_by_grant.emplace(h.grant_id, doc);
    snap->docs.push_back(std::move(h));
  });
  if (!s.ok()) return s;
  if (!add_status.ok()) return add_status;
  snap->index = builder.Build();
  std::lock_guard<std::mutex> lock(mu_);
  snapshot_ = std::move(snap);
  last_check_ = std::chrono::steady_clock::now();
  return Status::Ok();
}

Result<std::shared_ptr<const DiscoveryService::Snapshot>> DiscoveryService::Current() {
  bool check = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto now = std::chrono::steady_clock::now();
    if (!snapshot_ || now - last_check_ > std::chrono::seconds(5)) {
      check = true;
      last_check_ = now;
    }
  }
  if (check) {
    auto sig = CorpusSignature();
    if (!sig.ok()) return sig.status();
    bool stale;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stale = !snapshot_ || snapshot_->signature != *sig;
    }
    if (stale) CORRIDOR_RETURN_IF_ERROR(Rebuild());
  }
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_;
}

Result<DiscoveryResult> DiscoveryService::Discover(const DiscoveryQuery& q) {
  auto start = std::chrono::steady_clock::now();
  auto snap_r = Current();
  if (!snap_r.ok()) return snap_r.status();
  std::shared_ptr<const Snapshot> snap = *snap_r;
  DiscoveryResult out;
  if (!snap) return out;
  out.corpus_size = snap->docs.size();
  SearchRequest req;
  req.title = q.title;
  req.objective = q.objective;
  req.keywords = q.keywords;
  req.limit = q.limit;
  req.offset = q.offset;
  req.expansion = q.expansion;
  req.filters.programmes = q.programmes;
  req.filters.statuses = q.statuses;
  if (q.from_year) req.filters.start_year_min = q.from_year;
  if (q.to_year) req.filters.start_year_max = q.to_year;
  req.filters.topic_prefix = q.topic_prefix;
  if (!q.country.empty()) req.filters.countries = {strings::ToUpper(q.country)};
  for (auto& g : q.exclude_grants)
    if (auto it = snap->doc_by_grant.find(g); it != snap->doc_by_grant.end()) req.exclude_doc_ids.push_back(it->second);
  auto res = snap->index.Search(req);
  if (!res.ok()) return res.status();
  out.total_matches = res->total_matches;
  out.expansion_terms = res->expansion_terms;
  for (auto& h : res->hits) {
    DiscoveryHit hit = snap->docs.at(static_cast<size_t>(h.doc_id));
    hit.score = h.score;
    hit.matched_terms = h.matched_terms;
    out.hits.push_back(std::move(hit));
  }
  out.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return out;
}

int DiscoveryService::SuggestRelevance(float score, float top, int shared_partners) {
  double r = top > 0 ? score / top : 0;
  int s = r >= 0.8 ? 4 : r >= 0.6 ? 3 : r >= 0.4 ? 2 : 1;
  if (shared_partners > 0) s = std::min(4, s + 1);
  return s;
}

}  // namespace corridor::analytics
