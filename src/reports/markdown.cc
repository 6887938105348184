#include "reports/markdown.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace corridor::reports {

namespace {

void AppendEscaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;  // NUL is never passed through
      default: out += c;
    }
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsPunct(char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

constexpr size_t kMaxUrl = 2048;
constexpr const char* kLinkRel = " rel=\"nofollow noopener noreferrer\"";

// ---- inline ----

class InlineRenderer {
 public:
  InlineRenderer(std::string_view s, const MarkdownOptions& o, std::string& out) : s_(s), o_(o), out_(out) {}
  void Render() { Range(0, s_.size(), 0, false); }

 private:
  // A failed search for a closer of `kind` from `from` up to `end` also fails for any later
  // start and earlier end: remembering it keeps hostile input ("*a *a *a ...") linear.
  struct Miss {
    size_t from = 1, end = 0;  // empty
  };
  bool KnownMiss(const std::string& kind, size_t from, size_t end) const {
    auto it = miss_.find(kind);
    return it != miss_.end() && from >= it->second.from && end <= it->second.end;
  }
  void NoteMiss(const std::string& kind, size_t from, size_t end) { miss_[kind] = {from, end}; }

  size_t RunLength(size_t i, size_t end, char c) const {
    size_t j = i;
    while (j < end && s_[j] == c) ++j;
    return j - i;
  }

  // Closing run of `c` for emphasis (n = 1) or strong (n = 2): returns the index where the
  // closing delimiter of n chars starts, or npos.
  size_t FindEmphasisCloser(size_t from, size_t end, char c, size_t n) {
    std::string kind = std::string(n, c);
    if (KnownMiss(kind, from, end)) return std::string_view::npos;
    for (size_t k = from; k < end;) {
      if (s_[k] == '\\') {
        k += 2;
        continue;
      }
      if (s_[k] != c) {
        ++k;
        continue;
      }
      size_t run = RunLength(k, end, c);
      size_t close = k + run - n;  // the last n chars of the run
      bool ok = (n == 1 ? run == 1 || run == 3 : run >= 2) && k > from && !IsSpace(s_[k - 1]);
      if (ok && c == '_' && k + run < end && IsAlnum(s_[k + run])) ok = false;
      if (ok) return close;
      k += run;
    }
    NoteMiss(kind, from, end);
    return std::string_view::npos;
  }

  size_t FindChar(size_t from, size_t end, char c) {
    std::string kind = std::string("find") + c;
    if (KnownMiss(kind, from, end)) return std::string_view::npos;
    for (size_t k = from; k < end; ++k) {
      if (s_[k] == '\\') {
        ++k;
        continue;
      }
      if (s_[k] == c) return k;
    }
    NoteMiss(kind, from, end);
    return std::string_view::npos;
  }

  void Text(std::string_view t) { AppendEscaped(out_, t); }

  // [text](url "title"): j is the ']' followed by '('. Returns the index after ')' or npos;
  // fills url and title.
  size_t ParseDestination(size_t j, size_t end, std::string& url, std::string& title) {
    size_t k = j + 2;
    while (k < end && (s_[k] == ' ' || s_[k] == '\n')) ++k;
    int depth = 0;
    size_t start = k;
    while (k < end && k - start <= kMaxUrl) {
      char c = s_[k];
      if (IsSpace(c)) break;
      if (c == '(') ++depth;
      if (c == ')') {
        if (depth == 0) break;
        --depth;
      }
      if (c == '\\' && k + 1 < end) ++k;
      ++k;
    }
    if (k >= end || k - start > kMaxUrl) return std::string_view::npos;
    url = std::string(s_.substr(start, k - start));
    while (k < end && (s_[k] == ' ' || s_[k] == '\n')) ++k;
    if (k < end && (s_[k] == '"' || s_[k] == '\'')) {
      char q = s_[k];
      size_t t = k + 1;
      while (t < end && s_[t] != q && t - k <= kMaxUrl) ++t;
      if (t >= end || s_[t] != q) return std::string_view::npos;
      title = std::string(s_.substr(k + 1, t - k - 1));
      k = t + 1;
      while (k < end && (s_[k] == ' ' || s_[k] == '\n')) ++k;
    }
    if (k >= end || s_[k] != ')') return std::string_view::npos;
    return k + 1;
  }

  void Link(std::string_view url, std::string_view title) {
    out_ += "<a href=\"";
    AppendEscaped(out_, url);
    out_ += "\"";
    if (!title.empty()) {
      out_ += " title=\"";
      AppendEscaped(out_, title);
      out_ += "\"";
    }
    out_ += kLinkRel;
    out_ += ">";
  }

  void Range(size_t begin, size_t end, int depth, bool in_link) {
    if (depth > o_.max_inline_depth) {
      Text(s_.substr(begin, end - begin));
      return;
    }
    size_t i = begin;
    size_t plain = i;  // start of the pending run of ordinary characters
    auto flush = [&](size_t upto) {
      if (upto > plain) Text(s_.substr(plain, upto - plain));
    };
    while (i < end) {
      char c = s_[i];
      if (c != '\\' && c != ' ' && c != '`' && c != '*' && c != '_' && c != '[' && c != '<') {
        ++i;
        continue;
      }
      flush(i);
      if (c == '\\') {
        if (i + 1 < end && s_[i + 1] == '\n') {
          out_ += "<br>\n";
          i += 2;
        } else if (i + 1 < end && IsPunct(s_[i + 1])) {
          Text(s_.substr(i + 1, 1));
          i += 2;
        } else {
          out_ += '\\';
          ++i;
        }
      } else if (c == ' ') {
        size_t j = i;
        while (j < end && s_[j] == ' ') ++j;
        if (j < end && s_[j] == '\n') {
          out_ += (j - i >= 2) ? "<br>\n" : "\n";
          i = j + 1;
        } else {
          out_.append(j - i, ' ');
          i = j;
        }
      } else if (c == '`') {
        size_t n = RunLength(i, end, '`');
        size_t close = FindCodeCloser(i + n, end, n);
        if (close == std::string_view::npos) {
          out_.append(n, '`');
          i += n;
        } else {
          std::string code(s_.substr(i + n, close - i - n));
          std::replace(code.begin(), code.end(), '\n', ' ');
          if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' &&
              code.find_first_not_of(' ') != std::string::npos)
            code = code.substr(1, code.size() - 2);
          out_ += "<code>";
          Text(code);
          out_ += "</code>";
          i = close + n;
        }
      } else if (c == '*' || c == '_') {
        size_t run = RunLength(i, end, c);
        bool opener = i + run < end && !IsSpace(s_[i + run]) && !(c == '_' && i > begin && IsAlnum(s_[i - 1]));
        size_t close = std::string_view::npos;
        size_t n = 0;
        if (opener && run >= 2) {
          close = FindEmphasisCloser(i + 2, end, c, 2);
          n = 2;
        }
        if (opener && close == std::string_view::npos && run == 1) {
          close = FindEmphasisCloser(i + 1, end, c, 1);
          n = 1;
        }
        if (close == std::string_view::npos) {
          out_ += c;  // one literal delimiter; the rest of the run gets its own chance
          ++i;
        } else {
          out_ += n == 2 ? "<strong>" : "<em>";
          Range(i + n, close, depth + 1, in_link);
          out_ += n == 2 ? "</strong>" : "</em>";
          i = close + n;
        }
      } else if (c == '[') {
        size_t j = in_link ? std::string_view::npos : FindChar(i + 1, end, ']');
        std::string url, title;
        size_t after = std::string_view::npos;
        if (j != std::string_view::npos && j + 1 < end && s_[j + 1] == '(')
          after = ParseDestination(j, end, url, title);
        if (after == std::string_view::npos) {
          out_ += '[';
          ++i;
        } else if (!IsSafeLinkTarget(url)) {
          Text(s_.substr(i, after - i));  // shown as written, never a link
          i = after;
        } else {
          Link(url, title);
          Range(i + 1, j, depth + 1, true);
          out_ += "</a>";
          i = after;
        }
      } else {  // '<': an autolink or just text
        size_t k = i + 1;
        while (k < end && k - i <= kMaxUrl && s_[k] != '>' && s_[k] != '<' && !IsSpace(s_[k])) ++k;
        std::string_view url = k < end && s_[k] == '>' ? s_.substr(i + 1, k - i - 1) : std::string_view();
        if (!in_link && !url.empty() && IsSafeLinkTarget(url)) {
          Link(url, "");
          Text(StartsWithNoCase(url, "mailto:") ? url.substr(7) : url);
          out_ += "</a>";
          i = k + 1;
        } else {
          out_ += "&lt;";
          ++i;
        }
      }
      plain = i;
    }
    flush(end);
  }

  size_t FindCodeCloser(size_t from, size_t end, size_t n) {
    std::string kind = "code" + std::to_string(n);
    if (KnownMiss(kind, from, end)) return std::string_view::npos;
    for (size_t k = from; k < end;) {
      if (s_[k] != '`') {
        ++k;
        continue;
      }
      size_t run = RunLength(k, end, '`');
      if (run == n) return k;
      k += run;
    }
    NoteMiss(kind, from, end);
    return std::string_view::npos;
  }

  std::string_view s_;
  const MarkdownOptions& o_;
  std::string& out_;
  std::map<std::string, Miss> miss_;
};

