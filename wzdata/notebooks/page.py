"""The page around a report: a lean nbconvert template, a table of contents, a link back.

nbconvert's JupyterLab template inlines about 263 KB of CSS written for the whole of
JupyterLab. :data:`TEMPLATE` extends it but replaces that CSS with :data:`PAGE_CSS`
(a few KB for what a report uses: text, tables, figures, captions, streams, code).
:func:`finish` then adds, after export, a header with a link back to ``index.html`` and a
table of contents of the ``h2`` sections, and the shipped CJK font cut down to the
characters of the page (:func:`wzdata.fonts.font_face_css`), so Chinese renders offline.

Everything here is a pure function of the exported HTML: the same notebook gives the same
bytes.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = [
    "NO_REPORTS_HTML",
    "PAGE_CSS",
    "TEMPLATE",
    "document",
    "finish",
    "page_text",
    "record_notes",
    "shared_table_css",
    "toc",
    "with_font",
]

#: CSS of every report page (and of the index), replacing JupyterLab's.
PAGE_CSS = """
:root { --wz-text: #1f2328; --wz-muted: #59636e; --wz-rule: #d1d9e0; --wz-accent: #0b5cad; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; color: var(--wz-text); background: #fff; line-height: 1.5;
  font-family: "wzdata Sans SC", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 64rem; margin: 0 auto; padding: 0 1.25rem 3rem; }
a { color: var(--wz-accent); }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 1.2rem 0 .6rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-top: .6rem;
  border-top: 1px solid var(--wz-rule); }
h3 { font-size: 1.1rem; }
p, li { max-width: 46rem; }
code, pre, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: .9em; }
pre { background: #f6f8fa; padding: .7rem .9rem; overflow-x: auto; border-radius: 4px;
  white-space: pre-wrap; word-break: break-word; }
