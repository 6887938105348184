// Discovery: ranks the whole CORDIS corpus against the workspace's focal project (BM25 with
// feedback expansion, in analytics::DiscoveryService), without the focal project and the
// projects already in the registry. Each hit shows its score, the matched terms (expansion
// terms marked) and the partners it shares with the consortium; editors put a hit on the
// longlist in one click, with a suggested relevance they can change first.
#include <cstdio>
#include <set>

#include "analytics/cordis_autofill.h"
#include "analytics/discovery_service.h"
#include "core/dates.h"
#include "core/strings.h"
#include "storage/corpus_store.h"
#include "storage/registry_store.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

constexpr int kPerPage = 20;
constexpr int kMaxPages = 10;

nlohmann::json Opt(const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); }

struct Filters {
  std::string programme;  // HORIZON | H2020 | FP7 | ""
  std::string status;     // ongoing | closed | ""
  std::string from, to;   // years
  std::string topic;      // prefix
  std::string country;    // two letters
  int page = 1;
  std::vector<std::string> errors;

  // The filters as name/value pairs; page: -1 = the current page, else that page (1 = none).
  std::vector<std::pair<std::string, std::string>> Pairs(int page_override = -1) const {
    std::vector<std::pair<std::string, std::string>> out;
    auto add = [&](const char* k, const std::string& v) {
      if (!v.empty()) out.emplace_back(k, v);
    };
    add("programme", programme);
    add("status", status);
    add("from", from);
    add("to", to);
    add("topic", topic);
    add("country", country);
    int p = page_override < 0 ? page : page_override;
    if (p > 1) out.emplace_back("page", std::to_string(p));
    return out;
  }
  std::string Query(int page_override = -1) const {
    std::string q;
    for (auto& [k, v] : Pairs(page_override)) q += (q.empty() ? "" : "&") + k + "=" + strings::UrlEncode(v);
    return q;
  }
};

Filters ReadFilters(const std::function<std::string(const std::string&)>& get) {
  Filters f;
  std::string prog = strings::ToUpper(strings::Trim(get("programme")));
  if (prog == "HORIZON" || prog == "H2020" || prog == "FP7") f.programme = prog;
  std::string st = strings::ToLower(strings::Trim(get("status")));
  if (st == "ongoing" || st == "closed") f.status = st;
  auto year = [&](const char* key, std::string& out, const char* label) {
    std::string v = strings::Trim(get(key));
    if (v.empty()) return;
    auto y = strings::ParseInt(v);
    if (!y || *y < 1980 || *y > 2100) f.errors.push_back(std::string(label) + ": \"" + v + "\" is not a year");
    else out = std::to_string(*y);
  };
  year("from", f.from, "Start year from");
  year("to", f.to, "Start year to");
  if (!f.from.empty() && !f.to.empty() && std::stoi(f.from) > std::stoi(f.to))
    f.errors.push_back("Start year: \"from\" is after \"to\"");
  f.topic = strings::ToUpper(strings::Trim(get("topic")));
  if (f.topic.size() > 100) f.topic.resize(100);
  std::string c = strings::ToUpper(strings::Trim(get("country")));
  if (!c.empty()) {
    if (c == "GR") c = "EL";
    if (c == "GB") c = "UK";
    if (c.size() != 2 || !std::isalpha(static_cast<unsigned char>(c[0])) || !std::isalpha(static_cast<unsigned char>(c[1])))
      f.errors.push_back("Country: \"" + c + "\" is not a two-letter code");
    else f.country = c;
  }
  auto page = strings::ParseInt(get("page"));
  f.page = page ? static_cast<int>(std::clamp<int64_t>(*page, 1, kMaxPages)) : 1;
  return f;
}

// The focal text: the workspace's name and description; without a description, the CORDIS
// record of the workspace's own grant (title, objective, keywords) when the corpus has it.
struct Focal {
  std::string title, objective, keywords, source;
  bool empty() const { return strings::Trim(objective).empty() && strings::Trim(keywords).empty(); }
};

Result<Focal> FocalFor(storage::Connection& c, const domain::Workspace& ws) {
  Focal f;
  f.title = ws.name;
  f.objective = ws.description;
  f.source = "the workspace's name and description (Settings)";
  if (strings::Trim(ws.description).empty() && !ws.grant_id.empty()) {
    auto p = storage::CorpusStore(c).FindByGrant(ws.grant_id);
    if (!p.ok()) return p.status();
    if (*p) {
      if (!(*p)->title.empty()) f.title = (*p)->title;
      f.objective = (*p)->objective;
      f.keywords = (*p)->keywords;
      for (const auto& t : (*p)->scivoc_titles) f.keywords += "; " + t;
      f.source = "the CORDIS record of grant " + ws.grant_id + " (the workspace has no description)";
    }
  }
  return f;
}

