// Read access to the CORDIS reference corpus (filled by importers/cordis_importer).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace corridor::storage {

struct CorpusProject {
  std::string grant_id, framework, acronym, title, status, start_date, end_date, total_cost,
      ec_max_contribution, legal_basis, master_call, sub_call, topic, funding_scheme, objective, keywords, rcn,
      content_update_date;
  std::string topic_title;      // from corpus_topics
  std::string programme_title;  // main legal basis title
  std::string website;          // from corpus_weblinks (relatedWebsite / project)
  std::vector<std::string> scivoc_titles;
};

struct CorpusOrganization {
  std::string grant_id, org_id, role, name, short_name, country, city, activity_type, sme, ec_contribution,
      nuts_code, url;
  int64_t order = 0;
};

class CorpusStore {
 public:
  explicit CorpusStore(Connection& c) : c_(c) {}
  Result<std::optional<CorpusProject>> FindByGrant(const std::string& grant_id);
  // Exact acronym match first (case-insensitive); several projects may share an acronym.
  Result<std::vector<CorpusProject>> FindByAcronym(const std::string& acronym, int limit = 20);
  Result<std::vector<CorpusOrganization>> Organizations(const std::string& grant_id);
  Result<int64_t> CountProjects();
  Result<int64_t> CountOrganizations();
  // Streams every project (fields needed by discovery) in grant order.
  Status ForEachForIndex(const std::function<void(const CorpusProject&, const std::vector<std::string>& countries)>& fn);

 private:
  Status Enrich(CorpusProject& p);
  Connection& c_;
};

}  // namespace corridor::storage
