#include "reports/svg_chart.h"

#include <gtest/gtest.h>

#include <limits>
#include <regex>
#include <set>
#include <string>

namespace corridor::reports {
namespace {

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = s.find(needle); pos != std::string::npos; pos = s.find(needle, pos + needle.size())) ++n;
  return n;
}

// Width attribute of the i-th bar.
double BarWidth(const std::string& svg, size_t i) {
  std::regex bar("<rect class=\"bar\" x=\"[^\"]+\" y=\"[^\"]+\" width=\"([^\"]+)\"");
  auto it = std::sregex_iterator(svg.begin(), svg.end(), bar);
  for (size_t k = 0; k < i && it != std::sregex_iterator(); ++k) ++it;
  if (it == std::sregex_iterator()) return -1;
  return std::stod((*it)[1]);
}

// Every '&' must start an entity we produce: raw text never leaks into the markup.
bool AmpersandsAreEntities(const std::string& svg) {
  for (size_t pos = svg.find('&'); pos != std::string::npos; pos = svg.find('&', pos + 1)) {
    std::string tail = svg.substr(pos, 6);
    if (tail.rfind("&amp;", 0) && tail.rfind("&lt;", 0) && tail.rfind("&gt;", 0) && tail.rfind("&quot;", 0) &&
        tail.rfind("&#39;", 0))
      return false;
  }
  return true;
}

std::vector<BarItem> Items() { return {{"Recycling technology", 12}, {"Upcycling", 6}, {"Collection", 0}}; }

TEST(HorizontalBarChart, OneRectPerBarWithValueLabels) {
  BarChartOptions o;
  o.title = "Projects per topic";
  std::string svg = HorizontalBarChartSvg(Items(), o);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 ", 0), 0u) << svg;
  EXPECT_EQ(Count(svg, "<rect"), 3u);
  EXPECT_EQ(Count(svg, "<rect class=\"bar\""), 3u);
  EXPECT_NE(svg.find("<title>Projects per topic</title>"), std::string::npos);
  EXPECT_NE(svg.find(">Recycling technology</text>"), std::string::npos);
  EXPECT_NE(svg.find("<text class=\"value\""), std::string::npos);
  EXPECT_NE(svg.find(">12</text>"), std::string::npos);
  EXPECT_NE(svg.find(">6</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0</text>"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

TEST(HorizontalBarChart, BarLengthsAreProportional) {
  std::string svg = HorizontalBarChartSvg(Items());
  double longest = BarWidth(svg, 0), half = BarWidth(svg, 1), zero = BarWidth(svg, 2);
  ASSERT_GT(longest, 0);
  EXPECT_NEAR(half, longest / 2, 0.01);
  EXPECT_EQ(zero, 0);
}

TEST(HorizontalBarChart, EscapesAllText) {
  BarChartOptions o;
  o.title = "A & B <b>";
  std::string svg = HorizontalBarChartSvg({{"<script>alert(1)</script>", 1}, {"\"quoted\" 'x'", 2}}, o);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("&quot;quoted&quot; &#39;x&#39;"), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"A &amp; B &lt;b&gt;\""), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_TRUE(AmpersandsAreEntities(svg));
}

TEST(HorizontalBarChart, OutputIsStable) {
  EXPECT_EQ(HorizontalBarChartSvg(Items()), HorizontalBarChartSvg(Items()));
  // Pinned geometry: a change in layout must be deliberate.
  std::string svg = HorizontalBarChartSvg({{"A", 1}});
  EXPECT_NE(svg.find("<rect class=\"bar\" x=\"27.8\" y=\"12\" width=\"586.4\" height=\"22\" fill=\"#0072B2\">"
                     "<title>A: 1</title></rect>"),
            std::string::npos)
      << svg;
}

TEST(HorizontalBarChart, LongLabelsAreCutButKeptInTooltip) {
  std::string label(80, 'x');
  BarChartOptions o;
  o.width = 1000;  // wide enough that max_label_chars (40) is the binding cap
  std::string svg = HorizontalBarChartSvg({{label, 3}}, o);
  EXPECT_NE(svg.find(">" + std::string(39, 'x') + "\xE2\x80\xA6</text>"), std::string::npos) << svg;
  // On a narrow chart the label column is capped at 45% of the width instead.
  o.width = 640;
  svg = HorizontalBarChartSvg({{label, 3}}, o);
  EXPECT_NE(svg.find(">" + std::string(35, 'x') + "\xE2\x80\xA6</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>" + label + ": 3</title>"), std::string::npos);
}

TEST(HorizontalBarChart, ValueLabelsGroupThousandsAndHonourDecimals) {
  BarChartOptions o;
  std::string svg = HorizontalBarChartSvg({{"Budget", 1234567}}, o);
  EXPECT_NE(svg.find(">1,234,567</text>"), std::string::npos);
  o.value_decimals = 2;
  svg = HorizontalBarChartSvg({{"Budget", 1234.5}}, o);
  EXPECT_NE(svg.find(">1,234.50</text>"), std::string::npos);
}

TEST(HorizontalBarChart, EmptyAndDegenerateInput) {
  std::string svg = HorizontalBarChartSvg({});
  EXPECT_EQ(Count(svg, "<rect"), 0u);
  EXPECT_NE(svg.find("No data"), std::string::npos);
  svg = HorizontalBarChartSvg({{"negative", -3}, {"not a number", std::numeric_limits<double>::quiet_NaN()}});
  EXPECT_EQ(Count(svg, "<rect class=\"bar\""), 2u);
  EXPECT_EQ(BarWidth(svg, 0), 0);
  EXPECT_EQ(BarWidth(svg, 1), 0);
  EXPECT_EQ(Count(svg, "<text class=\"value\""), 2u);
  EXPECT_EQ(Count(svg, ">0</text>"), 2u);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("-3"), std::string::npos);
}

SeriesChartData TopicByLink() {
  SeriesChartData d;
  d.categories = {"Recycling technology", "Upcycling"};
  d.series = {"Research", "Collection phase", "Sorting"};
  d.values = {{3, 1, 2}, {0, 4}};  // the short row reads as 0 for "Sorting"
  return d;
}

TEST(SeriesBarChart, StackedHasOneRectPerValuePlusLegend) {
  SeriesChartOptions o;
  o.title = "Topic x value-chain link";
  std::string svg = SeriesBarChartSvg(TopicByLink(), o);
  EXPECT_EQ(Count(svg, "<rect class=\"bar\""), 6u);
  EXPECT_EQ(Count(svg, "<rect class=\"swatch\""), 3u);
  EXPECT_EQ(Count(svg, "<rect"), 9u);
  for (const char* name : {">Research</text>", ">Collection phase</text>", ">Sorting</text>"})
    EXPECT_NE(svg.find(name), std::string::npos) << name;
  // Okabe-Ito colours in series order.
  EXPECT_NE(svg.find("fill=\"#E69F00\""), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#56B4E9\""), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#009E73\""), std::string::npos);
  // Totals at the end of each stack.
  EXPECT_NE(svg.find(">6</text>"), std::string::npos);
  EXPECT_NE(svg.find(">4</text>"), std::string::npos);
  // The longest stack (6) spans the plot; segments of one category share a y.
  double full = BarWidth(svg, 0) + BarWidth(svg, 1) + BarWidth(svg, 2);
  double second = BarWidth(svg, 3) + BarWidth(svg, 4) + BarWidth(svg, 5);
  EXPECT_NEAR(second, full * 4 / 6, 0.05);
  EXPECT_NE(svg.find("<title>Upcycling \xE2\x80\x94 Sorting: 0</title>"), std::string::npos);
}

TEST(SeriesBarChart, GroupedBarsStartAtTheAxisOnSeparateRows) {
  SeriesChartOptions o;
  o.mode = BarMode::kGrouped;
  std::string svg = SeriesBarChartSvg(TopicByLink(), o);
  EXPECT_EQ(Count(svg, "<rect class=\"bar\""), 6u);
  std::regex bar("<rect class=\"bar\" x=\"([^\"]+)\" y=\"([^\"]+)\"");
  std::set<std::string> xs, ys;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it) {
    xs.insert((*it)[1]);
    ys.insert((*it)[2]);
  }
  EXPECT_EQ(xs.size(), 1u);
  EXPECT_EQ(ys.size(), 6u);
  // The largest single value (4) spans the plot.
  EXPECT_NEAR(BarWidth(svg, 0), BarWidth(svg, 4) * 3 / 4, 0.05);
}

TEST(SeriesBarChart, EscapesCategoriesAndSeries) {
  SeriesChartData d;
  d.categories = {"<script>x</script>"};
  d.series = {"A&B", "\"s\""};
  d.values = {{1, 2}};
  std::string svg = SeriesBarChartSvg(d);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;x&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find(">A&amp;B</text>"), std::string::npos);
  EXPECT_NE(svg.find(">&quot;s&quot;</text>"), std::string::npos);
  EXPECT_TRUE(AmpersandsAreEntities(svg));
}

