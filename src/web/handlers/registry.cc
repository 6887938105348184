// The sister-projects registry: the list (filters, sorting, paging, counts per stage),
// the record in its four Table-1 sections with its pipeline and change history, the
// create/edit form (per-field errors, version conflicts), pipeline moves and deletion.
#include <algorithm>
#include <optional>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/audit_store.h"
#include "storage/registry_store.h"
#include "web/display.h"
#include "web/handlers/event_common.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using display::StageText;
using display::Thousands;
using display::When;
using domain::FieldSpec;
using domain::FieldType;
using domain::SisterProject;
using nlohmann::json;

std::string DisplayValue(const FieldSpec& f, const std::string& v) { return display::Value(f, v); }

constexpr int kPageSize = 50;
constexpr const char* kEntity = "sister_project";

// ---------- formatting ----------

// Mustache renders a section for any string, even "": conditionals get false instead.
json Opt(const std::string& s) { return s.empty() ? json(false) : json(s); }

std::string Sentence(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Focal(const RequestContext& ctx, const std::string& text) {
  return strings::ReplaceAll(text, "{focal}", ctx.ws->acronym);
}

bool IsHttpUrl(const std::string& v) {
  std::string l = strings::ToLower(v);
  return strings::StartsWith(l, "http://") || strings::StartsWith(l, "https://");
}

json ShownField(const RequestContext& ctx, const FieldSpec& f, const std::string& v) {
  bool url = f.type == FieldType::kUrl && IsHttpUrl(v);
  bool mail = f.type == FieldType::kEmail && !v.empty();
  return {{"label", domain::FieldLabel(f, ctx.ws->acronym)},
          {"text", DisplayValue(f, v)},
          {"empty", v.empty()},
          {"url", url},
          {"mail", mail},
          {"plain", !url && !mail},
          {"href", url ? v : mail ? "mailto:" + v : ""}};
}

json StageBadge(domain::Stage s) { return {{"key", domain::StageKey(s)}, {"label", domain::StageLabel(s)}}; }

json RelevanceBadge(int r) { return r ? json{{"score", r}, {"label", domain::RelevanceLabel(r)}} : json(false); }

std::optional<int64_t> RecordId(const RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

std::string RecordUrl(const RequestContext& ctx, int64_t id, const std::string& rest = "") {
  return ctx.WsUrl("/registry/" + std::to_string(id) + rest);
}

// ---------- list ----------

// The list's query string, kept across sorting, filtering and paging.
struct ListParams {
  std::string q, stage, programme, status, vcl, topic, min_rel, sort = "acronym", dir = "asc";
  int page = 1;
};

ListParams ReadListParams(const Request& req) {
  ListParams p;
  p.q = strings::Trim(req.Query("q"));
  p.stage = req.Query("stage");
  p.programme = req.Query("programme");
  p.status = req.Query("status");
  p.vcl = req.Query("vcl");
  p.topic = req.Query("topic");
  auto rel = domain::ParseRelevance(req.Query("min_rel"));
  p.min_rel = rel ? std::to_string(*rel) : "";
  if (!req.Query("sort").empty()) p.sort = req.Query("sort");
  p.dir = req.Query("dir") == "desc" ? "desc" : "asc";
  auto page = strings::ParseInt(req.Query("page"));
  p.page = page && *page > 0 && *page < 1000000 ? static_cast<int>(*page) : 1;
  return p;
}

std::string ListUrl(const RequestContext& ctx, const ListParams& p) {
  std::vector<std::pair<std::string, std::string>> kv = {
      {"q", p.q},       {"stage", p.stage},     {"programme", p.programme},
      {"status", p.status}, {"vcl", p.vcl},     {"topic", p.topic},
      {"min_rel", p.min_rel}};
  if (p.sort != "acronym" || p.dir != "asc") kv.insert(kv.end(), {{"sort", p.sort}, {"dir", p.dir}});
  if (p.page > 1) kv.emplace_back("page", std::to_string(p.page));
  std::string qs;
  for (auto& [k, v] : kv)
    if (!v.empty()) qs += (qs.empty() ? "?" : "&") + k + "=" + strings::UrlEncode(v);
  return ctx.WsUrl("/registry") + qs;
}

storage::RegistryQuery ToQuery(const ListParams& p) {
  storage::RegistryQuery q;
  q.search = p.q;
  q.stage = p.stage;
  q.programme = p.programme;
  q.status = p.status;
  q.value_chain_link = p.vcl;
  q.topic = p.topic;
  q.min_relevance = p.min_rel.empty() ? 0 : std::stoi(p.min_rel);
  q.sort = p.sort;
  q.descending = p.dir == "desc";
  q.limit = kPageSize;
  q.offset = (p.page - 1) * kPageSize;
  return q;
}

// Select options from the values in use, with their counts ("Horizon Europe (17)").
json Options(const std::map<std::string, int64_t>& counts, const std::string& selected) {
  json out = json::array();
  for (auto& [v, n] : counts) {
    if (v == "(none)") continue;  // CountBy's name for empty: not a filterable value
    out.push_back({{"value", v}, {"label", v + " (" + std::to_string(n) + ")"}, {"selected", v == selected}});
  }
  return out;
}

json FixedOptions(const std::vector<std::pair<std::string, std::string>>& values, const std::string& selected) {
  json out = json::array();
  for (auto& [v, label] : values) out.push_back({{"value", v}, {"label", label}, {"selected", v == selected}});
  return out;
}

struct Column {
  const char* key;  // sort key; "" = not sortable
  const char* label;
  bool num;
  bool desc_first;  // scores read best-first
};

const std::vector<Column>& ListColumns() {
  static const std::vector<Column> c = {
      {"acronym", "Acronym", false, false},
      {"name", "Name", false, false},
      {"programme", "Programme", false, false},
      {"status", "Status", false, false},
      {"coordinator_name", "Coordinator", false, false},
      {"relevance_score", "Relevance", false, true},
      {"", "Value chain", false, false},
      {"topic", "Topic", false, false},
      {"stage", "Stage", false, false},
      {"shared_partner_count", "Shared", true, true},
  };
  return c;
}

json HeaderColumns(const RequestContext& ctx, const ListParams& p) {
  json out = json::array();
  for (const Column& c : ListColumns()) {
    json h = {{"label", c.label}, {"num", c.num}, {"url", false}, {"arrow", ""}, {"aria", false},
              {"hint", std::string(c.key) == "shared_partner_count" ? "Number of " + ctx.ws->acronym + " partners"
                                                                     : "Sort by " + std::string(c.label)}};
    if (*c.key) {
      ListParams next = p;
      next.sort = c.key;
      next.page = 1;
      bool current = p.sort == c.key;
      next.dir = current ? (p.dir == "asc" ? "desc" : "asc") : (c.desc_first ? "desc" : "asc");
      h["url"] = ListUrl(ctx, next);
      if (current) {
        h["arrow"] = p.dir == "asc" ? " ▲" : " ▼";
        h["aria"] = p.dir == "asc" ? "ascending" : "descending";
      }
    }
    out.push_back(h);
  }
  return out;
}

// "Catalysis/Electrocatalysis" as pieces with a line-break opportunity after each '/',
// so that one long topic does not widen the whole table.
json BreakableParts(const std::string& text) {
  json out = json::array();
  auto parts = strings::Split(text, '/');
  for (size_t i = 0; i < parts.size(); ++i)
    out.push_back({{"t", parts[i] + (i + 1 < parts.size() ? "/" : "")}, {"wbr", i + 1 < parts.size()}});
  return out;
}

json ListRow(const RequestContext& ctx, const SisterProject& p) {
  std::string coord = p.Get("coordinator_name");
  if (!p.Get("coordinator_country").empty()) coord += " (" + p.Get("coordinator_country") + ")";
  return {{"url", RecordUrl(ctx, p.id)},
          {"acronym", p.Get("acronym")},
          {"name", p.Get("name")},
          {"programme", p.Get("programme")},
          {"status", p.Get("status")},
          {"coordinator", coord},
          {"rel", RelevanceBadge(p.Relevance())},
          {"links", strings::Join(p.value_chain_links, ", ")},
          {"topic", BreakableParts(p.topic)},
          {"stage", StageBadge(p.stage)},
          {"shared", p.Get("shared_partner_count")}};
}

Response ListPage(RequestContext& ctx) {
  ListParams p = ReadListParams(ctx.req);
  auto conn = ctx.app.db.Acquire();
  storage::RegistryStore store(*conn);
  auto page = store.List(ctx.ws->id, ToQuery(p));
  if (!page.ok()) return ErrorPage(ctx, page.status());
  int pages = static_cast<int>(std::max<int64_t>(1, (page->total + kPageSize - 1) / kPageSize));
  if (p.page > pages) {  // a stale link past the end: show the last page
    p.page = pages;
    page = store.List(ctx.ws->id, ToQuery(p));
    if (!page.ok()) return ErrorPage(ctx, page.status());
  }
  std::map<std::string, std::map<std::string, int64_t>> counts;
  for (const char* dim : {"stage", "programme", "topic", "value_chain_link"}) {
    auto c = store.CountBy(ctx.ws->id, dim);
    if (!c.ok()) return ErrorPage(ctx, c.status());
    counts[dim] = std::move(*c);
  }
  int64_t all = 0;
  for (auto& [k, n] : counts["stage"]) all += n;
  json stage_links = json::array();
  ListParams any = p;
  any.stage = "";
  any.page = 1;
  stage_links.push_back({{"label", "All"}, {"count", Thousands(all)}, {"url", ListUrl(ctx, any)},
                         {"key", "all"}, {"active", p.stage.empty()}});
  json stage_opts = json::array();
  for (domain::Stage s : domain::AllStages()) {
    ListParams one = any;
    one.stage = domain::StageKey(s);
    int64_t n = counts["stage"].count(one.stage) ? counts["stage"][one.stage] : 0;
    stage_links.push_back({{"label", domain::StageLabel(s)}, {"count", Thousands(n)}, {"url", ListUrl(ctx, one)},
                           {"key", one.stage}, {"active", p.stage == one.stage}});
    stage_opts.push_back({{"value", one.stage}, {"label", domain::StageLabel(s)}, {"selected", p.stage == one.stage}});
  }
  json rows = json::array();
  for (const auto& item : page->items) rows.push_back(ListRow(ctx, item));
  int64_t from = page->total ? static_cast<int64_t>(p.page - 1) * kPageSize + 1 : 0;
  int64_t to = from ? from + static_cast<int64_t>(page->items.size()) - 1 : 0;
  ListParams prev = p, next = p;
  prev.page = p.page - 1;
  next.page = p.page + 1;
  bool filtered = !(p.q.empty() && p.stage.empty() && p.programme.empty() && p.status.empty() && p.vcl.empty() &&
                    p.topic.empty() && p.min_rel.empty());
  json data = {
      {"rows", rows},
      {"columns", HeaderColumns(ctx, p)},
      {"stage_links", stage_links},
      {"range", Thousands(from) + "-" + Thousands(to) + " of " + Thousands(page->total)},
      {"page", p.page},
      {"pages", pages},
      {"multi_page", pages > 1},
      {"prev_url", p.page > 1 ? json(ListUrl(ctx, prev)) : json(false)},
      {"next_url", p.page < pages ? json(ListUrl(ctx, next)) : json(false)},
      {"filtered", filtered},
      {"clear_url", ctx.WsUrl("/registry")},
      {"f",
       {{"q", p.q},
        {"sort", p.sort},
        {"dir", p.dir},
        {"stages", stage_opts},
        {"programmes", Options(counts["programme"], p.programme)},
        {"statuses", FixedOptions({{"Ongoing", "Ongoing"}, {"Closed", "Closed"}}, p.status)},
        {"links", Options(counts["value_chain_link"], p.vcl)},
        {"topics", Options(counts["topic"], p.topic)},
        {"min_rels", FixedOptions({{"2", "medium or above"}, {"3", "high or above"}, {"4", "very high"}},
                                  p.min_rel)}}},
  };
  return RenderPage(ctx, "registry_list", ctx.ws->acronym + " registry", data);
}

// ---------- record ----------

// The page-specific state of a refused pipeline move, to show beside its form.
struct MoveAttempt {
  std::string error, to, justification;
};


json HistoryRows(const RequestContext& ctx, const std::vector<storage::AuditEntry>& entries) {
  return display::HistoryRows(entries, ctx.ws->acronym);
}

Response RecordPage(RequestContext& ctx, int64_t id, const MoveAttempt& move, int status) {
  auto conn = ctx.app.db.Acquire();
  storage::RegistryStore store(*conn);
  auto rec = store.Get(ctx.ws->id, id);
  if (!rec.ok()) return ErrorPage(ctx, rec.status());
  if (!*rec)
    return ErrorPage(ctx, Status::NotFound("no sister project " + std::to_string(id) + " in " + ctx.ws->acronym));
  const SisterProject& p = **rec;
  auto steps = store.Steps(id);
  if (!steps.ok()) return ErrorPage(ctx, steps.status());
  auto history = storage::AuditStore(*conn).ForEntity(kEntity, id);
  if (!history.ok()) return ErrorPage(ctx, history.status());

  json sections = json::array();
  for (const std::string& s : domain::Sections()) {
    json fields = json::array();
    for (const FieldSpec& f : domain::SisterProjectFields())
      if (s == f.section) fields.push_back(ShownField(ctx, f, p.Get(f.key)));
    sections.push_back({{"title", Focal(ctx, s)}, {"fields", fields}});
  }
  json step_rows = json::array();
  for (const auto& st : *steps)
    step_rows.push_back({{"from", StageText(st.from_stage)}, {"to", StageText(st.to_stage)}, {"at", When(st.at)},
                         {"who", st.user_name}, {"why", st.justification},
                         {"why_url", events::EventLinkIn(ctx.WsUrl("/events/"), st.justification)}});
  // Every other stage: allowed ones become choices, refused ones show the rule that refuses them.
  json allowed = json::array(), refused = json::array();
  for (domain::Stage s : domain::AllStages()) {
    if (s == p.stage) continue;
    Status ok = domain::CheckTransition(p.stage, s, p.Relevance());
    if (ok.ok())
      allowed.push_back({{"key", domain::StageKey(s)}, {"label", domain::StageLabel(s)},
                         {"checked", move.to == domain::StageKey(s)}});
    else
      refused.push_back({{"label", domain::StageLabel(s)}, {"rule", ok.message()}});
  }
  json data = {
      {"p",
       {{"id", p.id},
        {"acronym", p.Get("acronym")},
        {"name", p.Get("name")},
        {"url", RecordUrl(ctx, p.id)},
        {"grant_id", Opt(p.grant_id)},
        {"updated", When(p.updated_at)},
        {"version", p.version}}},
      {"stage", StageBadge(p.stage)},
      {"rel", RelevanceBadge(p.Relevance())},
      {"sections", sections},
      {"links", Opt(strings::Join(p.value_chain_links, ", "))},
      {"topic", Opt(p.topic)},
      {"level", Opt(domain::RelevanceLabel(p.Relevance()))},
      {"steps", step_rows},
      {"allowed", allowed},
      {"has_allowed", !allowed.empty()},
      {"refused", refused},
      {"move_error", Opt(move.error)},
      {"justification", move.justification},
      {"history", HistoryRows(ctx, *history)},
      {"list_url", ctx.WsUrl("/registry")},
  };
  return RenderPage(ctx, "registry_record", p.Get("acronym") + " · " + ctx.ws->acronym, data, status);
}

Response ShowRecord(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no sister project " + ctx.req.Param("id")));
  return RecordPage(ctx, *id, {}, 200);
}

// ---------- form ----------

// What the form shows besides the values: errors, or the versions a conflict is about.
struct FormState {
  std::vector<domain::FieldError> errors;
  std::string conflict;                   // message from the store
  std::optional<SisterProject> current;   // the stored record, on a conflict
  std::set<std::string> changed;          // keys someone else changed since the form's version
};

std::string ErrorFor(const RequestContext& ctx, const FormState& st, const std::string& key) {
  std::string msg;
  for (const auto& e : st.errors)
    if (e.field == key) msg += (msg.empty() ? "" : "; ") + Focal(ctx, e.message);
  return msg;
}

json CurrentFor(const FormState& st, const std::string& key, const std::string& text) {
  if (!st.current || !st.changed.count(key)) return false;
  return text.empty() ? "(empty)" : text;
}

json FormField(const RequestContext& ctx, const FieldSpec& f, const std::string& value, const FormState& st) {
  std::string error = ErrorFor(ctx, st, f.key);
  std::string id = std::string("f-") + f.key;
  json j = {{"key", f.key},       {"id", id},
            {"label", domain::FieldLabel(f, ctx.ws->acronym)},
            {"req", f.mandatory}, {"help", Focal(ctx, f.help)},
            {"value", value},     {"error", Opt(error)},
            {"wide", f.type == FieldType::kLongText},
            {"current", CurrentFor(st, f.key, st.current ? DisplayValue(f, st.current->Get(f.key)) : "")},
            {"input", false},     {"textarea", false},
            {"select", false},    {"maxlength", false},
            {"step", false},      {"pattern", false},
            {"input_type", "text"}};
  switch (f.type) {
    case FieldType::kLongText:
      j["textarea"] = true;
      j["maxlength"] = static_cast<int64_t>(f.max_length);
      break;
    case FieldType::kStatus:
      j["select"] = true;
      j["options"] = FixedOptions({{"", "Choose…"}, {"Ongoing", "Ongoing"}, {"Closed", "Closed"}}, value);
      break;
    case FieldType::kRelevance:
      j["select"] = true;
      j["options"] = FixedOptions(
          {{"", "Choose…"}, {"1", "1 – low"}, {"2", "2 – medium"}, {"3", "3 – high"}, {"4", "4 – very high"}}, value);
      break;
    default:
      j["input"] = true;
      break;
  }
  if (!j["input"].get<bool>()) return j;
  // A value a date or number input cannot hold stays a text input: what was typed is shown,
  // not blanked by the browser.
  bool raw = false;
  if (!value.empty() && f.type == FieldType::kDate) {
    auto d = dates::Parse(value);
    raw = !d || dates::ToIso(*d) != value;
  }
  if (!value.empty() && (f.type == FieldType::kCount || f.type == FieldType::kEuros))
    raw = !strings::ParseDouble(value);
  switch (f.type) {
    case FieldType::kUrl: j["input_type"] = "url"; j["maxlength"] = static_cast<int64_t>(f.max_length); break;
    case FieldType::kEmail: j["input_type"] = "email"; j["maxlength"] = static_cast<int64_t>(f.max_length); break;
    case FieldType::kDate:
      if (!raw) j["input_type"] = "date";
      j["help"] = "The registry shows it as dd/mm/yyyy";  // the picker follows the browser's locale
      break;
    case FieldType::kCount: if (!raw) { j["input_type"] = "number"; j["step"] = "1"; } break;
    case FieldType::kEuros: if (!raw) { j["input_type"] = "number"; j["step"] = "0.01"; } break;
    case FieldType::kCountry: j["maxlength"] = 2; j["pattern"] = "[A-Za-z]{2}"; break;
    default: j["maxlength"] = static_cast<int64_t>(f.max_length); break;
  }
  return j;
}

Response FormPage(RequestContext& ctx, const SisterProject& p, const FormState& st, int status) {
  bool is_new = p.id == 0;
  json sections = json::array();
  for (const std::string& s : domain::Sections()) {
    json fields = json::array();
    for (const FieldSpec& f : domain::SisterProjectFields())
      if (s == f.section) fields.push_back(FormField(ctx, f, p.Get(f.key), st));
    sections.push_back({{"title", Focal(ctx, s)}, {"fields", fields}});
  }
  // Value-chain links: the defaults plus whatever the record already carries.
  std::vector<std::string> links = domain::DefaultValueChainLinks();
  for (const auto& l : p.value_chain_links)
    if (std::find(links.begin(), links.end(), l) == links.end()) links.push_back(l);
  json link_boxes = json::array();
  int n = 0;
  for (const auto& l : links)
    link_boxes.push_back({{"value", l}, {"id", "vcl-" + std::to_string(n++)},
                          {"checked", std::find(p.value_chain_links.begin(), p.value_chain_links.end(), l) !=
                                          p.value_chain_links.end()}});
  json summary = json::array();
  for (const auto& e : st.errors)
    summary.push_back({{"anchor", domain::FindField(e.field) ? "f-" + e.field : "f-analytics"},
                       {"message", Sentence(Focal(ctx, e.message))}});
  std::string analytics_error = ErrorFor(ctx, st, "value_chain_links");
  std::string topic_error = ErrorFor(ctx, st, "topic");
  json changed = json::array();  // links from the conflict message to what changed
  for (const std::string& key : st.changed) {
    const FieldSpec* f = domain::FindField(key);
    if (f)
      changed.push_back({{"anchor", "f-" + key}, {"label", domain::FieldLabel(*f, ctx.ws->acronym)}, {"last", false}});
    else if (key == "value_chain_links" || key == "topic")
      changed.push_back(
          {{"anchor", "f-analytics"}, {"label", key == "topic" ? "Topic" : "Value-chain links"}, {"last", false}});
  }
  if (!changed.empty()) changed.back()["last"] = true;
  std::string acronym = st.current ? st.current->Get("acronym") : p.Get("acronym");
  json data = {
      {"is_new", is_new},
      {"action", is_new ? ctx.WsUrl("/registry") : RecordUrl(ctx, p.id)},
      {"cancel_url", is_new ? ctx.WsUrl("/registry") : RecordUrl(ctx, p.id)},
      {"heading", is_new ? "New sister project" : "Edit " + acronym},
      {"version", st.current ? st.current->version : p.version},
      {"sections", sections},
      {"links", link_boxes},
      {"links_error", Opt(analytics_error)},
      {"links_current",
       CurrentFor(st, "value_chain_links", st.current ? strings::Join(st.current->value_chain_links, ", ") : "")},
      {"topic", p.topic},
      {"topic_error", Opt(topic_error)},
      {"topic_current", CurrentFor(st, "topic", st.current ? st.current->topic : "")},
      {"topics", domain::DefaultTopics()},
      {"summary", summary},
      {"error_count", static_cast<int64_t>(st.errors.size())},
      {"has_errors", !st.errors.empty()},
      {"conflict", Opt(st.conflict)},
      {"changed", changed},
      {"has_changed", !changed.empty()},
  };
  return RenderPage(ctx, "registry_form", is_new ? "New sister project" : "Edit " + acronym, data, status);
}

// Copies the posted fields over p (which holds the stored record when editing, so that
// stage, grant and the user-edited marks are kept).
void ReadForm(const Request& req, SisterProject& p) {
  for (const FieldSpec& f : domain::SisterProjectFields()) p.fields[f.key] = req.Form(f.key);
  p.value_chain_links = req.FormAll("value_chain_links");
  std::string other = strings::Trim(req.Form("value_chain_link_other"));
  if (!other.empty()) p.value_chain_links.push_back(other);
  p.topic = req.Form("topic");
}

Response NewForm(RequestContext& ctx) {
  SisterProject p;
  p.fields["status"] = "Ongoing";
  return FormPage(ctx, p, {}, 200);
}

Response EditForm(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no sister project " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  auto rec = storage::RegistryStore(*conn).Get(ctx.ws->id, *id);
  if (!rec.ok()) return ErrorPage(ctx, rec.status());
  if (!*rec) return ErrorPage(ctx, Status::NotFound("no sister project " + std::to_string(*id)));
  return FormPage(ctx, **rec, {}, 200);
}

Response Create(RequestContext& ctx) {
  SisterProject p;
  p.workspace_id = ctx.ws->id;
  ReadForm(ctx.req, p);
  auto conn = ctx.app.db.Acquire();
  storage::SaveOutcome out;
  {
    storage::Transaction tx(*conn);
    auto saved = storage::RegistryStore(*conn).Create(p, ctx.actor(), storage::ChangeSource::kUser);
    if (!saved.ok()) return ErrorPage(ctx, saved.status());
    out = *saved;
    if (out.ok())
      if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  }
  if (!out.ok()) return FormPage(ctx, p, {out.errors, "", std::nullopt, {}}, 400);
  return Response::Redirect(RecordUrl(ctx, out.id) + "?notice=" +
                            strings::UrlEncode("Sister project " + p.Get("acronym") + " created."));
}

// Which fields changed since the version the form was loaded with (for the conflict view).
std::set<std::string> ChangedSince(storage::Connection& c, const SisterProject& cur, int64_t version) {
  std::set<std::string> keys;
  auto since = storage::AuditStore(c).SinceVersion(kEntity, cur.id, version);
  if (since.ok())
    for (const auto& e : *since)
      if (!e.field.empty()) keys.insert(e.field);
  return keys;
}

Response Update(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no sister project " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  storage::RegistryStore store(*conn);
  auto rec = store.Get(ctx.ws->id, *id);
  if (!rec.ok()) return ErrorPage(ctx, rec.status());
  if (!*rec) return ErrorPage(ctx, Status::NotFound("no sister project " + std::to_string(*id)));
  SisterProject p = **rec;
  ReadForm(ctx.req, p);
  p.version = strings::ParseInt(ctx.req.Form("version")).value_or(0);
  int64_t loaded_version = p.version;
  Status conflict;
  storage::SaveOutcome out;
  {
    storage::Transaction tx(*conn);
    auto saved = store.Update(p, ctx.actor(), storage::ChangeSource::kUser);
    if (!saved.ok() && saved.status().code() != ErrorCode::kConflict) return ErrorPage(ctx, saved.status());
    if (!saved.ok()) conflict = saved.status();
    else out = *saved;
    if (saved.ok() && out.ok())
      if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  }
  if (!conflict.ok()) {
    // Keep the user's input; show the stored values beside what changed, and carry the
    // stored version so that saving again is a deliberate overwrite.
    auto now = store.Get(ctx.ws->id, *id);
    if (!now.ok()) return ErrorPage(ctx, now.status());
    if (!*now) return ErrorPage(ctx, Status::NotFound("this sister project was deleted by another user"));
    FormState st{{}, Sentence(conflict.message()), **now, ChangedSince(*conn, **now, loaded_version)};
    return FormPage(ctx, p, st, 409);
  }
  if (!out.ok()) return FormPage(ctx, p, {out.errors, "", std::nullopt, {}}, 400);
  std::string notice = p.version == loaded_version ? "Nothing changed." : "Saved.";
  return Response::Redirect(RecordUrl(ctx, *id) + "?notice=" + strings::UrlEncode(notice));
}

// ---------- pipeline and deletion ----------

Response MoveStage(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no sister project " + ctx.req.Param("id")));
  MoveAttempt move{"", ctx.req.Form("to"), ctx.req.Form("justification")};
  auto to = domain::ParseStage(move.to);
  Status s = to ? Status::Ok() : Status::Invalid("choose the stage to move the project to");
  if (s.ok()) {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    s = storage::RegistryStore(*conn).MoveStage(ctx.ws->id, *id, *to, move.justification, ctx.actor());
    if (s.ok()) s = tx.Commit();
  }
  if (s.code() == ErrorCode::kNotFound) return ErrorPage(ctx, s);
  if (!s.ok()) {
    move.error = (to ? "Not moved to " + domain::StageLabel(*to) + ": " : "Not moved: ") + s.message();
    ctx.flash.emplace_back("error", move.error);  // on top too: the pipeline form is far down the page
    return RecordPage(ctx, *id, move, s.code() == ErrorCode::kConflict ? 409 : 400);
  }
  return Response::Redirect(RecordUrl(ctx, *id) + "?notice=" +
                            strings::UrlEncode("Moved to " + domain::StageLabel(*to) + "."));
}

Response Delete(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no sister project " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  storage::RegistryStore store(*conn);
  auto rec = store.Get(ctx.ws->id, *id);
  if (!rec.ok()) return ErrorPage(ctx, rec.status());
  if (!*rec) return ErrorPage(ctx, Status::NotFound("no sister project " + std::to_string(*id)));
  storage::Transaction tx(*conn);
  if (Status s = store.Delete(ctx.ws->id, *id, ctx.actor()); !s.ok()) return ErrorPage(ctx, s);
  if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/registry?notice=") +
                            strings::UrlEncode("Sister project " + (*rec)->Get("acronym") + " deleted."));
}

}  // namespace

void RegisterRegistryRoutes(Router& r) {
  r.Add("GET", "/w/:ws/registry", Access::kViewer, ListPage);
  r.Add("POST", "/w/:ws/registry", Access::kEditor, Create);
  r.Add("GET", "/w/:ws/registry/new", Access::kEditor, NewForm);  // before :id, which would match "new"
  r.Add("GET", "/w/:ws/registry/:id", Access::kViewer, ShowRecord);
  r.Add("POST", "/w/:ws/registry/:id", Access::kEditor, Update);
  r.Add("GET", "/w/:ws/registry/:id/edit", Access::kEditor, EditForm);
  r.Add("POST", "/w/:ws/registry/:id/stage", Access::kEditor, MoveStage);
  r.Add("POST", "/w/:ws/registry/:id/delete", Access::kEditor, Delete);
}

}  // namespace corridor::web
