// Public registration with double opt-in (issue 3): one transaction per registration that checks
// the spam limits, creates the record (or updates the one with the same e-mail), stores each
// consent with its text version, time, source and purpose, and queues the confirmation mail
// carrying the confirmation link and the self-service (withdraw) link. Confirmation activates
// the record and its consents.
#pragma once

#include <string>
#include <vector>

#include "domain/stakeholder.h"
#include "domain/workspace.h"
#include "storage/database.h"

namespace corridor::storage {

class GroupCommit;

struct RegistrationInput {
  domain::Stakeholder person;         // name, organisation, email, country, type/sector/phase, interests
  std::vector<std::string> purposes;  // consents ticked ("contact", "newsletter")
  std::string address;                // client address, for the rate limit
};

struct RegistrationOptions {
  std::string base_url;                 // "https://corridor.example.org" (links in mails)
  std::string source = "registration form";
  int max_per_address = 30;             // per window
  int max_per_email = 5;
  int window_s = 3600;
};

struct RegistrationOutcome {
  int64_t stakeholder_id = 0;
  bool updated = false;       // the e-mail was known: changes held until confirmed, no duplicate
  bool rate_limited = false;  // nothing was written
  std::string confirm_token, self_token;  // raw, as put in the mail
};

// kInvalidArgument names the field ("email: ...", "consent_contact: ...").
Result<RegistrationOutcome> Register(Connection& c, const domain::Workspace& ws, RegistrationInput in,
                                     const RegistrationOptions& options);
// The same as one unit of a group commit (storage/group_commit.h): returns once the registration
// (record, consents, tokens, queued mail) is durably committed, sharing the COMMIT with the
// registrations submitted meanwhile; still one atomic unit (its own savepoint).
Result<RegistrationOutcome> Register(GroupCommit& writer, const domain::Workspace& ws, RegistrationInput in,
                                     const RegistrationOptions& options);

struct ConfirmOutcome {
  int64_t stakeholder_id = 0;
  bool found = false;  // false: unknown, used or expired link
  std::string self_token;  // a fresh self-service link for the page shown after confirming
};
Result<ConfirmOutcome> ConfirmRegistration(Connection& c, int64_t workspace_id, const std::string& raw_token);

// Links in mails and pages.
std::string SelfServiceUrl(const std::string& base_url, const std::string& slug, const std::string& token);
std::string ConfirmUrl(const std::string& base_url, const std::string& slug, const std::string& token);
// Queues a mail to a stakeholder with a fresh self-service link at the end and as
// List-Unsubscribe (RFC 8058 one-click): every mail carries the withdraw link.
Status QueueStakeholderMail(Connection& c, const domain::Workspace& ws, int64_t stakeholder_id, const std::string& to,
                            const std::string& subject, const std::string& body, const std::string& base_url,
                            std::string* self_token = nullptr);

}  // namespace corridor::storage