TEST(SeriesBarChart, LegendWrapsAndPaletteCycles) {
  SeriesChartData d;
  d.categories = {"c"};
  for (int i = 0; i < 10; ++i) d.series.push_back("Series number " + std::to_string(i));
  d.values = {std::vector<double>(10, 1)};
  SeriesChartOptions o;
  o.width = 400;
  std::string svg = SeriesBarChartSvg(d, o);
  std::regex swatch("<rect class=\"swatch\" x=\"[^\"]+\" y=\"([^\"]+)\"");
  std::set<std::string> rows;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), swatch); it != std::sregex_iterator(); ++it)
    rows.insert((*it)[1]);
  EXPECT_GT(rows.size(), 1u);
  // Series 8 reuses colour 0.
  EXPECT_EQ(Count(svg, "fill=\"#E69F00\""), 4u);  // two swatches, two bars
  EXPECT_EQ(SeriesBarChartSvg(d, o), svg);
}

TEST(SeriesBarChart, EmptyInputSaysNoData) {
  std::string svg = SeriesBarChartSvg({});
  EXPECT_NE(svg.find("No data"), std::string::npos);
  EXPECT_EQ(Count(svg, "<rect"), 0u);
}

TEST(Palette, IsOkabeIto) {
  const auto& p = OkabeItoPalette();
  ASSERT_EQ(p.size(), 8u);
  EXPECT_EQ(p[0], "#E69F00");
  EXPECT_EQ(p[4], "#0072B2");
}

}  // namespace
}  // namespace corridor::reports
