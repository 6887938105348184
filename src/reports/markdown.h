// A safe Markdown renderer for event minutes (a CommonMark-ish subset). The output is HTML in
// which every character of the input is escaped: raw HTML in the input is shown as text, and
// the only tags are the ones this renderer writes itself (balanced, no attributes but a link's
// href/rel). Supported: ATX headings (#..######), paragraphs, *emphasis* / _emphasis_,
// **strong** / __strong__, `inline code`, fenced code blocks (``` or ~~~), bullet (- * +) and
// numbered (1. 1)) lists with nesting by indentation, > blockquotes, horizontal rules, links
// [text](url) and <url> with http, https or mailto only (any other scheme, javascript: among
// them, stays plain text), hard line breaks (two trailing spaces or a trailing backslash) and
// backslash escapes. Deep nesting is cut off (rendered as text) so hostile input cannot
// exhaust the stack, and the work is close to linear in the input size.
#pragma once

#include <string>
#include <string_view>

namespace corridor::reports {

struct MarkdownOptions {
  // Added to heading levels so that "# Title" inside a page does not compete with the page's
  // own <h1>: with 2, "#" becomes <h3>. Levels are capped at 6.
  int heading_offset = 0;
  int max_block_depth = 12;   // nested lists / blockquotes beyond this are plain text
  int max_inline_depth = 16;  // nested emphasis / links beyond this are plain text
};

std::string RenderMarkdown(std::string_view markdown, const MarkdownOptions& options = {});

// True for the link targets the renderer turns into links: http://, https:// or mailto:
// (any case), without spaces, control characters, quotes or angle brackets.
bool IsSafeLinkTarget(std::string_view url);

}  // namespace corridor::reports
