// Shared by the stakeholder pages (registration.cc, stakeholder_rights.cc, stakeholders.cc):
// the public page shell (no app navigation, optionally embeddable), the base URL for links in
// mails, taxonomy choices and a stakeholder as template data.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/consent.h"
#include "domain/stakeholder.h"
#include "storage/taxonomy_store.h"
#include "web/router.h"

namespace corridor::web::stakeholders {

// Renders assets/templates/<name>.html inside register_layout.html. `embeddable`: may be framed
// by any site (the registration form); other public pages keep frame-ancestors 'none'.
Response PublicPage(RequestContext& ctx, const std::string& name, const std::string& title, nlohmann::json data,
                    int status = 200, bool embeddable = false);
// An error on a public page (a refused form token, a failed lookup) in the same shell, so that
// it shows inside the iframe the form is embedded in; `embeddable` as for PublicPage.
// 400/403/404/409/413, else 500 with a generic message (the cause goes to the log).
Response PublicErrorPage(RequestContext& ctx, const Status& status, bool embeddable);
// AppConfig::public_url without a trailing slash, or http://localhost.
std::string BaseUrl(const RequestContext& ctx);
// [{value,label,selected}] for one taxonomy kind, with an empty first choice.
nlohmann::json Choices(const std::vector<storage::TaxonomyRow>& rows, domain::TaxonomyKind kind,
                       const std::string& selected);
// Fields as shown, with taxonomy labels and the tier.
nlohmann::json Shown(const domain::Stakeholder& s, const std::vector<storage::TaxonomyRow>& rows);
nlohmann::json ConsentRows(const std::vector<domain::Consent>& consents);
// The field a validation message names ("email: not valid" -> "email").
std::string FieldOf(const Status& s);

}  // namespace corridor::web::stakeholders