// ---- blocks ----

size_t Indent(std::string_view l) {
  size_t n = 0;
  while (n < l.size() && l[n] == ' ') ++n;
  return n;
}
bool IsBlank(std::string_view l) { return l.find_first_not_of(" \t\r") == std::string_view::npos; }
std::string_view TrimLeft(std::string_view l) { return l.substr(std::min(Indent(l), l.size())); }

// ``` or ~~~ fence: returns the fence char and length, or 0.
std::pair<char, size_t> Fence(std::string_view l) {
  if (Indent(l) > 3) return {0, 0};
  l = TrimLeft(l);
  if (l.empty() || (l[0] != '`' && l[0] != '~')) return {0, 0};
  size_t n = 0;
  while (n < l.size() && l[n] == l[0]) ++n;
  if (n < 3) return {0, 0};
  if (l[0] == '`' && l.substr(n).find('`') != std::string_view::npos) return {0, 0};
  return {l[0], n};
}

int HeadingLevel(std::string_view l) {
  if (Indent(l) > 3) return 0;
  l = TrimLeft(l);
  size_t n = 0;
  while (n < l.size() && l[n] == '#') ++n;
  if (n == 0 || n > 6) return 0;
  if (n < l.size() && l[n] != ' ' && l[n] != '\t') return 0;
  return static_cast<int>(n);
}