// What an editor typed into one hit's form, kept when the add fails.
struct HitInput {
  std::map<std::string, std::string> values;
  std::vector<domain::FieldError> errors;
};

nlohmann::json RelevanceOptions(int selected) {
  nlohmann::json out = nlohmann::json::array();
  for (int i = 1; i <= 4; ++i)
    out.push_back({{"value", std::to_string(i)}, {"label", std::to_string(i) + " – " + domain::RelevanceLabel(i)},
                   {"selected", i == selected}});
  return out;
}

// CORDIS status codes as the registry speaks.
std::string StatusLabel(const std::string& cordis) {
  std::string u = strings::ToUpper(cordis);
  if (u == "SIGNED" || u == "ONG") return "ongoing";
  if (u == "CLOSED" || u == "CLO") return "closed";
  if (u == "TERMINATED") return "terminated";
  return cordis.empty() ? "status unknown" : cordis;
}

std::string MissingLabels(const nlohmann::json& missing) {
  if (missing.size() > 2) return std::to_string(missing.size()) + " fields CORDIS lacks";
  std::string out;
  for (const auto& m : missing) out += (out.empty() ? "" : ", ") + m["label"].get<std::string>();
  return out;
}

std::string Score(float s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", s);
  return buf;
}

Response DiscoverPage(RequestContext& ctx, const Filters& filters, const std::string& grant_with_input,
                      const HitInput* input, const std::string& page_error, int status) {
  nlohmann::json data;
  data["filters"] = {{"from", filters.from}, {"to", filters.to}, {"topic", filters.topic}, {"country", filters.country}};
  data["programmes"] = nlohmann::json::array();
  for (auto [v, l] : {std::pair{"HORIZON", "Horizon Europe"}, {"H2020", "Horizon 2020"}, {"FP7", "FP7"}})
    data["programmes"].push_back({{"value", v}, {"label", l}, {"selected", filters.programme == v}});
  data["statuses"] = nlohmann::json::array();
  for (auto [v, l] : {std::pair{"ongoing", "Ongoing (signed)"}, {"closed", "Closed or terminated"}})
    data["statuses"].push_back({{"value", v}, {"label", l}, {"selected", filters.status == v}});
  nlohmann::json hidden = nlohmann::json::array();
  for (auto& [k, v] : filters.Pairs()) hidden.push_back({{"name", k}, {"value", v}});
  data["hidden_filters"] = hidden;
  std::vector<std::string> errors = filters.errors;
  if (!page_error.empty()) errors.insert(errors.begin(), page_error);
  data["errors"] = errors;
  data["has_errors"] = !errors.empty();

  auto conn = ctx.app.db.Acquire();
  auto corpus_count = storage::CorpusStore(*conn).CountProjects();
  if (!corpus_count.ok()) return ErrorPage(ctx, corpus_count.status());
  data["corpus_count"] = *corpus_count;
  if (*corpus_count == 0) {
    data["corpus_empty"] = true;
    return RenderPage(ctx, "discover", ctx.ws->acronym + " discovery", data, status);
  }
  if (!ctx.app.discovery) {
    data["no_index"] = true;
    return RenderPage(ctx, "discover", ctx.ws->acronym + " discovery", data, status);
  }
  auto focal = FocalFor(*conn, *ctx.ws);
  if (!focal.ok()) return ErrorPage(ctx, focal.status());
  data["focal_source"] = focal->source;
  if (focal->empty()) {
    data["no_focal"] = true;
    return RenderPage(ctx, "discover", ctx.ws->acronym + " discovery", data, status);
  }

  analytics::DiscoveryQuery q;
  q.title = focal->title;
  q.objective = focal->objective;
  q.keywords = focal->keywords;
  if (!ctx.ws->grant_id.empty()) q.exclude_grants.push_back(ctx.ws->grant_id);
  auto listed = conn->Query("SELECT grant_id FROM sister_projects WHERE workspace_id = ? AND grant_id <> ''",
                            {ctx.ws->id});
  if (!listed.ok()) return ErrorPage(ctx, listed.status());
  for (const auto& r : *listed) q.exclude_grants.push_back(r.Text(0));
  if (!filters.programme.empty()) q.programmes = {filters.programme};
  if (filters.status == "ongoing") q.statuses = {"SIGNED", "ONG"};
  if (filters.status == "closed") q.statuses = {"CLOSED", "TERMINATED", "CLO"};
  if (!filters.from.empty()) q.from_year = std::stoi(filters.from);
  if (!filters.to.empty()) q.to_year = std::stoi(filters.to);
  q.topic_prefix = filters.topic;
  q.country = filters.country;
  // From the top: the suggested relevance is relative to the best hit, whatever the page.
  q.offset = 0;
  q.limit = static_cast<size_t>(kPerPage * filters.page);
  auto res = ctx.app.discovery->Discover(q);
  if (!res.ok()) return ErrorPage(ctx, res.status());

  float top = res->hits.empty() ? 0.f : res->hits[0].score;
  size_t first = static_cast<size_t>(kPerPage * (filters.page - 1));
  nlohmann::json hits = nlohmann::json::array();
  dates::Date today = dates::Today();
  for (size_t i = first; i < res->hits.size(); ++i) {
    const auto& h = res->hits[i];
    nlohmann::json terms = nlohmann::json::array();
    std::vector<std::string> term_words, plain_terms;
    for (const auto& t : h.matched_terms) {
      terms.push_back({{"term", t.term}, {"exp", t.from_expansion}});
      if (term_words.size() < 5) term_words.push_back(t.term);
      if (!t.from_expansion && plain_terms.size() < 3) plain_terms.push_back(t.term);
    }
    // Shared partners and CORDIS gaps of this hit only (the displayed page).
    auto fill = analytics::LoadCordisFill(*conn, *ctx.ws, h.grant_id, today);
    if (!fill.ok()) return ErrorPage(ctx, fill.status());
    nlohmann::json shared = {{"count", 0}, {"any", false}};
    nlohmann::json missing = nlohmann::json::array();
    int shared_count = 0;
    const HitInput* in = input && grant_with_input == h.grant_id ? input : nullptr;
    auto value = [&](const std::string& key, const std::string& def) {
      if (in) {
        auto it = in->values.find(key);
        return it == in->values.end() ? std::string() : it->second;
      }
      return def;
    };
    auto field_error = [&](const std::string& key) {
      std::string e;
      if (in)
        for (const auto& fe : in->errors)
          if (fe.field == key) e += (e.empty() ? "" : "; ") + fe.message;
      return Opt(e);
    };
    if (*fill) {
      const auto& o = (*fill)->overlap;
      shared_count = static_cast<int>(o.count());
      nlohmann::json m = nlohmann::json::array();
      for (const auto& s : o.matches)
        m.push_back({{"focal", s.focal_short_name.empty() ? s.focal_name : s.focal_short_name},
                     {"cordis", s.cordis_name}, {"rule", s.rule}});
      shared = {{"count", shared_count}, {"any", shared_count > 0}, {"matches", m}};
      for (const auto& k : analytics::CordisFieldKeys()) {
        const auto* spec = domain::FindField(k);
        if (spec->mandatory && (*fill)->project.Get(k).empty())
          missing.push_back({{"key", k}, {"label", domain::FieldLabel(*spec, ctx.ws->acronym)},
                             {"value", value(k, "")}, {"error", field_error(k)},
                             {"max", static_cast<int64_t>(spec->max_length)}});
      }
    }
    int suggested = analytics::DiscoveryService::SuggestRelevance(h.score, top, shared_count);
    int chosen = suggested;
    if (in) {
      auto r = domain::ParseRelevance(value("relevance_score", ""));
      chosen = r ? *r : 0;
    }
    std::string comment = "Suggested by discovery: score " + Score(h.score) + ", matched: " +
                          strings::Join(term_words, ", ");
    // Errors of fields without an input in the row (the others are shown beside their input).
    std::string errors_text;
    if (in) {
      std::set<std::string> shown = {"industry_field", "relevance_comment"};
      for (const auto& m : missing) shown.insert(m["key"].get<std::string>());
      for (const auto& e : in->errors)
        if (!shown.count(e.field)) errors_text += (errors_text.empty() ? "" : "; ") + e.message;
    }
    // Industry field: a guess from the project's first CORDIS keywords, else its matched words.
    std::string industry_guess = strings::Join(plain_terms, "; ");
    if (*fill && !(*fill)->project.Get("keywords").empty()) {
      auto kw = strings::Split((*fill)->project.Get("keywords"), ';');
      std::vector<std::string> first;
      for (const auto& k : kw)
        if (first.size() < 2 && !strings::Trim(k).empty()) first.push_back(strings::Trim(k));
      industry_guess = strings::Join(first, "; ");
    }
    hits.push_back({{"rank", static_cast<int64_t>(i + 1)},
                    {"grant_id", h.grant_id},
                    {"acronym", h.acronym},
                    {"title", h.title},
                    {"programme", analytics::ProgrammeName(h.framework)},
                    {"status", StatusLabel(h.status)},
                    {"start_year", h.start_date.substr(0, std::min<size_t>(4, h.start_date.size()))},
                    {"topic", Opt(h.topic)},
                    {"score", Score(h.score)},
                    {"terms", terms},
                    {"shared", shared},
                    {"cordis_url", "https://cordis.europa.eu/project/id/" + h.grant_id},
                    {"suggested", suggested},
                    {"suggested_label", domain::RelevanceLabel(suggested)},
                    {"relevance_options", RelevanceOptions(chosen)},
                    {"industry", value("industry_field", industry_guess)},
                    {"industry_error", field_error("industry_field")},
                    {"comment", value("relevance_comment", comment)},
                    {"comment_error", field_error("relevance_comment")},
                    {"missing", missing},
                    {"has_missing", !missing.empty()},
                    {"missing_labels", MissingLabels(missing)},
                    {"open", in != nullptr},
                    {"error", Opt(errors_text)},
                    {"full_form", ctx.WsUrl("/cordis/add?grant=" + strings::UrlEncode(h.grant_id))}});
  }
  data["hits"] = hits;
  data["has_hits"] = !hits.empty();
  data["total"] = static_cast<int64_t>(res->total_matches);
  data["corpus_size"] = static_cast<int64_t>(res->corpus_size);
  data["excluded"] = static_cast<int64_t>(q.exclude_grants.size());
  data["expansion"] = strings::Join(res->expansion_terms, ", ");
  data["has_expansion"] = !res->expansion_terms.empty();
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.0f", res->elapsed_ms);
  data["elapsed_ms"] = ms;
  size_t shown_to = std::min(res->total_matches, static_cast<size_t>(kPerPage * filters.page));
  data["shown_from"] = static_cast<int64_t>(hits.empty() ? 0 : first + 1);
  data["shown_to"] = static_cast<int64_t>(shown_to);
  if (filters.page > 1) data["prev_url"] = ctx.WsUrl("/discover?" + filters.Query(filters.page - 1));
  if (res->total_matches > shown_to && filters.page < kMaxPages)
    data["next_url"] = ctx.WsUrl("/discover?" + filters.Query(filters.page + 1));
  return RenderPage(ctx, "discover", ctx.ws->acronym + " discovery", data, status);
}

