// Bulk upserts into the CORDIS reference corpus (the write side of corpus_store.h).
//
// Rows are buffered per table and written as multi-row INSERT ... ON CONFLICT DO UPDATE
// statements (a few hundred rows each, one prepared statement per table): on PostgreSQL that is
// one network round trip per batch instead of per row. Rows with the same key inside one batch
// are merged first, with the same rule the database applies (PostgreSQL refuses a statement that
// touches one row twice). The writer never opens a transaction: the importer owns one
// Transaction per import run, which is both the all-or-nothing guarantee and the speed trick
// (one fsync per run, synchronous stays FULL).
//
// Buffered rows reach the database on Flush(), which InferFrameworks, RefreshKeywords and
// RecordRun call first. The destructor never writes (it may run after a rollback): call one of
// them before committing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"

namespace corridor::storage {

// Values are already normalised by the importer (ISO dates, plain decimals, UTF-8).
struct ProjectRecord {
  std::string grant_id, framework, acronym, title, status, start_date, end_date, total_cost, ec_max_contribution,
      legal_basis, master_call, sub_call, topic, funding_scheme, objective, cordis_keywords, rcn, content_update_date,
      grant_doi, ec_signature_date, nature;
  std::string source;  // the file it came from, for provenance
};

struct OrganizationRecord {
  std::string grant_id, org_id, role, name, short_name, country, city, activity_type, sme, ec_contribution, nuts_code,
      url, vat_number, street, post_code, geolocation, contact_form, net_ec_contribution, total_cost,
      end_of_participation, active, rcn, content_update_date;
  int64_t order = 0;
};

struct TopicRecord {
  std::string grant_id, code, title;
};

struct LegalBasisRecord {
  std::string grant_id, code, title;
  bool is_main = false;
};

struct EuroSciVocRecord {
  std::string grant_id, code, path, title, description;
};

struct WebLinkRecord {
  std::string grant_id, url, type, represents, source;
};

struct ImportRunRecord {
  std::string kind = "cordis";
  std::string started_at, finished_at, user_name, files, report;
  int64_t read_rows = 0, imported = 0, rejected = 0;
};

struct CorpusWriterOptions {
  std::string imported_at;  // stamped on every project row; empty: now
  // An empty incoming value never blanks a stored one: a partial export (e.g. a CORDIS search
  // export without legal basis) imported over a full one keeps what the full one said.
  bool keep_nonempty = true;
  // SQLite page cache for the bulk write (KiB); the previous size is restored by the destructor.
  int64_t cache_size_kib = 1024 * 1024;
  // Rows per INSERT statement (capped so one statement stays under 32,000 parameters); 1 writes
  // row by row.
  int batch_rows = 0;  // 0: the engine's default
};

// Rows written per table (upserts, so a re-import counts again).
struct CorpusWriteCounts {
  int64_t projects = 0, organizations = 0, topics = 0, legal_basis = 0, euroscivoc = 0, weblinks = 0;
  int64_t total() const { return projects + organizations + topics + legal_basis + euroscivoc + weblinks; }
};

class CorpusWriter {
 public:
  // Prepares every statement up front so a schema mismatch fails before any row is read.
  static Result<std::unique_ptr<CorpusWriter>> Create(Connection& c, CorpusWriterOptions options = {});
  ~CorpusWriter();
  CorpusWriter(const CorpusWriter&) = delete;
  CorpusWriter& operator=(const CorpusWriter&) = delete;

  // Upsert keys: grant_id; (grant_id, org_id, role); (grant_id, code) for topics, legal basis and
  // euroSciVoc; (grant_id, url) for web links. keywords is never written here (see RefreshKeywords).
  // Records are taken by value: their strings move into the statement parameters. A failed write
  // may surface at a later call (the batch it belongs to is written then); the error names the
  // table and the keys of that batch.
  Status UpsertProject(ProjectRecord r);
  Status UpsertOrganization(OrganizationRecord r);
  Status UpsertTopic(TopicRecord r);
  Status UpsertLegalBasis(LegalBasisRecord r);
  Status UpsertEuroSciVoc(EuroSciVocRecord r);
  Status UpsertWebLink(WebLinkRecord r);

  // Derived columns, run once all rows of an import are in (side tables may come after
  // project.csv, or in another run, so neither can be computed row by row).
  // Projects still without a framework get it from their legal basis (HORIZON./H2020-/FP7-)
  // or topic prefix (HORIZON-). Returns the number of projects updated.
  Result<int64_t> InferFrameworks();
  // keywords = the CORDIS keywords column, then the euroSciVoc titles (by code), de-duplicated
  // case-insensitively, joined by "; ". Grants without a project row are skipped.
  Status RefreshKeywords(const std::vector<std::string>& grant_ids);

  // Writes every buffered row.
  Status Flush();

  // Inserts the import_runs row; returns its id.
  Result<int64_t> RecordRun(const ImportRunRecord& r);

  const CorpusWriteCounts& counts() const { return counts_; }

 private:
  struct Batch;  // one table's buffered rows and statement (corpus_writer.cc)
  CorpusWriter(Connection& c, CorpusWriterOptions options);
  Status PrepareAll();
  Status Add(Batch& b, int64_t& counter);

  Connection& c_;
  CorpusWriterOptions options_;
  CorpusWriteCounts counts_;
  int64_t previous_cache_size_ = 0;
  bool cache_size_changed_ = false;
  std::unique_ptr<Batch> project_, organization_, topic_, legal_basis_, euroscivoc_, weblink_;
};

}  // namespace corridor::storage