bool IsRule(std::string_view l) {
  if (Indent(l) > 3) return false;
  l = TrimLeft(l);
  if (l.empty() || (l[0] != '-' && l[0] != '*' && l[0] != '_')) return false;
  size_t count = 0;
  for (char c : l) {
    if (c == l[0])
      ++count;
    else if (c != ' ' && c != '\t' && c != '\r')
      return false;
  }
  return count >= 3;
}

bool IsQuote(std::string_view l) { return Indent(l) <= 3 && !TrimLeft(l).empty() && TrimLeft(l)[0] == '>'; }

struct Marker {
  bool ok = false;
  bool ordered = false;
  char delim = 0;      // '-', '*', '+' or '.', ')'
  long start = 1;
  size_t offset = 0;   // where the item's content starts
  bool empty = false;  // nothing after the marker
};

Marker ListMarker(std::string_view l) {
  Marker m;
  size_t sp = Indent(l);
  if (sp > 3 || sp >= l.size()) return m;
  size_t k = sp;
  if (l[k] == '-' || l[k] == '*' || l[k] == '+') {
    m.delim = l[k];
    ++k;
  } else {
    size_t d = k;
    while (k < l.size() && k - d < 10 && std::isdigit(static_cast<unsigned char>(l[k]))) ++k;
    if (k == d || k - d > 9 || k >= l.size() || (l[k] != '.' && l[k] != ')')) return m;
    m.ordered = true;
    m.start = std::stol(std::string(l.substr(d, k - d)));
    m.delim = l[k];
    ++k;
  }
  if (k < l.size() && l[k] != ' ' && l[k] != '\t') return m;
  size_t spaces = 0;
  while (k + spaces < l.size() && l[k + spaces] == ' ') ++spaces;
  m.empty = k + spaces >= l.size() || IsBlank(l.substr(k));
  m.offset = (spaces == 0 || spaces > 4 || m.empty) ? k + 1 : k + spaces;
  m.ok = true;
  return m;
}

