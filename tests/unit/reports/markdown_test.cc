#include "reports/markdown.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

namespace corridor::reports {
namespace {

// Every tag in the output must be one the renderer writes itself.
void ExpectOnlyKnownTags(const std::string& html) {
  static const std::vector<std::string> kAllowed = {
      "p", "/p", "h1", "/h1", "h2", "/h2", "h3", "/h3", "h4", "/h4", "h5", "/h5", "h6", "/h6", "em", "/em",
      "strong", "/strong", "code", "/code", "pre", "/pre", "ul", "/ul", "ol", "/ol", "li", "/li",
      "blockquote", "/blockquote", "br", "hr", "a", "/a"};
  for (size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    size_t e = html.find_first_of(" >", i);
    ASSERT_NE(e, std::string::npos) << html.substr(i, 40);
    std::string tag = html.substr(i + 1, e - i - 1);
    EXPECT_NE(std::find(kAllowed.begin(), kAllowed.end(), tag), kAllowed.end()) << "tag <" << tag << "> in " << html;
  }
  // Attributes: only the ones the renderer writes (values are escaped, so a tag ends at its first '>').
  static const std::regex kAttr(R"re(\s([A-Za-z-]+)=")re");
  for (size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    std::string tag = html.substr(i, html.find('>', i) - i);
    for (std::sregex_iterator it(tag.begin(), tag.end(), kAttr), e; it != e; ++it) {
      std::string name = (*it)[1];
      EXPECT_TRUE(name == "href" || name == "title" || name == "rel" || name == "start") << name << " in " << tag;
    }
    EXPECT_EQ(tag.find("href=\"javascript"), std::string::npos) << tag;
  }
}

// Tags must balance: the renderer only opens what it closes.
void ExpectBalanced(const std::string& html) {
  std::vector<std::string> stack;
  for (size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    size_t e = html.find_first_of(" >", i);
    std::string tag = html.substr(i + 1, e - i - 1);
    if (tag == "br" || tag == "hr") continue;
    if (tag[0] == '/') {
      ASSERT_FALSE(stack.empty()) << html;
      EXPECT_EQ(stack.back(), tag.substr(1)) << html;
      stack.pop_back();
    } else {
      stack.push_back(tag);
    }
  }
  EXPECT_TRUE(stack.empty()) << html;
}

TEST(Markdown, Paragraphs) {
  EXPECT_EQ(RenderMarkdown("Hello world"), "<p>Hello world</p>\n");
  EXPECT_EQ(RenderMarkdown("one\ntwo\n\nthree"), "<p>one\ntwo</p>\n<p>three</p>\n");
  EXPECT_EQ(RenderMarkdown(""), "");
  EXPECT_EQ(RenderMarkdown("\n\n  \n"), "");
}

TEST(Markdown, Headings) {
  EXPECT_EQ(RenderMarkdown("# Title"), "<h1>Title</h1>\n");
  EXPECT_EQ(RenderMarkdown("### Notes ###"), "<h3>Notes</h3>\n");
  EXPECT_EQ(RenderMarkdown("#NoSpace"), "<p>#NoSpace</p>\n");
  MarkdownOptions o;
  o.heading_offset = 2;
  EXPECT_EQ(RenderMarkdown("# A\n###### B", o), "<h3>A</h3>\n<h6>B</h6>\n");
}

TEST(Markdown, Emphasis) {
  EXPECT_EQ(RenderMarkdown("*a* and **b** and _c_ and __d__"),
            "<p><em>a</em> and <strong>b</strong> and <em>c</em> and <strong>d</strong></p>\n");
  EXPECT_EQ(RenderMarkdown("***both***"), "<p><strong><em>both</em></strong></p>\n");
  EXPECT_EQ(RenderMarkdown("snake_case_name"), "<p>snake_case_name</p>\n");
  EXPECT_EQ(RenderMarkdown("2 * 3 * 4"), "<p>2 * 3 * 4</p>\n");
  EXPECT_EQ(RenderMarkdown("*unclosed"), "<p>*unclosed</p>\n");
  EXPECT_EQ(RenderMarkdown("*outer **inner** outer*"), "<p><em>outer <strong>inner</strong> outer</em></p>\n");
}

TEST(Markdown, Code) {
  EXPECT_EQ(RenderMarkdown("use `a < b` here"), "<p>use <code>a &lt; b</code> here</p>\n");
  EXPECT_EQ(RenderMarkdown("``x ` y``"), "<p><code>x ` y</code></p>\n");
  EXPECT_EQ(RenderMarkdown("```\n<script>alert(1)</script>\n*no* emphasis\n```"),
            "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n*no* emphasis\n</code></pre>\n");
  // An unclosed fence runs to the end, still escaped.
  EXPECT_EQ(RenderMarkdown("~~~\n<b>"), "<pre><code>&lt;b&gt;\n</code></pre>\n");
  EXPECT_EQ(RenderMarkdown("`unclosed"), "<p>`unclosed</p>\n");
}

TEST(Markdown, Lists) {
  EXPECT_EQ(RenderMarkdown("- a\n- b"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
  EXPECT_EQ(RenderMarkdown("1. one\n2. two"), "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n");
  EXPECT_EQ(RenderMarkdown("3) three"), "<ol start=\"3\">\n<li>three</li>\n</ol>\n");
  EXPECT_EQ(RenderMarkdown("- a\n  - nested\n- b"),
            "<ul>\n<li>a\n<ul>\n<li>nested</li>\n</ul></li>\n<li>b</li>\n</ul>\n");
  EXPECT_EQ(RenderMarkdown("- a\n\n- b"), "<ul>\n<li><p>a</p></li>\n<li><p>b</p></li>\n</ul>\n");
  EXPECT_EQ(RenderMarkdown("Intro\n- item"), "<p>Intro</p>\n<ul>\n<li>item</li>\n</ul>\n");
  // A year at the start of a line does not become a list inside a paragraph.
  EXPECT_EQ(RenderMarkdown("In\n2024. was good"), "<p>In\n2024. was good</p>\n");
}

TEST(Markdown, QuotesRulesBreaks) {
  EXPECT_EQ(RenderMarkdown("> quoted\n> more"), "<blockquote>\n<p>quoted\nmore</p>\n</blockquote>\n");
  EXPECT_EQ(RenderMarkdown("a\n\n---\n\nb"), "<p>a</p>\n<hr>\n<p>b</p>\n");
  EXPECT_EQ(RenderMarkdown("line  \nnext"), "<p>line<br>\nnext</p>\n");
  EXPECT_EQ(RenderMarkdown("line\\\nnext"), "<p>line<br>\nnext</p>\n");
  EXPECT_EQ(RenderMarkdown("\\*not em\\*"), "<p>*not em*</p>\n");
}

TEST(Markdown, SafeLinks) {
  EXPECT_EQ(RenderMarkdown("[site](https://example.org/a?b=1&c=2)"),
            "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener noreferrer\">site</a></p>\n");
  EXPECT_EQ(RenderMarkdown("[mail](mailto:a@b.eu \"Write\")"),
            "<p><a href=\"mailto:a@b.eu\" title=\"Write\" rel=\"nofollow noopener noreferrer\">mail</a></p>\n");
  EXPECT_EQ(RenderMarkdown("<https://x.eu>"),
            "<p><a href=\"https://x.eu\" rel=\"nofollow noopener noreferrer\">https://x.eu</a></p>\n");
  EXPECT_EQ(RenderMarkdown("[wiki](https://en.wikipedia.org/wiki/Foo_(bar))"),
            "<p><a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\" rel=\"nofollow noopener noreferrer\">wiki</a></p>\n");
}

TEST(Markdown, HostileInputIsInert) {
  EXPECT_EQ(RenderMarkdown("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  EXPECT_EQ(RenderMarkdown("<img src=x onerror=alert(1)>"), "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n");
  EXPECT_EQ(RenderMarkdown("[x](javascript:alert(1))"), "<p>[x](javascript:alert(1))</p>\n");
  EXPECT_EQ(RenderMarkdown("[x](JaVaScRiPt:alert(1))"), "<p>[x](JaVaScRiPt:alert(1))</p>\n");
  EXPECT_EQ(RenderMarkdown("[x](data:text/html;base64,PHNjcmlwdD4=)"),
            "<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>\n");
  EXPECT_EQ(RenderMarkdown("[x](vbscript:msgbox)"), "<p>[x](vbscript:msgbox)</p>\n");
  EXPECT_EQ(RenderMarkdown("<javascript:alert(1)>"), "<p>&lt;javascript:alert(1)&gt;</p>\n");
  // Attribute breakout through the URL or the title.
  std::string html = RenderMarkdown("[x](https://a.eu/\"onmouseover=alert(1) \"t\" onclick=\"x\")");
  ExpectOnlyKnownTags(html);
  EXPECT_EQ(html.find("<a"), std::string::npos) << html;
  html = RenderMarkdown("[x](https://a.eu \"t\\\" onclick=alert(1)\")");
  ExpectOnlyKnownTags(html);
  EXPECT_EQ(html.find("<a"), std::string::npos) << html;  // shown as text, the attribute never forms
  EXPECT_EQ(RenderMarkdown("**<b>bold</b>**"), "<p><strong>&lt;b&gt;bold&lt;/b&gt;</strong></p>\n");
  EXPECT_EQ(RenderMarkdown("`</code><script>`"), "<p><code>&lt;/code&gt;&lt;script&gt;</code></p>\n");
  EXPECT_EQ(RenderMarkdown("# <iframe src=//evil>"), "<h1>&lt;iframe src=//evil&gt;</h1>\n");
  EXPECT_EQ(RenderMarkdown("a & b \"c\" 'd'"), "<p>a &amp; b &quot;c&quot; &#39;d&#39;</p>\n");
  EXPECT_FALSE(IsSafeLinkTarget("https://"));
  EXPECT_FALSE(IsSafeLinkTarget("https:///path"));
  EXPECT_FALSE(IsSafeLinkTarget("java\tscript:x"));
  EXPECT_FALSE(IsSafeLinkTarget("//evil.eu"));
  EXPECT_FALSE(IsSafeLinkTarget("/relative"));
  EXPECT_TRUE(IsSafeLinkTarget("HTTPS://EXAMPLE.ORG"));
}

TEST(Markdown, UnclosedAndMismatchedMarkupStaysBalanced) {
  const std::vector<std::string> inputs = {
      "**a *b** c*", "[a [b](https://x.eu) c", "[x](https://x.eu", "```", "> > > ", "- \n- \n  -",
      "***", "_a __b_ c__", "[*a](https://x.eu)*", "<", "<<>>", "[](https://x.eu)", "*[a*](https://x.eu)",
      "1.\n2.\n\n  3. x", "> - a\n> > b\n- > c", "\\", "`` ` ``", "# #", "[a](https://x.eu 'unterminated)"};
  for (const auto& in : inputs) {
    std::string html = RenderMarkdown(in);
    SCOPED_TRACE(in);
    ExpectOnlyKnownTags(html);
    ExpectBalanced(html);
  }
}

TEST(Markdown, DeepNestingIsCutOff) {
  std::string quotes(5000, '>');
  std::string html = RenderMarkdown(quotes + " deep");
  ExpectBalanced(html);
  EXPECT_NE(html.find("deep"), std::string::npos);

  std::string lists;
  for (int i = 0; i < 300; ++i) lists += std::string(static_cast<size_t>(i) * 2, ' ') + "- level\n";
  html = RenderMarkdown(lists);
  ExpectBalanced(html);
  ExpectOnlyKnownTags(html);

  std::string emph;
  for (int i = 0; i < 2000; ++i) emph += "*a ";
  for (int i = 0; i < 2000; ++i) emph += "a* ";
  html = RenderMarkdown(emph);
  ExpectBalanced(html);

  std::string brackets(20000, '[');
  html = RenderMarkdown(brackets + "x](https://x.eu)");
  ExpectBalanced(html);
}

TEST(Markdown, LargeHostileInputStaysInert) {
  // ~200 KB mixing every construct with hostile payloads; it must render (quickly: the
  // renderer is near-linear; a quadratic one would take minutes here) and stay inert.
  std::string md;
  const std::string chunk =
      "# Minutes <script>alert(1)</script>\n\n- *item* with [link](https://x.eu) and [bad](javascript:alert(1))\n"
      "  - nested `code <b>`\n\n> quote **strong** <img src=x onerror=alert(1)>\n\n```\n</pre><script>\n```\n"
      "*a *a *a [[[ ``` ` __x_ ";
  while (md.size() < 200 * 1024) md += chunk;
  std::string html = RenderMarkdown(md);
  ExpectOnlyKnownTags(html);
  ExpectBalanced(html);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);

  std::string stars(200 * 1024, '*');
  ExpectBalanced(RenderMarkdown(stars));
  std::string pattern;
  while (pattern.size() < 200 * 1024) pattern += "*a _b `c [d](e ";
  ExpectBalanced(RenderMarkdown(pattern));
}

TEST(Markdown, NulAndControlBytesDoNotPassThrough) {
  std::string in = std::string("a") + '\0' + "b";
  std::string html = RenderMarkdown(in);
  EXPECT_EQ(html.find('\0'), std::string::npos);
}

}  // namespace
}  // namespace corridor::reports
