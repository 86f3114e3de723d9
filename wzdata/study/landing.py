"""The landing page of the reports, ``reports/index.html``, and the data it offers.

One page, self-contained and offline: the title and a short abstract whose key findings
are computed from ``data/processed/`` (the five 2016-2021 declines with their printed
folds, the reading that reproduces them, the claims found inconsistent, the periods that
do not fit one rate); a card per report with a thumbnail of its first figure, its
parameter variants grouped under it (only those whose page exists and whose last build
succeeded); the build information once; links to download the data (copied into
``reports/data/`` so the folder is a complete static site); and how to cite.

Only the standard library and Pillow (for the thumbnails) are imported: the index is
rewritten even when every report is up to date.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from wzdata.notebooks import page as report_page
from wzdata.notebooks.runner import CACHE_DIRNAME, git_output
from wzdata.output import FileMemo

__all__ = [
    "DATA_DIRNAME",
    "copy_downloads",
    "index_html",
    "key_findings",
    "page",
    "thumbnail",
]

#: Folder (inside the reports folder) holding copies of the downloadable data.
DATA_DIRNAME = "data"
#: Width in pixels of a report's thumbnail.
THUMB_WIDTH = 360
#: Title of the collection.
TITLE = "Drug control in Wuzhong (吴忠市), Ningxia: the published figures, checked"
_HEADLINE = (
    "drug_cases_solved",
    "suspects_arrested",
    "users_found",
    "compulsory_rehab",
    "outflow_traffickers",
)
_IMG = re.compile(r'<img[^>]+src="data:image/png;base64,([A-Za-z0-9+/=]+)"')

_INDEX_CSS = """
.wz-abstract { font-size: 1.05rem; }
.wz-findings li { margin: .25rem 0; }
.wz-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
  gap: 1rem; margin: 1rem 0; }
.wz-card { border: 1px solid var(--wz-rule); border-radius: 6px; padding: .8rem 1rem;
  display: flex; flex-direction: column; }