bool StartsBlock(std::string_view l, bool in_paragraph) {
  if (Fence(l).first || HeadingLevel(l) || IsRule(l) || IsQuote(l)) return true;
  Marker m = ListMarker(l);
  if (!m.ok) return false;
  // As in CommonMark, only "1." or a non-empty bullet interrupts a paragraph ("2024. ..." does not).
  return !in_paragraph || (!m.empty && (!m.ordered || m.start == 1));
}

std::string Dedent(std::string_view l, size_t n) { return std::string(l.substr(std::min(n, Indent(l)))); }

class BlockRenderer {
 public:
  BlockRenderer(const MarkdownOptions& o, std::string& out) : o_(o), out_(out) {}

  void Blocks(const std::vector<std::string>& lines, int depth, bool tight) {
    size_t i = 0, n = lines.size();
    if (depth > o_.max_block_depth) {
      std::string all;
      for (const auto& l : lines) all += l + "\n";
      out_ += "<p>";
      AppendEscaped(out_, all);
      out_ += "</p>\n";
      return;
    }
    while (i < n) {
      const std::string& l = lines[i];
      if (IsBlank(l)) {
        ++i;
        continue;
      }
      if (auto [fc, flen] = Fence(l); fc) {
        out_ += "<pre><code>";
        size_t indent = Indent(l);
        ++i;
        while (i < n) {
          auto [c2, len2] = Fence(lines[i]);
          if (c2 == fc && len2 >= flen && IsBlank(TrimLeft(lines[i]).substr(len2))) {
            ++i;
            break;
          }
          AppendEscaped(out_, Dedent(lines[i], indent));
          out_ += "\n";
          ++i;
        }
        out_ += "</code></pre>\n";
        continue;
      }
      if (int level = HeadingLevel(l)) {
        std::string_view text = TrimLeft(l).substr(static_cast<size_t>(level));
        size_t e = text.find_last_not_of(" \t\r");
        text = e == std::string_view::npos ? std::string_view() : text.substr(0, e + 1);
        // A closing run of '#' preceded by a space is not part of the text.
        size_t h = text.find_last_not_of('#');
        if (h != std::string_view::npos && h + 1 < text.size() && text[h] == ' ') text = text.substr(0, h);
        else if (h == std::string_view::npos) text = {};
        text = TrimLeft(text);
        int shown = std::min(6, level + std::max(0, o_.heading_offset));
        std::string tag = "h" + std::to_string(shown);
        out_ += "<" + tag + ">";
        Inline(text, depth);
        out_ += "</" + tag + ">\n";
        ++i;
        continue;
      }
      if (IsRule(l)) {
        out_ += "<hr>\n";
        ++i;
        continue;
      }
      if (IsQuote(l)) {
        std::vector<std::string> inner;
        while (i < n && IsQuote(lines[i])) {
          std::string_view t = TrimLeft(lines[i]).substr(1);
          if (!t.empty() && t[0] == ' ') t.remove_prefix(1);
          inner.emplace_back(t);
          ++i;
        }
        out_ += "<blockquote>\n";
        Blocks(inner, depth + 1, false);
        out_ += "</blockquote>\n";
        continue;
      }
      if (Marker m = ListMarker(l); m.ok) {
        i = List(lines, i, m, depth);
        continue;
      }
      // paragraph
      std::string text = std::string(TrimLeft(l));
      ++i;
      while (i < n && !IsBlank(lines[i]) && !StartsBlock(lines[i], true)) {
        text += "\n";
        text += TrimLeft(lines[i]);
        ++i;
      }
      while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
      if (!tight) out_ += "<p>";
      Inline(text, depth);
      out_ += tight ? "\n" : "</p>\n";
    }
  }

