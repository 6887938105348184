// `corridor registry add WORKSPACE GRANT_ID|ACRONYM`: a longlist record filled from the CORDIS
// corpus with the partner overlap, the same path as "Add from CORDIS" on the web.
#include <cctype>
#include <cstdio>

#include "analytics/cordis_autofill.h"
#include "cli/commands.h"
#include "core/dates.h"
#include "core/strings.h"
#include "storage/corpus_store.h"
#include "storage/workspace_store.h"

namespace corridor::cli {

int RunRegistryAdd(const Args& a) {
  if (a.positional.size() != 2)
    return Fail(Status::Invalid(
        "usage: corridor registry add WORKSPACE GRANT_ID|ACRONYM --relevance 1-4 --industry TEXT --comment TEXT "
        "[--set FIELD=VALUE]..."));
  std::map<std::string, std::string> user;
  if (a.Has("relevance")) user["relevance_score"] = a.Get("relevance");
  if (a.Has("industry")) user["industry_field"] = a.Get("industry");
  if (a.Has("comment")) user["relevance_comment"] = a.Get("comment");
  // Mandatory fields CORDIS may lack (e.g. keywords), or any field to set by hand.
  for (const auto& kv : a.GetAll("set")) {
    auto eq = kv.find('=');
    std::string key = eq == std::string::npos ? kv : strings::Trim(kv.substr(0, eq));
    if (eq == std::string::npos || !domain::FindField(key))
      return Fail(Status::Invalid("--set " + kv + ": expected FIELD=VALUE with a field key such as keywords"));
    user[key] = kv.substr(eq + 1);
  }

  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  auto ws = storage::WorkspaceStore(*c).FindBySlug(a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  if (!*ws) return Fail(Status::NotFound("no workspace " + a.positional[0] + " (corridor workspace list)"));

  // Grant ID, else acronym (which must be unambiguous).
  std::string key = strings::Trim(a.positional[1]);
  std::string grant;
  storage::CorpusStore corpus(*c);
  bool digits = !key.empty();
  for (char ch : key) digits &= std::isdigit(static_cast<unsigned char>(ch)) != 0;
  if (digits) {
    auto p = corpus.FindByGrant(key);
    if (!p.ok()) return Fail(p.status());
    if (*p) grant = (*p)->grant_id;
  }
  if (grant.empty()) {
    auto list = corpus.FindByAcronym(key, 20);
    if (!list.ok()) return Fail(list.status());
    if (list->empty())
      return Fail(Status::NotFound("no project with the grant ID or acronym \"" + key + "\" in the CORDIS corpus"));
    if (list->size() > 1) {
      std::fprintf(stderr, "corridor: %zu projects share the acronym %s; give the grant ID:\n", list->size(), key.c_str());
      for (const auto& p : *list)
        std::fprintf(stderr, "  %-10s %-8s %s  %s\n", p.grant_id.c_str(), p.framework.c_str(),
                     p.start_date.substr(0, std::min<size_t>(4, p.start_date.size())).c_str(), p.title.c_str());
      return 1;
    }
    grant = (*list)[0].grant_id;
  }

  auto r = analytics::AddFromCordis(*c, **ws, grant, user, storage::Actor{0, "cli"}, dates::Today());
  if (!r.ok()) return Fail(r.status());
  if (r->existing)
    return Fail(Status::Conflict(r->existing->Get("acronym") + " (grant " + grant + ") is already in the " +
                                 (*ws)->acronym + " registry as record " + std::to_string(r->existing->id)));
  if (r->not_in_corpus) return Fail(Status::NotFound("grant " + grant + " is not in the CORDIS corpus"));
  if (!r->errors.empty()) {
    std::fprintf(stderr, "corridor: nothing was added; please give:\n");
    for (const auto& e : r->errors) {
      std::string flag = e.field == "relevance_score"     ? "--relevance 1-4"
                         : e.field == "industry_field"    ? "--industry TEXT"
                         : e.field == "relevance_comment" ? "--comment TEXT"
                                                          : "--set " + e.field + "=VALUE";
      std::fprintf(stderr, "  %s  (%s)\n", e.message.c_str(), flag.c_str());
    }
    return 1;
  }
  const analytics::AutoFill& fill = *r->fill;
  std::printf("added %s (grant %s) to the %s longlist as record %lld\n", fill.project.Get("acronym").c_str(),
              grant.c_str(), (*ws)->acronym.c_str(), static_cast<long long>(r->id));
  std::printf("  %s, %s, %s partners, coordinator %s (%s)\n", fill.project.Get("programme").c_str(),
              fill.project.Get("status").c_str(), fill.project.Get("partner_count").c_str(),
              fill.project.Get("coordinator_name").c_str(), fill.project.Get("coordinator_country").c_str());
  std::printf("  partners shared with %s: %zu\n", (*ws)->acronym.c_str(), fill.overlap.count());
  for (const auto& m : fill.overlap.matches)
    std::printf("    %s = %s [%s] (by %s)\n", m.focal_short_name.empty() ? m.focal_name.c_str() : m.focal_short_name.c_str(),
                m.cordis_name.c_str(), m.cordis_org_id.c_str(), m.rule.c_str());
  for (const auto& n : fill.notes) std::printf("  note: %s\n", n.c_str());
  return 0;
}

}  // namespace corridor::cli
