// Server-side HTML from mustache templates (assets/templates/*.html, embedded at build).
// {{x}} is HTML-escaped; templates never use {{{x}}} except for "content" built here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "web/router.h"

namespace corridor::web {

// Renders assets/templates/<name>.html inside the layout with the navigation for ctx.
Response RenderPage(RequestContext& ctx, const std::string& name, const std::string& title, nlohmann::json data,
                    int status = 200);
// Renders one template to a string, without the layout.
std::string RenderTemplate(const std::string& name, const nlohmann::json& data);
// URL of an embedded static file with a cache id ("/static/app.css?v=1a2b3c").
std::string StaticUrl(const std::string& file);

}  // namespace corridor::web