 private:
  void Inline(std::string_view text, int) { InlineRenderer(text, o_, out_).Render(); }

  static bool SameList(const Marker& a, const Marker& b) { return b.ok && a.ordered == b.ordered && a.delim == b.delim; }

  // Renders the list starting at lines[i]; returns the index after it.
  size_t List(const std::vector<std::string>& lines, size_t i, Marker first, int depth) {
    size_t n = lines.size();
    std::vector<std::vector<std::string>> items;
    bool loose = false;
    Marker m = first;
    while (i < n) {
      std::vector<std::string> item;
      item.push_back(lines[i].substr(std::min(m.offset, lines[i].size())));
      if (m.empty) item.back().clear();
      ++i;
      bool blank_seen = false;
      bool ended_list = false;
      while (i < n) {
        const std::string& l = lines[i];
        if (IsBlank(l)) {
          blank_seen = true;
          item.emplace_back();
          ++i;
          continue;
        }
        if (Indent(l) >= m.offset) {
          if (blank_seen) loose = true;
          blank_seen = false;
          item.push_back(Dedent(l, m.offset));
          ++i;
          continue;
        }
        Marker next = ListMarker(l);
        if (SameList(first, next) && !IsRule(l)) {
          if (blank_seen) loose = true;
          m = next;
          break;
        }
        if (!blank_seen && !StartsBlock(l, true)) {  // lazy continuation of a paragraph
          item.emplace_back(TrimLeft(l));
          ++i;
          continue;
        }
        ended_list = true;
        break;
      }
      while (!item.empty() && IsBlank(item.back())) item.pop_back();
      items.push_back(std::move(item));
      if (ended_list || i >= n) break;
      if (IsBlank(lines[i])) break;
    }
    if (first.ordered) {
      out_ += first.start != 1 ? "<ol start=\"" + std::to_string(first.start) + "\">\n" : "<ol>\n";
    } else {
      out_ += "<ul>\n";
    }
    for (const auto& item : items) {
      out_ += "<li>";
      Blocks(item, depth + 1, !loose);
      if (!out_.empty() && out_.back() == '\n') out_.pop_back();
      out_ += "</li>\n";
    }
    out_ += first.ordered ? "</ol>\n" : "</ul>\n";
    return i;
  }

  const MarkdownOptions& o_;
  std::string& out_;
};

}  // namespace

bool IsSafeLinkTarget(std::string_view url) {
  if (url.empty() || url.size() > kMaxUrl) return false;
  for (char c : url) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\') return false;
  }
  if (StartsWithNoCase(url, "https://") || StartsWithNoCase(url, "http://")) {
    size_t host = url.find("//") + 2;
    return host < url.size() && url[host] != '/';
  }
  return StartsWithNoCase(url, "mailto:") && url.size() > 7;
}

std::string RenderMarkdown(std::string_view markdown, const MarkdownOptions& options) {
  std::vector<std::string> lines;
  std::string line;
  for (size_t i = 0; i <= markdown.size(); ++i) {
    char c = i < markdown.size() ? markdown[i] : '\n';
    if (c == '\r') {
      if (i + 1 < markdown.size() && markdown[i + 1] == '\n') continue;
      c = '\n';
    }
    if (c == '\n') {
      if (i < markdown.size() || !line.empty()) lines.push_back(std::move(line));
      line.clear();
    } else if (c == '\t' && line.find_first_not_of(' ') == std::string::npos) {
      line.append(4 - line.size() % 4, ' ');  // leading tabs as spaces, for indentation
    } else {
      line += c;
    }
  }
  std::string out;
  out.reserve(markdown.size() + markdown.size() / 4 + 16);
  BlockRenderer(options, out).Blocks(lines, 0, false);
  return out;
}

}  // namespace corridor::reports
