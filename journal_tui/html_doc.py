"""A review or a case as one HTML page a manager opens or prints: `--format html`.

The page is rendered from the document's own Markdown (`review.to_markdown`, `case.to_markdown`), where every
piece of user text is already literal Markdown (`mdtext`), so the HTML says exactly what the Markdown says.  The
parser runs with raw HTML off: a `<script>` that reached the Markdown anyway comes out as text, never as an element.
The page is self-contained (inline CSS, no script, no font, no image) so it opens offline and mails as one file;
a Content-Security-Policy forbids loading anything from elsewhere, and a print stylesheet makes it paper-ready.

markdown-it-py comes with Textual; it is imported only when a page is written, so no quick command pays for it.
"""

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

# Nothing may be fetched, nothing may run: only the inline stylesheet below applies.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = """\
:root { color-scheme: light; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1f2328; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem; }
h1, h2, h3 { line-height: 1.25; margin: 1.6em 0 0.6em; }
h1 { font-size: 1.8rem; border-bottom: 2px solid #d0d7de; padding-bottom: 0.3em; margin-top: 0; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #d8dee4; padding-bottom: 0.25em; }
h3 { font-size: 1.1rem; }
p, ul, ol, blockquote, table, pre { margin: 0 0 1em; }
li + li { margin-top: 0.2em; }
code, pre { font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: #f3f4f6; border-radius: 4px; padding: 0.1em 0.3em; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.8em 1em; overflow-x: auto; }
pre code { background: none; padding: 0; }
blockquote { border-left: 4px solid #d0d7de; color: #454c54; margin-left: 0; padding: 0.1em 1em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #8c959f; padding: 0.35em 0.75em; vertical-align: top; }
th { background: #f3f4f6; text-align: left; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 2em 0; }
@media print {
  @page { margin: 18mm 16mm; }
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; color: #000; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, blockquote, pre, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  code, pre, th { background: none; }
}
"""


def markdown_page(markdown: str, fallback_title: str = "Journal") -> str:
    """One complete HTML page for a Markdown document; its first heading (as text) is the page's title."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(markdown)
    body = md.renderer.render(tokens, md.options, {})
    title = _first_heading(tokens) or fallback_title
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _first_heading(tokens: "list[Token]") -> str:
    """The text a reader sees in the first heading (escapes taken off, code spans kept as text)."""
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            children = tokens[i + 1].children or []
            return "".join(c.content for c in children if c.type in ("text", "code_inline")).strip()
    return ""
