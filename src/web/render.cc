#include "web/render.h"

#include <kainjow/mustache.hpp>

#include <mutex>
#include <unordered_map>

#include "core/embedded_files.h"
#include "core/strings.h"

namespace corridor::web {

namespace mustache = kainjow::mustache;

namespace {

mustache::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), ToData(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& x : j) d.push_back(ToData(x));
      return d;
    }
    case nlohmann::json::value_t::string: {
      // An empty string is falsy, as in the mustache spec's JavaScript reading, so that
      // {{#error}}...{{/error}} shows nothing when there is no error; {{x}} still renders "".
      const std::string& s = j.get_ref<const std::string&>();
      return s.empty() ? mustache::data(false) : mustache::data(s);
    }
    case nlohmann::json::value_t::boolean: return j.get<bool>() ? mustache::data(true) : mustache::data(false);
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return mustache::data(std::to_string(j.get<int64_t>()));
    case nlohmann::json::value_t::number_float: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.4g", j.get<double>());
      return mustache::data(std::string(buf));
    }
    default: return mustache::data(false);
  }
}

// Parsed templates are cached: they are immutable, embedded in the binary.
const std::string& TemplateSource(const std::string& name) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::string> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::string_view src = embedded::Get("assets/templates/" + name + ".html");
  if (src.empty()) throw std::runtime_error("missing template " + name);
  return cache.emplace(name, std::string(src)).first->second;
}

}  // namespace

std::string RenderTemplate(const std::string& name, const nlohmann::json& data) {
  mustache::mustache tmpl(TemplateSource(name));
  // Partials: {{> name}} loads assets/templates/_name.html.
  mustache::data d = ToData(data);
  if (!tmpl.is_valid()) throw std::runtime_error("template " + name + ": " + tmpl.error_message());
  std::string out = tmpl.render(d);
  return out;
}

std::string StaticUrl(const std::string& file) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::string> ids;
  std::lock_guard<std::mutex> lock(mu);
  auto it = ids.find(file);
  if (it == ids.end()) {
    std::string_view data = embedded::Get("assets/static/" + file);
    it = ids.emplace(file, strings::Sha256Hex(data).substr(0, 12)).first;
  }
  return "/static/" + file + "?v=" + it->second;
}

Response RenderPage(RequestContext& ctx, const std::string& name, const std::string& title, nlohmann::json data,
                    int status) {
  data["csrf"] = ctx.csrf;
  if (ctx.ws) {
    data["ws"] = {{"slug", ctx.ws->slug}, {"acronym", ctx.ws->acronym}, {"name", ctx.ws->name},
                  {"url", "/w/" + ctx.ws->slug}};
    data["can_edit"] = ctx.CanEdit();
    data["is_admin"] = ctx.IsAdmin();
  }
  std::string content = RenderTemplate(name, data);
  nlohmann::json layout = {{"title", title}, {"content", content}, {"csrf", ctx.csrf},
                           {"css", StaticUrl("app.css")}, {"js", StaticUrl("app.js")}};
  if (ctx.user) layout["user"] = {{"name", ctx.user->display_name}, {"email", ctx.user->email},
                                  {"site_admin", ctx.user->is_site_admin}};
  if (ctx.ws) {
    layout["ws"] = data["ws"];
    layout["role"] = ctx.role ? domain::RoleKey(*ctx.role) : "";
    layout["can_edit"] = ctx.CanEdit();
    layout["is_admin"] = ctx.IsAdmin();
  }
  nlohmann::json flashes = nlohmann::json::array();
  for (auto& [kind, msg] : ctx.flash) flashes.push_back({{"kind", kind}, {"message", msg}});
  std::string notice = ctx.req.Query("notice");
  if (!notice.empty() && notice.size() < 300) flashes.push_back({{"kind", "ok"}, {"message", notice}});
  layout["flash"] = flashes;
  if (data.contains("scripts")) layout["scripts"] = data["scripts"];
  return Response::Html(RenderTemplate("layout", layout), status);
}

}  // namespace corridor::web