img { max-width: 100%; height: auto; }
a.anchor-link { display: none; }
.jp-Cell { margin: .4rem 0; }
.jp-InputPrompt, .jp-OutputPrompt, .jp-Collapser { display: none; }
.jp-OutputArea-output { overflow-x: auto; max-width: 100%; }
.jp-RenderedText pre, .jp-OutputArea-output pre { background: transparent; padding: 0; }
.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] pre {
  background: #fff5f5; color: #8a1c1c; padding: .5rem; }
.jp-RenderedHTMLCommon table:not(.gt_table) { border-collapse: collapse; font-size: .9rem; }
.jp-RenderedHTMLCommon table:not(.gt_table) td,
.jp-RenderedHTMLCommon table:not(.gt_table) th { border-bottom: 1px solid var(--wz-rule);
  padding: .2rem .5rem; text-align: left; }
.jp-CodeCell .jp-InputArea pre { background: #f6f8fa; }
.gt_table td, .gt_table th { word-break: keep-all; }
.gt_table td a { overflow-wrap: anywhere; }
.gt_table td span[style*="white-space:pre"] { white-space: normal !important; }
.gt_table td.gt_right { white-space: nowrap; }
.wz-figcaption { color: var(--wz-muted); font-size: .92rem; margin: .2rem 0 1.4rem; }
.wz-top { max-width: 64rem; margin: 0 auto; padding: .8rem 1.25rem 0; font-size: .92rem; }
.wz-toc { border-left: 3px solid var(--wz-rule); padding: .2rem 0 .2rem 1rem; margin: 1rem 0; }
.wz-toc ol { margin: .2rem 0; padding-left: 1.2rem; }
.wz-toc p { margin: 0; font-weight: 600; }
.wzdata-build { color: var(--wz-muted); }
.wzdata-build code { word-break: break-all; }
"""

#: The nbconvert template: JupyterLab's cells and outputs, no CDN script, lean CSS.
TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block notebook_css %}<style type="text/css">{{ resources.get('wzdata_css', '') }}</style>
{% endblock notebook_css %}
{% block body_footer %}
{%- set b = resources.get('wzdata_build') -%}
{%- if b %}
<footer class="wzdata-build" style="margin:2em 0;font-size:small">
<hr/>
<p>Built with wzdata {{ b.version | e }}, commit {{ b.commit | e }};
processed data sha256 <code>{{ b.data_sha256 | e }}</code>;
parameters: {{ b.parameters | e }}.</p>
<p><a href="index.html">All reports and the data</a></p>
</footer>
{%- endif %}
</main>
</body>
{% endblock body_footer %}
"""

_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>', re.S)
_TAG = re.compile(r"<[^>]+>")


def toc(page: str) -> list[tuple[str, str]]:
    """The ``(id, text)`` of every ``h2`` of an exported page, in order."""
    return [
        (anchor, html.unescape(_TAG.sub("", inner)).strip()) for anchor, inner in _H2.findall(page)
    ]


def page_text(page: str) -> str:
    """The characters a reader can see on a page (tags, styles and scripts removed)."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    body = re.sub(r"data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+", " ", body)
    return html.unescape(_TAG.sub(" ", body))


_GT_BLOCK = re.compile(r'<div id="([A-Za-z][\w-]*)"( style="[^"]*">)\s*<style>(.*?)</style>', re.S)


def shared_table_css(page: str) -> str:
    """Write the CSS that great_tables repeats for every table once, in the page's head.

    Each table carries the same rules scoped to its own id (about 9 KB). Where a
    table's rules, with its id replaced by the class ``wz-gt``, are those of the
    other tables, the table gets that class and loses its copy; a table with rules
    of its own keeps them.
    """
    blocks = _GT_BLOCK.findall(page)
    if len(blocks) < 2:
        return page
    shared = {ident: css.replace(f"#{ident}", ".wz-gt") for ident, _, css in blocks}
    common = max(set(shared.values()), key=list(shared.values()).count)

    def strip(m: re.Match[str]) -> str:
        ident = m.group(1)
        if shared.get(ident) != common:
            return m.group(0)
        return f'<div id="{ident}" class="wz-gt"{m.group(2)}'

    page = _GT_BLOCK.sub(strip, page)
    return page.replace("</head>", f"<style>{common}</style>\n</head>", 1)


def finish(page: str, *, index_href: str = "index.html", contents: str = "Contents") -> str:
    """Add the link back, the table of contents and the page's web font to an exported page."""
    page = shared_table_css(page)
    entries = toc(page)
    nav = [f'<nav class="wz-top"><a href="{html.escape(index_href)}">← All reports</a></nav>']
    if entries:
        items = "".join(
            f'<li><a href="#{html.escape(a, quote=True)}">{html.escape(t)}</a></li>'
            for a, t in entries
        )
        box = f'<nav class="wz-toc" aria-label="{contents}"><p>{contents}</p><ol>{items}</ol></nav>'
        # after the first heading (the title) and its summary paragraph
        m = re.search(r"</h1>.*?</p>", page, re.S)
        if m:
            page = page[: m.end()] + "\n" + box + page[m.end() :]
        else:
            page = page.replace("<main>", "<main>\n" + box, 1)
    page = page.replace("<main>", "\n".join(nav) + "\n<main>", 1)
    return with_font(page)


def with_font(page: str) -> str:
    """Add the shipped font, cut down to the page's characters, to the page's head."""
    from wzdata import fonts

    face = fonts.font_face_css(page_text(page))
    return page.replace("</head>", f"<style>{face}</style>\n</head>", 1)


#: What an index page says while no report has been built.
NO_REPORTS_HTML = (
    "<p>No reports yet: add notebooks named <code>NN-name.ipynb</code> to "
    "<code>notebooks/</code> and run <code>wzdata reports</code>.</p>"
)


def document(title: str, body: str, css: str) -> str:
    """A whole HTML page: ``title`` (escaped) and ``css`` in its head, ``body`` as given."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def record_notes(rec: dict[str, Any], failed_class: str) -> list[str]:
    """The paragraphs under a report's heading on an index (every value escaped).

    Its summary, if any, and after a failed build a link to the error report, with
    the class ``failed_class``.
    """
    e = html.escape
    notes = [f"<p>{e(rec['summary'])}</p>"] if rec.get("summary") else []
    if rec.get("status") == "failed":
        kept = " (showing the last good report)" if rec.get("has_html") else ""
        notes.append(
            f'<p class="{failed_class}">Last build failed{e(kept)}: '
            f'<a href="{e(rec["name"])}.failed.html">error report</a>.</p>'
        )
    return notes
