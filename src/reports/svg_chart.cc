#include "reports/svg_chart.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include "core/strings.h"

namespace corridor::reports {

namespace {

constexpr double kMargin = 12;
constexpr double kCharWidth = 0.6;  // average glyph width / font size for sans-serif text
constexpr const char* kFontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
constexpr const char* kTextColor = "#222222";
constexpr const char* kAxisColor = "#999999";

// Coordinates: at most two decimals, trailing zeros dropped; std::to_chars ignores the
// C locale, so a server running under a comma-decimal locale still writes "12.5".
std::string Num(double v) {
  if (!std::isfinite(v)) v = 0;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

double Clean(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

// Value labels: "1,234" or "1,234.50" with decimals.
std::string ValueLabel(double v, int decimals) {
  decimals = std::clamp(decimals, 0, 6);
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string s(buf, ec == std::errc() ? end : buf);
  size_t dot = s.find('.');
  size_t int_end = dot == std::string::npos ? s.size() : dot;
  size_t start = (!s.empty() && s[0] == '-') ? 1 : 0;
  std::string out = s.substr(0, start);
  for (size_t i = start; i < int_end; ++i) {
    if (i > start && (int_end - i) % 3 == 0) out += ',';
    out += s[i];
  }
  out += s.substr(int_end);
  return out;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Cuts to max_chars code points, ending with "…" when shortened.
std::string Ellipsize(std::string_view s, size_t max_chars) {
  if (Utf8Length(s) <= max_chars) return std::string(s);
  if (max_chars == 0) return "";
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == max_chars - 1) return std::string(s.substr(0, i)) + "\xE2\x80\xA6";
      ++n;
    }
  }
  return std::string(s);
}

double TextWidth(std::string_view s, int font_size) { return static_cast<double>(Utf8Length(s)) * kCharWidth * font_size; }

std::string Esc(std::string_view s) { return strings::HtmlEscape(strings::EnsureUtf8(s)); }

// Common frame: <svg> with viewBox, accessible name, font defaults on a <g>.
void OpenSvg(std::string& out, double width, double height, const std::string& title, int font_size) {
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
         "\" width=\"" + Num(width) + "\" height=\"" + Num(height) + "\" role=\"img\"";
  if (!title.empty()) out += " aria-label=\"" + Esc(title) + "\"";
  out += ">\n";
  if (!title.empty()) out += "<title>" + Esc(title) + "</title>\n";
  out += "<g font-family=\"" + std::string(kFontFamily) + "\" font-size=\"" + std::to_string(font_size) +
         "\" fill=\"" + kTextColor + "\">\n";
}

void CloseSvg(std::string& out) { out += "</g>\n</svg>\n"; }

double TitleHeight(const std::string& title, int font_size) { return title.empty() ? 0 : font_size * 1.6 + 8; }

void DrawTitle(std::string& out, const std::string& title, int font_size) {
  if (title.empty()) return;
  out += "<text class=\"title\" x=\"" + Num(kMargin) + "\" y=\"" + Num(kMargin + font_size * 1.2) +
         "\" font-size=\"" + std::to_string(font_size + 3) + "\" font-weight=\"bold\">" + Esc(title) + "</text>\n";
}

// Baseline that centres a line of text on a box of height h starting at y (no reliance on
// dominant-baseline, which some SVG-to-PDF converters ignore).
double CentredBaseline(double y, double h, int font_size) { return y + h / 2 + font_size * 0.35; }

struct LabelColumn {
  size_t max_chars;
  double width;
};

// Width of the category-label column: the longest label, capped by the option and by 45%
// of the chart so that bars keep room.
LabelColumn FitLabels(const std::vector<std::string>& labels, int width, int font_size, int max_label_chars) {
  size_t cap = static_cast<size_t>(std::max(1.0, 0.45 * width / (kCharWidth * font_size)));
  cap = std::min(cap, static_cast<size_t>(std::max(1, max_label_chars)));
  size_t longest = 0;
  for (const auto& l : labels) longest = std::max(longest, Utf8Length(strings::EnsureUtf8(l)));
  size_t chars = std::min(longest, cap);
  return {cap, chars * kCharWidth * font_size};
}

void DrawNoData(std::string& out, double y, int font_size) {
  out += "<text class=\"empty\" x=\"" + Num(kMargin) + "\" y=\"" + Num(y + font_size) + "\">No data</text>\n";
}

}  // namespace

const std::vector<std::string>& OkabeItoPalette() {
  static const std::vector<std::string> kPalette = {"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                                    "#0072B2", "#D55E00", "#CC79A7", "#000000"};
  return kPalette;
}

std::string HorizontalBarChartSvg(const std::vector<BarItem>& items, const BarChartOptions& o) {
  const int fs = std::max(6, o.font_size);
  const double width = std::max(200, o.width);
  const double bh = std::max(4, o.bar_height), gap = std::max(0, o.bar_gap);
  const double top = kMargin + TitleHeight(o.title, fs);
  std::string out;

  if (items.empty()) {
    double height = top + 2 * fs + kMargin;
    OpenSvg(out, width, height, o.title, fs);
    DrawTitle(out, o.title, fs);
    DrawNoData(out, top, fs);
    CloseSvg(out);
    return out;
  }

  std::vector<std::string> labels;
  double max_value = 0;
  size_t value_chars = 1;
  for (const auto& it : items) {
    labels.push_back(it.label);
    max_value = std::max(max_value, Clean(it.value));
    value_chars = std::max(value_chars, Utf8Length(ValueLabel(Clean(it.value), o.value_decimals)));
  }
  LabelColumn lc = FitLabels(labels, static_cast<int>(width), fs, o.max_label_chars);
  const double x0 = kMargin + lc.width + 8;
  const double value_w = value_chars * kCharWidth * fs + 6;
  const double plot_w = std::max(40.0, width - x0 - kMargin - value_w);
  const double height = top + items.size() * (bh + gap) - gap + kMargin;

  OpenSvg(out, width, height, o.title, fs);
  DrawTitle(out, o.title, fs);
  for (size_t i = 0; i < items.size(); ++i) {
    const double v = Clean(items[i].value);
    const double y = top + i * (bh + gap);
    const double w = max_value > 0 ? v / max_value * plot_w : 0;
    const std::string label = strings::EnsureUtf8(items[i].label);
    const std::string value_text = ValueLabel(v, o.value_decimals);
    const double base = CentredBaseline(y, bh, fs);
    out += "<text class=\"label\" x=\"" + Num(x0 - 8) + "\" y=\"" + Num(base) + "\" text-anchor=\"end\">" +
           Esc(Ellipsize(label, lc.max_chars)) + "</text>\n";
    out += "<rect class=\"bar\" x=\"" + Num(x0) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) + "\" height=\"" +
           Num(bh) + "\" fill=\"" + Esc(o.color) + "\"><title>" + Esc(label) + ": " + value_text + "</title></rect>\n";
    out += "<text class=\"value\" x=\"" + Num(x0 + w + 4) + "\" y=\"" + Num(base) + "\">" + value_text + "</text>\n";
  }
  out += "<line class=\"axis\" x1=\"" + Num(x0) + "\" y1=\"" + Num(top - 4) + "\" x2=\"" + Num(x0) + "\" y2=\"" +
         Num(height - kMargin + 4) + "\" stroke=\"" + kAxisColor + "\"/>\n";
  CloseSvg(out);
  return out;
}

std::string SeriesBarChartSvg(const SeriesChartData& data, const SeriesChartOptions& o) {
  const int fs = std::max(6, o.font_size);
  const double width = std::max(240, o.width);
  const double bh = std::max(4, o.bar_height), group_gap = std::max(0, o.group_gap);
  const std::vector<std::string>& palette = o.palette.empty() ? OkabeItoPalette() : o.palette;
  const size_t ns = data.series.size(), nc = data.categories.size();
  auto value = [&](size_t c, size_t s) {
    return c < data.values.size() && s < data.values[c].size() ? Clean(data.values[c][s]) : 0.0;
  };
  auto colour = [&](size_t s) { return Esc(palette[s % palette.size()]); };

  // Legend layout: swatch + name, wrapping onto further rows when the width is used up.
  struct LegendItem {
    double x, y;
    std::string name;
  };
  std::vector<LegendItem> legend;
  const double title_h = TitleHeight(o.title, fs);
  const double legend_row_h = fs + 8, swatch = 12;
  double lx = kMargin, ly = kMargin + title_h;
  for (size_t s = 0; s < ns; ++s) {
    std::string name = Ellipsize(strings::EnsureUtf8(data.series[s]), 40);
    double item_w = swatch + 4 + TextWidth(name, fs) + 16;
    if (lx > kMargin && lx + item_w > width - kMargin) {
      lx = kMargin;
      ly += legend_row_h;
    }
    legend.push_back({lx, ly, name});
    lx += item_w;
  }
  const double legend_h = ns ? (ly - (kMargin + title_h)) + legend_row_h + 6 : 0;
  const double top = kMargin + title_h + legend_h;

  std::string out;
  if (nc == 0 || ns == 0) {
    double height = top + 2 * fs + kMargin;
    OpenSvg(out, width, height, o.title, fs);
    DrawTitle(out, o.title, fs);
    DrawNoData(out, top, fs);
    CloseSvg(out);
    return out;
  }

  const bool stacked = o.mode == BarMode::kStacked;
  double max_value = 0;
  size_t value_chars = 1;
  for (size_t c = 0; c < nc; ++c) {
    double total = 0;
    for (size_t s = 0; s < ns; ++s) {
      total += value(c, s);
      if (!stacked) max_value = std::max(max_value, value(c, s));
    }
    if (stacked) max_value = std::max(max_value, total);
  }
  value_chars = Utf8Length(ValueLabel(max_value, o.value_decimals));
  LabelColumn lc = FitLabels(data.categories, static_cast<int>(width), fs, o.max_label_chars);
  const double x0 = kMargin + lc.width + 8;
  const double value_w = value_chars * kCharWidth * fs + 6;
  const double plot_w = std::max(40.0, width - x0 - kMargin - value_w);
  const double block_h = stacked ? bh : bh * static_cast<double>(ns);
  const double height = top + nc * (block_h + group_gap) - group_gap + kMargin;
  auto scale = [&](double v) { return max_value > 0 ? v / max_value * plot_w : 0; };

  OpenSvg(out, width, height, o.title, fs);
  DrawTitle(out, o.title, fs);
  out += "<g class=\"legend\">\n";
  for (size_t s = 0; s < ns; ++s) {
    const auto& li = legend[s];
    const double sy = li.y + (legend_row_h - swatch) / 2;
    out += "<rect class=\"swatch\" x=\"" + Num(li.x) + "\" y=\"" + Num(sy) + "\" width=\"" + Num(swatch) +
           "\" height=\"" + Num(swatch) + "\" fill=\"" + colour(s) + "\"/>\n";
    out += "<text x=\"" + Num(li.x + swatch + 4) + "\" y=\"" + Num(CentredBaseline(li.y, legend_row_h, fs)) + "\">" +
           Esc(li.name) + "</text>\n";
  }
  out += "</g>\n";

  for (size_t c = 0; c < nc; ++c) {
    const std::string category = strings::EnsureUtf8(data.categories[c]);
    const double y = top + c * (block_h + group_gap);
    out += "<text class=\"label\" x=\"" + Num(x0 - 8) + "\" y=\"" + Num(CentredBaseline(y, block_h, fs)) +
           "\" text-anchor=\"end\">" + Esc(Ellipsize(category, lc.max_chars)) + "</text>\n";
    double x = x0, total = 0;
    for (size_t s = 0; s < ns; ++s) {
      const double v = value(c, s);
      const double w = scale(v);
      const double by = stacked ? y : y + s * bh;
      const std::string tip = Esc(category) + " \xE2\x80\x94 " + Esc(strings::EnsureUtf8(data.series[s])) + ": " +
                              ValueLabel(v, o.value_decimals);
      out += "<rect class=\"bar\" x=\"" + Num(stacked ? x : x0) + "\" y=\"" + Num(by) + "\" width=\"" + Num(w) +
             "\" height=\"" + Num(bh) + "\" fill=\"" + colour(s) + "\"" +
             // A white seam keeps adjacent stacked segments apart whatever the colour vision.
             (stacked ? " stroke=\"#FFFFFF\" stroke-width=\"1\"" : "") + "><title>" + tip + "</title></rect>\n";
      if (!stacked && v > 0) {
        out += "<text class=\"value\" x=\"" + Num(x0 + w + 4) + "\" y=\"" + Num(CentredBaseline(by, bh, fs - 2)) +
               "\" font-size=\"" + std::to_string(fs - 2) + "\">" + ValueLabel(v, o.value_decimals) + "</text>\n";
      }
      x += w;
      total += v;
    }
    if (stacked) {
      out += "<text class=\"value\" x=\"" + Num(x + 4) + "\" y=\"" + Num(CentredBaseline(y, bh, fs)) + "\">" +
             ValueLabel(total, o.value_decimals) + "</text>\n";
    }
  }
  out += "<line class=\"axis\" x1=\"" + Num(x0) + "\" y1=\"" + Num(top - 4) + "\" x2=\"" + Num(x0) + "\" y2=\"" +
         Num(height - kMargin + 4) + "\" stroke=\"" + kAxisColor + "\"/>\n";
  CloseSvg(out);
  return out;
}

}  // namespace corridor::reports
