// Counts and charts of the registry (D11.3 Figures 3-5): by value-chain link, topic,
// programme, relevance level, pipeline stage, and topics x value-chain links stacked.
// Chart.js draws them in the browser; each chart has its numbers in a table beneath
// (readable without JavaScript) and SVG/CSV downloads from the same counts.
#include "core/strings.h"
#include "reports/registry_export.h"
#include "storage/registry_store.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;

Result<std::vector<domain::SisterProject>> Projects(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  return storage::RegistryStore(*conn).All(ctx.ws->id);
}

json Palette() {
  json p = json::array();
  for (const auto& c : reports::OkabeItoPalette()) p.push_back(c);
  return p;
}

std::string Note(const std::string& dim) {
  if (dim == "value_chain_link")
    return "A project counts once for every value-chain link it names, so the bars add up to more than the "
           "number of projects.";
  if (dim == "topic_by_link") return "Each bar is a topic, split by the value-chain links its projects name.";
  if (dim == "stage") return "Where each project is in the pipeline now.";
  return "";
}

Result<json> ChartData(RequestContext& ctx, const std::vector<domain::SisterProject>& projects,
                       const std::string& dim) {
  const std::string& focal = ctx.ws->acronym;
  std::string base = ctx.WsUrl("/charts/" + dim);
  json c = {{"key", dim},
            {"title", reports::CountTitle(dim, focal)},
            {"category", reports::CountCategoryLabel(dim)},
            {"note", Note(dim)},
            {"svg_url", base + ".svg"},
            {"csv_url", base + ".csv"}};
  json spec = {{"palette", Palette()}, {"color", reports::BarChartOptions{}.color}};  // as in the SVG
  if (dim == "topic_by_link") {
    reports::SeriesChartData d = reports::TopicByLink(projects);
    json series = json::array(), rows = json::array(), datasets = json::array();
    for (size_t s = 0; s < d.series.size(); ++s) {
      series.push_back(d.series[s]);
      json data = json::array();
      for (size_t k = 0; k < d.categories.size(); ++k) data.push_back(static_cast<int64_t>(d.values[k][s]));
      datasets.push_back({{"label", d.series[s]}, {"data", data}});
    }
    for (size_t k = 0; k < d.categories.size(); ++k) {
      json cells = json::array();
      int64_t total = 0;
      for (double v : d.values[k]) {
        cells.push_back(static_cast<int64_t>(v));
        total += static_cast<int64_t>(v);
      }
      rows.push_back({{"label", d.categories[k]}, {"cells", cells}, {"total", total}});
    }
    c["cross"] = {{"series", series}, {"rows", rows}};
    spec["labels"] = d.categories;
    spec["datasets"] = datasets;
    spec["stacked"] = true;
    c["empty"] = d.categories.empty();
  } else {
    CORRIDOR_ASSIGN_OR_RETURN(std::vector<reports::CountItem> items, reports::CountBy(projects, dim));
    json rows = json::array(), labels = json::array(), data = json::array();
    for (const auto& i : items) {
      rows.push_back({{"label", i.label}, {"count", i.count}});
      labels.push_back(i.label);
      data.push_back(i.count);
    }
    c["rows"] = rows;
    spec["labels"] = labels;
    spec["datasets"] = json::array({{{"label", "Projects"}, {"data", data}}});
    spec["stacked"] = false;
    c["empty"] = projects.empty();
  }
  spec["title"] = c["title"];
  c["spec"] = spec.dump();  // into a data-* attribute: HTML-escaped by the template
  return c;
}

Response ChartsPage(RequestContext& ctx) {
  auto projects = Projects(ctx);
  if (!projects.ok()) return ErrorPage(ctx, projects.status());
  // One chart per dimension in a grid; the topic x link cross table is wide: full width below.
  json charts = json::array(), wide = json::array();
  for (const auto& dim : reports::CountDimensions()) {
    auto c = ChartData(ctx, *projects, dim);
    if (!c.ok()) return ErrorPage(ctx, c.status());
    (c->contains("cross") ? wide : charts).push_back(*c);
  }
  json data = {{"charts", charts},
               {"wide", wide},
               {"total", static_cast<int64_t>(projects->size())},
               {"has_projects", !projects->empty()},
               {"scripts", json::array({StaticUrl("vendor/chart.umd.js"), StaticUrl("charts.js")})}};
  return RenderPage(ctx, "charts", ctx.ws->acronym + " charts", data);
}

// /w/:ws/charts/<dimension>.svg | .csv
Response ChartFile(RequestContext& ctx) {
  std::string file = ctx.req.Param("file");
  std::string dim, ext;
  if (strings::EndsWith(file, ".svg")) ext = "svg";
  else if (strings::EndsWith(file, ".csv")) ext = "csv";
  if (!ext.empty()) dim = file.substr(0, file.size() - 4);
  if (ext.empty() || !reports::IsCountDimension(dim))
    return ErrorPage(ctx, Status::NotFound("no chart " + file + "; charts are " +
                                           strings::Join(reports::CountDimensions(), ", ") + " as .svg or .csv"));
  auto projects = Projects(ctx);
  if (!projects.ok()) return ErrorPage(ctx, projects.status());
  std::string name = ctx.ws->slug + "-" + dim + "." + ext;
  if (ext == "svg") {
    auto svg = reports::CountsSvg(*projects, dim, ctx.ws->acronym);
    if (!svg.ok()) return ErrorPage(ctx, svg.status());
    return Response::Download(std::move(*svg), "image/svg+xml", name);
  }
  auto csv = reports::CountsCsv(*projects, dim, ctx.ws->acronym);
  if (!csv.ok()) return ErrorPage(ctx, csv.status());
  return Response::Download(std::move(*csv), "text/csv; charset=utf-8", name);
}

}  // namespace

void RegisterChartsRoutes(Router& r) {
  r.Add("GET", "/w/:ws/charts", Access::kViewer, ChartsPage);
  r.Add("GET", "/w/:ws/charts/:file", Access::kViewer, ChartFile);
}

}  // namespace corridor::web