Response Discover(RequestContext& ctx) {
  Filters f = ReadFilters([&](const std::string& k) { return ctx.req.Query(k); });
  return DiscoverPage(ctx, f, "", nullptr, "", f.errors.empty() ? 200 : 400);
}

Response AddFromDiscovery(RequestContext& ctx) {
  Filters f = ReadFilters([&](const std::string& k) { return ctx.req.Form(k); });
  std::string grant = strings::Trim(ctx.req.Form("grant"));
  if (grant.empty()) return ErrorPage(ctx, Status::Invalid("grant: missing"));
  HitInput in;
  for (const auto& k : analytics::UserFieldKeys()) in.values[k] = ctx.req.Form(k);
  for (const auto& k : analytics::CordisFieldKeys()) {
    std::string v = ctx.req.Form(k);
    if (!v.empty()) in.values[k] = v;
  }
  std::optional<analytics::AddOutcome> outcome;
  {
    auto conn = ctx.app.db.Acquire();
    auto r = analytics::AddFromCordis(*conn, *ctx.ws, grant, in.values, ctx.actor(), dates::Today());
    if (!r.ok()) return ErrorPage(ctx, r.status());
    outcome = std::move(*r);
  }
  if (outcome->existing)
    return DiscoverPage(ctx, f, "", nullptr,
                        outcome->existing->Get("acronym") + " (grant " + grant + ") is already in the " +
                            ctx.ws->acronym + " registry.",
                        409);
  if (outcome->not_in_corpus)
    return DiscoverPage(ctx, f, "", nullptr, "Grant " + grant + " is not in the CORDIS corpus.", 404);
  if (!outcome->errors.empty()) {
    in.errors = outcome->errors;
    std::string acronym = outcome->fill ? outcome->fill->project.Get("acronym") : grant;
    return DiscoverPage(ctx, f, grant, &in, acronym + " was not added: see the messages in its row.", 400);
  }
  std::string acronym = outcome->fill ? outcome->fill->project.Get("acronym") : grant;
  auto rel = domain::ParseRelevance(in.values["relevance_score"]);
  std::string notice = acronym + " added to the longlist" +
                       (rel ? " with relevance " + std::to_string(*rel) + " (" + domain::RelevanceLabel(*rel) + ")" : "") +
                       ".";
  std::string q = f.Query();
  return Response::Redirect(ctx.WsUrl("/discover?") + (q.empty() ? "" : q + "&") + "notice=" + strings::UrlEncode(notice));
}

}  // namespace

void RegisterDiscoveryRoutes(Router& r) {
  r.Add("GET", "/w/:ws/discover", Access::kViewer, Discover);
  r.Add("POST", "/w/:ws/discover/add", Access::kEditor, AddFromDiscovery);
}

}  // namespace corridor::web
