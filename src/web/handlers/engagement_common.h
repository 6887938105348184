// Shared by the stakeholder list, segments, invitations and contact exchange pages: the segment
// filter read from a query string or form (the same parameter names as the CLI flags), written
// back as a query string, and the filter form's choices.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/engagement.h"
#include "storage/database.h"
#include "storage/taxonomy_store.h"
#include "web/router.h"

namespace corridor::web::engagement {

// Reads type, sector, phase, tier, country, tag (repeatable), consent, actor and q from the
// query string (GET) or the form (POST). Invalid values are dropped and described in `errors`.
domain::SegmentFilter ReadFilter(const Request& req, std::vector<std::string>* errors);
// "type=ngos&tier=monitor" (URL-encoded, no leading '?').
std::string FilterQuery(const domain::SegmentFilter& f);
// The filter form's data: {q, types:[{value,label,selected}], sectors, phases, tiers, countries,
// tags, consents, actor_yes, actor_no, hidden:[{name,value}]}.
nlohmann::json FilterForm(const domain::SegmentFilter& f, const std::vector<storage::TaxonomyRow>& taxonomy,
                          const std::vector<std::string>& countries, const std::vector<std::string>& tags);
// The filter as people read it, with taxonomy labels.
std::string Describe(const domain::SegmentFilter& f, const std::vector<storage::TaxonomyRow>& taxonomy);
std::string TierText(const std::string& tier_key);  // "Manage closely", "" -> "unscored"
// The taxonomy of the workspace (seeded on first use).
Result<std::vector<storage::TaxonomyRow>> Taxonomy(storage::Connection& c, int64_t workspace_id);

}  // namespace corridor::web::engagement
