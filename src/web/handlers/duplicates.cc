// Duplicates of the stakeholder registry: pairs with the same e-mail or a similar name and
// organisation, and a field-by-field merge (the chosen values kept, consents and invitations
// moved to the survivor, the other marked merged; the history stays in the audit log).
#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"
#include "storage/stakeholder_merge.h"
#include "storage/stakeholder_store.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;

Response DuplicatesPage(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto pairs = storage::StakeholderMerge(*conn).FindDuplicates(ctx.ws->id);
  if (!pairs.ok()) return ErrorPage(ctx, pairs.status());
  // Pairs flagged when a record arrived (registration form, import): marked, and listed even when
  // a later edit made them differ.
  storage::StakeholderStore store(*conn);
  auto flags = store.DuplicateFlags(ctx.ws->id);
  if (!flags.ok()) return ErrorPage(ctx, flags.status());
  std::map<std::pair<int64_t, int64_t>, std::string> notes;  // (lower id, higher id) -> note
  for (const auto& f : *flags)
    notes.emplace(std::minmax(f.stakeholder_id, f.other_id), "flagged at " + f.source + " on " + f.flagged_at.substr(0, 10));
  std::vector<storage::DuplicatePair> all = *pairs;
  std::set<std::pair<int64_t, int64_t>> listed;
  for (const auto& p : all) listed.insert({p.a.id, p.b.id});
  for (const auto& [ids, note] : notes) {
    if (listed.count(ids)) continue;
    auto a = store.Get(ctx.ws->id, ids.first);
    auto b = store.Get(ctx.ws->id, ids.second);
    if (!a.ok()) return ErrorPage(ctx, a.status());
    if (!b.ok()) return ErrorPage(ctx, b.status());
    if (*a && *b) all.push_back({**a, **b, "similar name and organisation"});
  }
  json rows = json::array();
  for (const auto& p : all) {
    auto side = [&](const domain::Stakeholder& s) {
      return json{{"id", s.id}, {"name", s.name}, {"organisation", s.organisation}, {"email", s.email},
                  {"url", ctx.WsUrl("/stakeholders/" + std::to_string(s.id))}};
    };
    auto note = notes.find({p.a.id, p.b.id});
    rows.push_back({{"a", side(p.a)}, {"b", side(p.b)}, {"reason", p.reason},
                    {"flagged", note == notes.end() ? std::string() : note->second},
                    {"merge_url", ctx.WsUrl("/duplicates/merge?a=" + std::to_string(p.a.id) +
                                            "&b=" + std::to_string(p.b.id))}});
  }
  return RenderPage(ctx, "duplicates", "Duplicates · " + ctx.ws->acronym, {{"pairs", rows}});
}

Response MergePage(RequestContext& ctx, int64_t a_id, int64_t b_id, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  storage::StakeholderStore store(*conn);
  auto a = store.Get(ctx.ws->id, a_id);
  auto b = store.Get(ctx.ws->id, b_id);
  if (!a.ok()) return ErrorPage(ctx, a.status());
  if (!b.ok()) return ErrorPage(ctx, b.status());
  if (!*a || !*b) return ErrorPage(ctx, Status::NotFound("no such pair of stakeholders"));
  json fields = json::array();
  for (const auto& f : storage::MergeFields()) {
    std::string va = storage::MergeFieldText(**a, f), vb = storage::MergeFieldText(**b, f);
    fields.push_back({{"key", f}, {"a", va}, {"b", vb}, {"same", va == vb},
                      // Prefer a value over an empty one by default.
                      {"take_b", va.empty() && !vb.empty()}});
  }
  json data = {{"a", {{"id", (*a)->id}, {"name", (*a)->name}}},
               {"b", {{"id", (*b)->id}, {"name", (*b)->name}}},
               {"fields", fields},
               {"action", ctx.WsUrl("/duplicates/merge")},
               {"error", error.empty() ? json(false) : json(error)}};
  return RenderPage(ctx, "merge", "Merge stakeholders · " + ctx.ws->acronym, data, status);
}

Response ShowMerge(RequestContext& ctx) {
  auto a = strings::ParseInt(ctx.req.Query("a"));
  auto b = strings::ParseInt(ctx.req.Query("b"));
  if (!a || !b) return ErrorPage(ctx, Status::Invalid("choose two records to merge"));
  return MergePage(ctx, *a, *b, "", 200);
}

Response DoMerge(RequestContext& ctx) {
  auto a = strings::ParseInt(ctx.req.Form("a"));
  auto b = strings::ParseInt(ctx.req.Form("b"));
  if (!a || !b) return ErrorPage(ctx, Status::Invalid("choose two records to merge"));
  // "keep" names the surviving record; each field's radio says which record its value comes from.
  int64_t survivor = ctx.req.Form("keep") == "b" ? *b : *a;
  int64_t other = survivor == *a ? *b : *a;
  std::vector<std::string> take_other;
  for (const auto& f : storage::MergeFields()) {
    std::string from = ctx.req.Form("f_" + f);  // "a" | "b"
    if (from.empty()) continue;
    int64_t source = from == "b" ? *b : *a;
    if (source == other) take_other.push_back(f);
  }
  Status s;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    s = storage::StakeholderMerge(*conn).Merge(ctx.ws->id, survivor, other, take_other, ctx.actor());
    if (s.ok()) s = tx.Commit();
  }
  if (s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kConflict)
    return MergePage(ctx, *a, *b, s.message(), s.code() == ErrorCode::kConflict ? 409 : 400);
  if (!s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/duplicates?notice=" +
                                      strings::UrlEncode("Merged #" + std::to_string(other) + " into #" +
                                                         std::to_string(survivor) + ".")));
}

}  // namespace

void RegisterDuplicateRoutes(Router& r) {
  r.Add("GET", "/w/:ws/duplicates", Access::kEditor, DuplicatesPage);
  r.Add("GET", "/w/:ws/duplicates/merge", Access::kEditor, ShowMerge);
  r.Add("POST", "/w/:ws/duplicates/merge", Access::kEditor, DoMerge);
}

}  // namespace corridor::web
