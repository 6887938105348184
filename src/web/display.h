// Stored values in the form people read: dates dd/mm/yyyy, euros with thousands,
// relevance with its label, stages by name, and audit entries as history rows.
// Shared by every page that shows records or their history.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/sister_project.h"
#include "storage/audit_store.h"

namespace corridor::web::display {

std::string When(const std::string& iso_timestamp);  // "2026-11-26T11:13:30Z" -> "26/11/2026 11:13"
std::string Dmy(const std::string& iso_date);
std::string Thousands(int64_t n);
std::string Euros(const std::string& v);
std::string RelevanceText(const std::string& v);    // "3" -> "3 (high)"
std::string StageText(const std::string& key);      // "interaction_filtered" -> "Interaction-filtered"
std::string Value(const domain::FieldSpec& f, const std::string& v);
// The JSON of shared-partner matches recorded by CORDIS auto-fill, as a sentence.
std::string PartnerMatchesText(const std::string& json_text);

// One history row per audit entry: at, who, action, what (field label), old, new, refresh;
// `focal` replaces {focal} in labels.
nlohmann::json HistoryRows(const std::vector<storage::AuditEntry>& entries, const std::string& focal);

}  // namespace corridor::web::display
