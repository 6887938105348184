// Dependency-free SVG bar charts for exports (HTML reports, slides, the PDF pipeline).
// Output is deterministic for given input (no ids from clocks or randomness) and sized by
// viewBox, so it scales in a page. Every piece of text is HTML-escaped.
#pragma once

#include <string>
#include <vector>

namespace corridor::reports {

// Okabe-Ito: distinguishable under the common colour-vision deficiencies.
const std::vector<std::string>& OkabeItoPalette();  // 8 colours, "#RRGGBB"

struct BarItem {
  std::string label;
  double value = 0;  // negative or NaN values are drawn as 0
};

struct BarChartOptions {
  std::string title;        // drawn on top and used as the accessible name; may be empty
  int width = 640;          // viewBox width; the height follows from the number of bars
  int bar_height = 22;
  int bar_gap = 8;
  int font_size = 13;
  int max_label_chars = 40; // longer category labels are cut with "…" (full text in a tooltip)
  std::string color = "#0072B2";  // Okabe-Ito blue
  int value_decimals = 0;   // value labels: 0 = whole numbers ("1,234"), else fixed decimals
};

// Horizontal bars, one per item in the given order, each with its value at the bar's end.
// Exactly one <rect class="bar"> per item (a zero value gives a zero-width bar).
std::string HorizontalBarChartSvg(const std::vector<BarItem>& items, const BarChartOptions& options = {});

enum class BarMode { kGrouped, kStacked };

// values[c][s] is the value of series s in category c (e.g. topic x value-chain link);
// missing entries count as 0.
struct SeriesChartData {
  std::vector<std::string> categories;
  std::vector<std::string> series;
  std::vector<std::vector<double>> values;
};

struct SeriesChartOptions {
  std::string title;
  BarMode mode = BarMode::kStacked;
  int width = 720;
  int bar_height = 22;      // a stacked bar, or one series' bar in grouped mode
  int group_gap = 12;       // between categories
  int font_size = 13;
  int max_label_chars = 40;
  std::vector<std::string> palette;  // empty = OkabeItoPalette(); cycles when shorter
  int value_decimals = 0;
};

// Horizontal grouped or stacked bars with a legend above the plot. Exactly one
// <rect class="bar"> per (category, series) value, in category-then-series order, plus one
// <rect class="swatch"> per series in the legend. Stacked bars are labelled with their total.
std::string SeriesBarChartSvg(const SeriesChartData& data, const SeriesChartOptions& options = {});

}  // namespace corridor::reports