.wz-card h3 { margin: .5rem 0 .3rem; font-size: 1.05rem; }
.wz-card p { margin: .3rem 0; font-size: .92rem; }
.wz-card img { display: block; width: 100%; border: 1px solid #eee; }
.wz-card ul { margin: .3rem 0; padding-left: 1.1rem; font-size: .9rem; }
.wz-failed { color: #a00; }
.wz-downloads { border-collapse: collapse; font-size: .92rem; }
.wz-downloads td, .wz-downloads th { text-align: left; padding: .25rem .7rem .25rem 0;
  border-bottom: 1px solid var(--wz-rule); vertical-align: top; }
.wz-build { font-size: .9rem; color: var(--wz-muted); }
.wz-build code { word-break: break-all; }
pre.wz-cite { white-space: pre-wrap; }
"""


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except (FileNotFoundError, UnicodeDecodeError, csv.Error):
        return []


def key_findings(processed_dir: Path) -> list[str]:
    """The key findings, as HTML list items' text (escaped), computed from the processed data.

    Findings whose tables are missing are left out.
    """
    e = html.escape
    out: list[str] = []
    figures = _read_csv(processed_dir / "figures.csv")
    names = {r["indicator"]: r["name_en"] for r in _read_csv(processed_dir / "indicators.csv")}
    levels: dict[tuple[str, str], str] = {}
    folds: dict[str, str] = {}
    for r in figures:
        if r.get("geography") != "wuzhong":
            continue
        year = r.get("period_start", "")[:4]
        if r.get("measure") == "level" and year in ("2016", "2021"):
            levels.setdefault((r["indicator"], year), r["value"])
        if r.get("measure") == "fold_change" and year == "2016":
            folds.setdefault(r["indicator"], r["as_printed"])
    pairs = []
    for ind in _HEADLINE:
        if (ind, "2016") in levels and (ind, "2021") in levels and ind in folds:
            before, after = (int(float(levels[(ind, y)])) for y in ("2016", "2021"))
            pairs.append(
                f"{e(names.get(ind, ind))} {before:,} → {after:,} "
                f"(printed {e(folds[ind])}, ratio {before / after:.1f})"
            )
    claims = _read_csv(processed_dir / "claims.csv")
    if pairs:
        ratio = [c for c in claims if c.get("kind") == "fold" and c.get("reproduced_by") == "ratio"]
        reading = (
            f"; all {len(ratio)} printed 2016–2021 folds are before/after ratios, not the "
            "strict reading of 下降N倍 ((before − after)/after)"
            if len(ratio) >= len(pairs)
            else ""
        )
        out.append(f"Five indicators fell from 2016 to 2021: {'; '.join(pairs)}{reading}.")
    if claims:
        counts: dict[str, int] = {}
        for c in claims:
            counts[c.get("verdict", "")] = counts.get(c.get("verdict", ""), 0) + 1
        bad = [c for c in claims if c.get("verdict") == "inconsistent"]
        listed = ", ".join(f"{e(c['as_printed'])} (<code>{e(c['claim_id'])}</code>)" for c in bad)
        out.append(
            f"Of {len(claims)} derived claims, {counts.get('consistent', 0)} are reproduced by "
            f"the article's own numbers, {counts.get('not checkable', 0)} cannot be checked and "
            f"{len(bad)} are inconsistent" + (f": {listed}." if bad else ".")
        )
    periods = _read_csv(processed_dir / "period_consistency.csv")
    misfit_keys = [
        r["indicator"]
        for r in periods
        if r.get("is_default", "").lower() == "true" and r.get("consistent", "").lower() == "false"
    ]
    if periods:
        grades = {
            r["indicator"]: r.get("grade", "")
            for r in _read_csv(processed_dir / "specifications.csv")
            if r.get("is_headline", "").lower() == "true"
        }
        shown = [
            f"{e(name)} ({e(grades[key])})" if grades.get(key) else e(name)
            for key, name in ((k, names.get(k, k)) for k in misfit_keys)
        ]
        out.append(
            "Under Poisson noise with the default reading (ratio, 4 yearly steps), one constant "
            "2015–2021 rate is rejected for "
            + (", ".join(shown) if shown else "no indicator")
            + "; the trends report shows how the verdict depends on the assumptions."
        )
    rates = [
        float(r["annual_change_pct"])
        for r in _read_csv(processed_dir / "annual_rates.csv")
        if r.get("indicator") in _HEADLINE
        and r.get("dispersion_model") == "quasi-poisson"
        and r.get("dispersion") in ("1", "1.0")
        and r.get("annual_change_pct")
    ]
    if rates:
        out.append(
            f"Each headline indicator fell by {-max(rates):.0f}% to {-min(rates):.0f}% a year "
            "(Poisson model of the two counts; intervals in the trends report)."
        )
    return out


def thumbnail(page: str, width: int = THUMB_WIDTH) -> str | None:
    """A data URI of the first PNG of a report page, scaled to ``width`` pixels, or None."""
    m = _IMG.search(page)
    if not m:
        return None
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return f"data:image/png;base64,{m.group(1)}"
    img = Image.open(io.BytesIO(base64.b64decode(m.group(1)))).convert("RGB")
    if img.width > width:
        img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
    # 64 colours keep a chart's lines and text and a third of the bytes
    img = img.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _downloads(processed_dir: Path) -> list[Path]:
    if not processed_dir.is_dir():
        return []
    keep = (".csv", ".json", ".md", ".xlsx", ".parquet")
    return sorted(
        p
        for p in processed_dir.iterdir()
        if p.is_file() and p.suffix in keep and not p.name.startswith(".")
    )


def copy_downloads(processed_dir: Path, reports_dir: Path, root: Path | None = None) -> list[str]:
    """Copy the processed data and ``CITATION.cff`` into ``reports/data/``; return their names.

    Files are rewritten only when their bytes change; files no longer in the data are removed.
    """
    from wzdata.output import write_atomic

    target = reports_dir / DATA_DIRNAME
    files = _downloads(processed_dir)
    cff = (root or processed_dir.parent.parent) / "CITATION.cff"
    if cff.is_file():
        files.append(cff)
    names = []
    for src in files:
        dst = target / src.name
        data = src.read_bytes()
        if not dst.is_file() or dst.read_bytes() != data:
            write_atomic(dst, data)
        names.append(src.name)
    if target.is_dir():
        for old in target.iterdir():
            if old.is_file() and old.name not in names and not old.name.startswith("."):
                old.unlink()
    return names


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1024:,.0f} KB" if n >= 1024 else f"{n} B"


def _downloads_html(reports_dir: Path, names: Iterable[str]) -> str:
    e = html.escape
    folder = reports_dir / DATA_DIRNAME
    names = [n for n in names if (folder / n).is_file()]
    if not names:
        return "<p>No processed data yet: run <code>wzdata build</code>.</p>"

    def link(name: str) -> str:
        size = _size(folder / name)
        return f'<a href="{DATA_DIRNAME}/{e(name)}">{e(name)}</a> <small>({size})</small>'

    groups = [
        (
            "Excel",
            [n for n in names if n.endswith(".xlsx")],
            "One workbook, a sheet per table and a README sheet: open this in Excel (the CSV "
            "files are UTF-8 without a byte-order mark, which Excel misreads).",
        ),
        ("CSV", [n for n in names if n.endswith(".csv")], "UTF-8, one file per table."),
        (
            "Data package",
            [n for n in names if n.endswith((".json", ".md"))],
            "Frictionless Data Package: the schema of every table, sources and licence; the "
            "data dictionary generated from it.",
        ),
        (
            "Parquet",
            [n for n in names if n.endswith(".parquet")],
            "Typed columns with their descriptions, for pandas, R (arrow), DuckDB or Spark.",
        ),
    ]
    rows = [
        f"<tr><th>{e(label)}</th><td>{e(note)}<br>{', '.join(link(n) for n in files)}</td></tr>"
        for label, files, note in groups
        if files
    ]
    return '<table class="wz-downloads">' + "".join(rows) + "</table>"


def _cite_html(root: Path) -> str:
    e = html.escape
    path = root / "CITATION.cff"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    fields = dict(
        re.findall(
            r"^(title|version|date-released|url|repository-code):\s*\"?([^\"\n]+)\"?", text, re.M
        )
    )
    block = re.search(r"^authors:\n((?:[ -].*\n)+)", text, re.M)
    authors = re.findall(r"name:\s*\"?([^\"\n]+)\"?", block.group(1)) if block else []
    who = ", ".join(authors) or "wzdata developers"
    year = fields.get("date-released", "")[:4]
    where = fields.get("repository-code") or fields.get("url", "")
    ref = (
        f"{who} ({year}). {fields.get('title', 'wzdata')} (version {fields.get('version', '')})."
        + (f" {where}" if where else "")
    )
    return (
        '<h2 id="cite">How to cite</h2>'
        f'<pre class="wz-cite">{e(ref)}</pre>'
        f'<p>Machine-readable: <a href="{DATA_DIRNAME}/CITATION.cff">CITATION.cff</a>. Cite the '
        "original article for its figures: 中国长安网, 2022-06-27 (source <code>S00</code> in "
        "<code>sources.csv</code>).</p>"
    )


def _inputs_date(processed_dir: Path) -> str:
    dates = [r.get("accessed", "") for r in _read_csv(processed_dir / "sources.csv")]
    dates = [d for d in dates if d]
    return max(dates) if dates else "unknown"


def _commit_date(commit: str, root: Path) -> str:
    if not re.fullmatch(r"[0-9a-f]{4,40}", commit or ""):
        return ""
    return git_output(["show", "-s", "--format=%cs", commit], root) or ""


def _is_variant(rec: Mapping[str, Any]) -> bool:
    return bool((rec.get("inputs") or {}).get("overrides"))


def _params_text(params: Mapping[str, Any]) -> str:
    text = ", ".join(f"{k}={params[k]!r}" for k in sorted(params)) or "defaults"
    return f"Chinese labels (中文标签): {text}" if params.get("lang") == "zh" else text


def index_html(
    records: list[dict[str, Any]],
    reports_dir: Path,
    processed_dir: Path,
    *,
    root: Path | None = None,
    downloads: Iterable[str] = (),
    page_css: str = "",
    thumbnail_of: Callable[[str], str | None] = thumbnail,
) -> str:
    """The landing page for the given build records (every value escaped).

    ``thumbnail_of(report_page)`` gives a card's image (:func:`thumbnail` by default).
    """
    from wzdata import __version__

    e = html.escape
    root = root or processed_dir.parent.parent
    mains = [r for r in records if not _is_variant(r)]
    variants: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        if _is_variant(r) and r.get("has_html") and r.get("status") == "built":
            variants.setdefault(r.get("notebook", ""), []).append(r)
    parts = [f"<h1>{e(TITLE)}</h1>"]
    parts.append(
        '<p class="wz-abstract">A 2022 report of 中国长安网 on anti-drug work in Wuzhong prints '
        "dozens of figures: counts for 2016 and 2021, folds (下降N倍) without endpoints, "
        "percentages and rates. wzdata keys every figure as printed, reads the bounds of its "
        "qualifier, recomputes every derived claim, models the declines with stated "
        "uncertainty and sets Wuzhong beside Ningxia and China. Key findings, computed from "
        "the processed data:</p>"
    )
    findings = key_findings(processed_dir)
    if findings:
        parts.append(
            '<ul class="wz-findings">' + "".join(f"<li>{f}</li>" for f in findings) + "</ul>"
        )
    parts.append('<h2 id="reports">Reports</h2>')
    if not mains:
        parts.append(report_page.NO_REPORTS_HTML)
    parts.append('<div class="wz-cards">')
    for rec in mains:
        name = rec["name"]
        ok = rec.get("has_html")
        card = [f'<section class="wz-card" id="{e(name)}">']
        if ok:
            page = (reports_dir / f"{name}.html").read_text(encoding="utf-8")
            thumb = thumbnail_of(page)
            if thumb:
                card.append(
                    f'<a href="{e(name)}.html"><img src="{thumb}" '
                    f'alt="First figure of {e(rec["title"])}"></a>'
                )
            card.append(f'<h3><a href="{e(name)}.html">{e(rec["title"])}</a></h3>')
        else:
            card.append(f"<h3>{e(rec['title'])}</h3>")
        card.extend(report_page.record_notes(rec, "wz-failed"))
        own = variants.get(rec.get("notebook", ""), [])
        if own:
            card.append("<p>Variants:</p><ul>")
            for v in own:
                overrides = (v.get("inputs") or {}).get("overrides") or {}
                card.append(
                    f'<li><a href="{e(v["name"])}.html">{e(_params_text(overrides))}</a></li>'
                )
            card.append("</ul>")
        card.append("</section>")
        parts.append("".join(card))
    parts.append("</div>")
    parts.append('<h2 id="data">Download the data</h2>')
    parts.append(_downloads_html(reports_dir, downloads))
    parts.append(_cite_html(root))
    built = [r for r in records if r.get("status") == "built"] or records
    parts.append('<h2 id="build">Build</h2>')
    if built:
        commit = str(built[0].get("commit", "unknown"))
        date = _commit_date(commit, root)
        data = str(built[0].get("data_sha256", ""))
        differ = sorted({r["name"] for r in built if r.get("data_sha256") != data})
        parts.append(
            f'<p class="wz-build">wzdata {e(str(built[0].get("version", __version__)))} · '
            f"commit {e(commit)}{f' ({e(date)})' if date else ''} · "
            f"processed data sha256 <code>{e(data)}</code> · "
            f"sources accessed up to {e(_inputs_date(processed_dir))}"
            + (f" · built from other data: {e(', '.join(differ))}" if differ else "")
            + "</p>"
        )
    body = "\n".join(parts)
    return report_page.document(TITLE, f"<main>\n{body}\n</main>", page_css + _INDEX_CSS)


def page(records: list[dict[str, Any]], reports_dir: Path) -> str:
    """The landing page of this project's reports (the ``index_page`` of its layout).

    Copies the processed data into ``reports/data/`` and embeds the shipped font, cut to
    the page's characters.
    """
    from wzdata import fonts
    from wzdata.study import settings

    processed = settings.PROCESSED_DATA_DIR
    names = copy_downloads(processed, reports_dir, settings.PROJ_ROOT)
    # The thumbnails and the cut font take most of the page's time: they are kept between
    # runs, keyed by what they are made from, so an unchanged index costs next to nothing.
    memo = FileMemo(reports_dir / CACHE_DIRNAME / "landing.memo")
    font = fonts.FONT_PATH.read_bytes()

    def thumb(report: str) -> str | None:
        return memo.get(FileMemo.key("thumbnail", report), lambda: thumbnail(report) or "") or None

    html_text = index_html(
        records,
        reports_dir,
        processed,
        root=settings.PROJ_ROOT,
        downloads=names,
        page_css=report_page.PAGE_CSS,
        thumbnail_of=thumb,
    )
    out = memo.get(FileMemo.key("page", html_text, font), lambda: report_page.with_font(html_text))
    memo.save()
    return out
