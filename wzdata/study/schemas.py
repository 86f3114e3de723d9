"""Table Schemas of the raw and processed tables, declared once.

Each table is described as a Frictionless Table Schema (a dict). The build
derives its pandera validation from these same declarations and writes them
into ``data/processed/datapackage.json``, so the data dictionary, the
validation and the descriptor cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from wzdata.claims.checks import CLAIM_KINDS, VERDICTS
from wzdata.datapkg import Schema, enum_values, field, table
from wzdata.figures import Kind, Qualifier

SLUG = r"^[a-z][a-z0-9_]*$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
#: A key of claims.csv: lower case, digits and underscores.
_ID_PATTERN = "^[a-z0-9_]+$"

MEASURES = ("level", "fold_change", "pct_change", "increment", "share", "rank", "duration", "other")
DIRECTIONS = ("", "down", "up")
FLOW_STOCK = ("flow", "stock", "rate", "event", "rank", "duration", "count")
LEVELS = ("country", "region", "city", "county", "township")
KINDS = enum_values(Kind)
QUALIFIERS = enum_values(Qualifier)


def _key(name: str, description: str, pattern: str = SLUG) -> dict[str, Any]:
    """The key field of a table: a required, unique string."""
    return field(name, "string", description, pattern=pattern, unique=True)


def _optional(name: str, description: str) -> dict[str, Any]:
    """A free-text field that may be empty (a note, a credit)."""
    return field(name, "string", description, required=False)


def _preferred(description: str) -> dict[str, Any]:
    """Whether a value is the one kept (``yes``) or an alternative (``no``)."""
    return field("preferred", "string", description, enum=("yes", "no"))


def _names(zh: str) -> list[dict[str, Any]]:
    """The Chinese name (described by ``zh``) and the English name of a thing."""
    return [field("name_zh", "string", zh), field("name_en", "string", "English name.")]


#: Fields that a table of figures (``figures``, ``context``) declares alike.
_FIGURE = {
    f["name"]: f
    for f in (
        field("source_id", "string", "Source of the figure (sources.csv)."),
        field("indicator", "string", "What the figure measures (indicators.csv)."),
        field("geography", "string", "Area the figure describes (geographies.csv)."),
        field("measure", "string", "Level, or the kind of derived statement.", enum=MEASURES),
        field(
            "direction",
            "string",
            "Direction of a change (down, up) or empty.",
            required=False,
            enum=DIRECTIONS,
        ),
        field("period_start", "date", "First day of the period.", pattern=DATE),
        field("period_end", "date", "Last day of the period (stocks: = start).", pattern=DATE),
    )
}

#: Foreign keys of a table of figures: its source, indicator and area.
_FIGURE_KEYS = [
    {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}},
    {"fields": "indicator", "reference": {"resource": "indicators", "fields": "indicator"}},
    {"fields": "geography", "reference": {"resource": "geographies", "fields": "geography"}},
]


def _shared(*names: str) -> list[dict[str, Any]]:
    """The fields ``names`` that every table of figures declares alike."""
    return [_FIGURE[n] for n in names]


def _figures(key: str, fields: list[dict[str, Any]]) -> Schema:
    """A table of figures keyed by ``figure_id`` (described by ``key``)."""
    return table([_key("figure_id", key), *fields], ["figure_id"], foreign_keys=_FIGURE_KEYS)


RAW_SCHEMAS: dict[str, Schema] = {
    "sources": table(
        [
            _key("source_id", "Key of the source (S00 is the core article).", r"^S\d{2}$"),
            field("title", "string", "Title as published."),
            field("publisher", "string", "Site or body that publishes the page."),
            _optional("original_publisher", "Named original outlet of a copy."),
            field("url", "string", "Address of the page.", pattern=r"https?://\S+"),
            field(
                "published",
                "string",
                "Publication date (and time, ISO 8601 with offset); empty if undated.",
                required=False,
                pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2})?$",
            ),
            _optional("author", "Author(s) as credited."),
            _optional("editor", "Responsible editor as credited."),
            field(
                "sha256",
                "string",
                "SHA-256 of the reference text, where one is kept.",
                required=False,
                pattern=r"^[0-9a-f]{64}$",
            ),
            field("licence", "string", "Licence or terms of the page."),
            field("accessed", "date", "Date the page was read.", pattern=DATE),
        ],
        ["source_id"],
    ),
    "geographies": table(
        [
            _key("geography", "Key of the area."),
            *_names("Chinese name."),
            field("level", "string", "Administrative level.", enum=LEVELS),
            _optional("parent", "Key of the enclosing area."),
        ],
        ["geography"],
    ),
    "indicators": table(
        [
            _key("indicator", "Key of the indicator (snake_case English)."),
            *_names("Chinese name as printed."),
            field("unit", "string", "Unit of the level, in English."),
            field("definition", "string", "What exactly is counted."),
            field(
                "flow_stock",
                "string",
                "Flow over a period, stock at a date, rate, ...",
                enum=FLOW_STOCK,
            ),
            _optional("notes", "Caveats and concept differences."),
        ],
        ["indicator"],
    ),
    "figures": _figures(
        "Stable readable key of the figure.",
        [
            *_shared("source_id"),
            field("section", "string", "Heading the figure stands under."),
            field(
                "paragraph",
                "integer",
                "1-based non-empty line of the article body (title = 1).",
                minimum=1,
            ),
            *_shared(
                "indicator", "measure", "direction", "geography", "period_start", "period_end"
            ),
            field("as_printed", "string", "The figure exactly as printed."),
            _optional("note", "Reading, caveats and judgement calls."),
        ],
    ),
    "context": _figures(
        "Stable readable key of the context figure.",
        [
            *_shared(
                "source_id",
                "geography",
                "indicator",
                "measure",
                "direction",
                "period_start",
                "period_end",
            ),
            field("period_label", "string", "The period as the source states it."),
            field("value_as_printed", "string", "The value exactly as printed on the page."),
            field("as_printed", "string", "The part of value_as_printed that this row reads."),
            field("context_phrase", "string", "Short verbatim phrase locating the value."),
            _preferred(
                "yes for the one value kept per geography, indicator and period; "
                "no for alternatives."
            ),
            _optional("note", "Why preferred, disagreements, concept caveats."),
        ],
    ),
}

_LOWER = field("lower", "number", "Lower bound implied by the qualifier.")
_QUALIFIER = field(
    "qualifier", "string", "How the printed number bounds the value.", enum=QUALIFIERS
)

#: Fields the build adds to a table of figures by parsing ``as_printed``.
_PARSED_FIELDS = [
    field("value", "number", "The printed number in base units (万 and 亿 applied)."),
    _LOWER,
    field("upper", "number", "Upper bound implied by the qualifier (INF when open)."),
    field(
        "unit", "string", "Measure word or unit as printed (empty: none printed).", required=False
    ),
    field("kind", "string", "What sort of figure it is.", enum=KINDS),
    _QUALIFIER,
    field("decimals", "integer", "Decimals as printed.", minimum=0),
]


def _parsed(raw: Schema) -> Schema:
    """A raw table of figures with the parsed fields added."""
    return table(
        [*raw["fields"], *_PARSED_FIELDS], raw["primaryKey"], foreign_keys=raw["foreignKeys"]
    )


PROCESSED_SCHEMAS: dict[str, Schema] = {
    "sources": RAW_SCHEMAS["sources"],
    "geographies": RAW_SCHEMAS["geographies"],
    "indicators": RAW_SCHEMAS["indicators"],
    "figures": _parsed(RAW_SCHEMAS["figures"]),
    "context": _parsed(RAW_SCHEMAS["context"]),
    "series": table(
        [
            field("indicator", "string", "Indicator key (indicators.csv)."),
            field("geography", "string", "Area key (geographies.csv)."),
            field("period_start", "date", "First day of the period."),
            field("period_end", "date", "Last day of the period."),
            field("value", "number", "Value in base units."),
            _LOWER,
            field("upper", "number", "Upper bound implied by the qualifier."),
            field("unit", "string", "Unit of the value (empty: none printed).", required=False),
            _QUALIFIER,
            field("figure_id", "string", "The figure the value comes from."),
            field("source_id", "string", "Source of the figure."),
            _preferred(
                "yes: the value kept for this geography, indicator "
                "and period; no: an alternative value from another source."
            ),
        ],
        ["indicator", "geography", "period_start", "period_end", "source_id"],
    ),
}


_CLAIM_ID = _key("claim_id", "Stable readable key of the derived statement.", _ID_PATTERN)
_CLAIM_KIND = field(
    "kind",
    "string",
    "fold (a N倍 statement), pct_change (a percentage change), increment (a printed "
    "absolute change with its percentage), rate (a printed share), pp_change (a change in "
    "percentage points) or sum (a total and its parts).",
    enum=CLAIM_KINDS,
)
_FIGURE_IDS = field(
    "figure_ids",
    "string",
    "Inputs of the check, ';'-separated figure_id of figures.csv, in order: "
    "fold: before;after; pct_change: current; increment: current;increment; "
    "rate: numerator; pp_change: before;after (the two percentages); sum: the parts, "
    "the total being the printed value. Empty when the inputs are not printed.",
    required=False,
    pattern="^([a-z0-9_]+(;[a-z0-9_]+)*)?$",
)
_PRINTED = field(
    "printed",
    "string",
    "figure_id (in figures.csv) of the printed derived value.",
    pattern=_ID_PATTERN,
)
_CLAIM_NOTE = _optional(
    "note", "Keyed note on the claim (assumptions on which figures it relates)."
)

RAW_SCHEMAS["claims"] = table(
    [_CLAIM_ID, _CLAIM_KIND, _FIGURE_IDS, _PRINTED, _CLAIM_NOTE], ["claim_id"]
)

#: Table Schema of the processed ``claims.csv``.
CLAIMS_SCHEMA: Schema = table(
    [
        _CLAIM_ID,
        _CLAIM_KIND,
        _FIGURE_IDS,
        _PRINTED,
        field(
            "as_printed",
            "string",
            "The printed derived value exactly as printed (e.g. 21.5倍, 7.6%).",
        ),
        field(
            "recomputed",
            "string",
            "Values recomputed from the inputs, 'name=value' pairs separated by '; ' "
            "(fold conventions, percentage bases, back-solved priors or denominators, "
            "or the implied range when not checkable).",
        ),
        field(
            "reproduced_by",
            "string",
            "';'-separated conventions (ratio, multiple_of_after, percent_of_before), "
            "bases (prior_base, current_base) or solutions (prior=649, denominator=n) "
            "that reproduce the printed value at its printed precision; empty if none.",
            required=False,
        ),
        field(
            "verdict",
            "string",
            "consistent: the usual reading reproduces the printed value (for folds, "
            "any named convention; for percentages, the prior-year base); inconsistent: "
            "it does not; not checkable: the inputs are not printed.",
            enum=VERDICTS,
        ),
        field("explanation", "string", "One line that lets a reader redo the check by hand."),
        _CLAIM_NOTE,
    ],
    ["claim_id"],
    missing_values=[""],
)
