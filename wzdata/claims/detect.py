"""Find the derived statements of any Chinese statistical text and check them.

:func:`detect` reads the expressions of :func:`wzdata.extract.extract` and the
words between them and returns :class:`Claim` objects, each a printed value
that is derived from other printed values (or from values that are not
printed), with its exact span, its kind and the inputs it relates:

* ``fold``: ``由A下降到B,下降了N倍`` (endpoints ``before``, ``after``) or a fold
  without endpoints (``下降9倍多``), which cannot be checked;
* ``pct_change``: ``从A降至B,降幅X%`` (``before``, ``after``), a year-on-year
  percentage with the current value only (``86起,同比下降31.7%``), members of
  a list governed by one verb and ``分别`` matched in order
  (``A起、B人,同比分别下降x%、y%``), or a percentage with no count printed;
* ``increment``: ``增加591人,增幅7.6%`` (``increment``, and ``current`` where
  printed) or ``由A增加到B,增加N人`` (``before``, ``after``, ``increment``);
* ``rate``: a share or rate (``占X%``, ``巩固率达Y%``) with its numerator
  (``占``) or numerator and denominator (``在D中,有N(P%)``);
* ``pp_change``: a change in percentage points (``提高3.2个百分点``), with the
  two percentages it compares where both are printed (``由A%提高到B%``,
  ``2020年为A%,2021年为B%``, ``B%,比上年的A%提高``), else not checkable;
* ``sum``: a total and its parts (``120起,其中A起、B起``), read as all of the
  total when the last part is the rest (``其他``, ``其余``) and else, cautiously,
  as some of it.

Assumptions are stated, never hidden: a current count taken from earlier in a
paragraph because its label matches the percentage's label is an input with
an ``assumption``; a count only printed beside a rate (``7792人,巩固率达
91.87%``) is not said to be the rate's numerator, so the rate stays not
checkable and the count is named in ``assumed`` with what the check would give
if it were. Direction comes from the verb in the text, for every member of a
``分别`` list.

:func:`check_text` runs the claim checks of :mod:`wzdata.claims.checks` on every claim
and returns one row per claim (the raw span, the inputs, the recomputed
values, the verdict and an explanation to redo by hand), as statcheck does.
The engine knows no article: it works on any text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wzdata.claims.checks import (
    Base,
    Interval,
    Rounding,
    SumReading,
    Verdict,
    _eq,
    _fmt,
    _rounding_text,
    _shown,
    check_fold,
    check_pp_change,
    check_rounding,
    check_sum,
    level_interval,
    points_quantity,
    printed_interval,
    solve_denominators,
)
from wzdata.claims.power import (
    DEFAULT_REL_WINDOW,
    PassProbability,
    pass_probability,
    pct_change_pass_probability,
    rate_pass_probability,
    values_pass_probability,
)
from wzdata.claims.verdicts import ClaimCheck, Printed, check_claim, check_sum_claim
from wzdata.extract import Expression, extract
from wzdata.figures import FigureParseError, FoldConvention, Qualifier, Quantity, fold_of, parse

if TYPE_CHECKING:
    import pandas as pd


#: How a claim was found (the ``form`` of a :class:`Claim`).
FORMS = {
    "fold_endpoints": "由A下降到B,下降了N倍",
    "fold_bare": "a fold without endpoints (下降9倍多)",
    "pct_endpoints": "从A降至B,降幅X%",
    "pct_current": "86起,同比下降31.7% (the current count beside the percentage)",
    "pct_list": "A起、B人,同比分别下降x%、y% (matched in order)",
    "pct_label": "a percentage whose count is printed earlier under the same label",
    "pct_series": "2016年至2020年...分别为A、B、C、D、E, then 2020年...同比下降x%",
    "pct_alone": "a percentage change with no count printed",
    "increment_pct": "增加591人,增幅7.6%",
    "increment_levels": "由A增加到B,增加N人",
    "rate_numerator": "X人,占...的P%",
    "rate_share": "在D中,有N(P%)",
    "rate_beside": "a count beside a rate, not said to be its numerator",
    "rate_alone": "a rate or share with no count printed",
    "pp_endpoints": "由A%提高到B%,提高N个百分点",
    "pp_periods": "2020年为A%,2021年为B%,提高N个百分点",
    "pp_compared": "B%,比上年的A%提高N个百分点",
    "pp_one": "a change in percentage points with one of its two percentages printed",
    "pp_alone": "a change in percentage points with neither percentage printed",
    "sum_whole": "120起,其中A起、其他B起 (the parts are all of the total)",
    "sum_parts": "120起,其中A起、B起 (the parts may be only some of the total)",
    "sum_clauses": "120人。其中,...A人,...B人 (parts in separate clauses, which may overlap)",
}

#: Kinds of expression that may stand inside a label (戒断3年巩固率, 2017年北京...).
_LABEL_KINDS = frozenset({"duration", "year", "date", "period", "frequency", "rank"})
#: Kinds of expression that are levels (counts and amounts a claim can relate).
_LEVEL_KINDS = frozenset({"count", "weight", "money", "amount"})

_CMP = (
    r"(?:同比(?:上年度|上年同期|去年同期|上年|去年)?|环比"
    r"|(?:比|较|与)(?:上年度|上年同期|去年同期|上一年|上年|去年)(?:同期)?(?:相比)?)"
)
_DOWN_VERB = r"(?:下降|减少|降低|下滑|回落|缩减|下跌|减|降)"
_UP_VERB = r"(?<![新净])(?:上升|增加|增长|提高|提升|上涨|增|升|涨)"
_PCT_WORD_DOWN = r"(?:降幅|减幅|下降幅度|降低幅度|下降率)"
_PCT_WORD_UP = r"(?:增幅|涨幅|增长率|增速|增长幅度)"
_TAIL = r"(?:了|达到|达|为|是|至|约)?"

#: A change announced right before a value: ``同比下降``, ``分别减少了``, ``降幅达``.
_CHANGE_BEFORE = re.compile(
    rf"(?P<cmp>{_CMP})?(?:分别)?(?:(?P<down>{_DOWN_VERB})|(?P<up>{_UP_VERB}))(?:了|达到|达|为)?"
    rf"(?:分别为?|分别)?$|(?P<dw>{_PCT_WORD_DOWN})(?:分别)?{_TAIL}$|(?P<uw>{_PCT_WORD_UP})(?:分别)?{_TAIL}$"
)
#: ``A下降到B`` between two levels.
_TO = re.compile(
    rf"^(?:的)?\s*(?:(?P<down>{_DOWN_VERB})|(?P<up>{_UP_VERB}))(?:到|至|为)(?:了)?\s*"
    r"(?:(?:19|20)[0-9]{2}\s*年(?:底|末|初)?(?:的)?)?\s*$"
)
#: Between the after-level and the derived value: ``,下降了``, ``,降幅达到``.
_AFTER_TO = re.compile(
    rf"^[,，]?\s*(?:{_CMP})?(?:{_DOWN_VERB}|{_UP_VERB}|{_PCT_WORD_DOWN}|{_PCT_WORD_UP})?"
    rf"{_TAIL}\s*$"
)
#: Between an increment and its percentage: ``,增幅``, ``,增长了``.
_INC_TO_PCT = re.compile(
    rf"^[,，]\s*(?:{_PCT_WORD_DOWN}|{_PCT_WORD_UP}|{_DOWN_VERB}|{_UP_VERB}){_TAIL}\s*$"
)
#: ``分别`` governing a list of percentages.
_LIST_HEAD = re.compile(
    rf"(?:{_CMP})?(?:分别(?:{_DOWN_VERB}|{_UP_VERB})|(?:{_DOWN_VERB}|{_UP_VERB})(?:了)?分别)"
    r"(?:了|为|达)?$"
)
_LIST_JOIN = re.compile(r"^\s*(?:、|和|及|与|,|，)\s*$")
#: A rate or share announced before its value.
_RATE_BEFORE = re.compile(
    r"(?:(?<!增长)(?<!下降)率|占比|比例|比重)(?:分别)?(?:为|达到|达|是|已达|仅为|约为)?$"
)
_SHARE_BEFORE = re.compile(r"占(?:[^,，。；;、:：]{0,20}?的)?(?:比例|比重)?(?:为|达|约)?$")
#: A denominator before a numerator: ``在现有的240.4万吸毒者中,有``.
_OF_WHICH = re.compile(r"^[^,，。；;]{0,16}中[,，]?\s*(?:有|共有|其中)?[^,，。；;、]{0,10}$")
#: Between a level and the change that follows it: ``,同比增加``.
_NEXT_CHANGE = re.compile(rf"[,，]\s*(?:{_CMP})?\s*(?:{_DOWN_VERB}|{_UP_VERB})(?:了)?")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_SENTENCE_END = frozenset("。；;！？!?\n")
_CLAUSE_END = "，,。；;！？!?\n：:、"
_LABEL_STRIP_HEAD = (
    "全市",
    "全省",
    "全县",
    "全区",
    "全州",
    "全国",
    "全盟",
    "共计",
    "累计",
    "共",
    "其中",
)
_LABEL_STRIP_TAIL = (
    "分别为",
    "分别是",
    "依次为",
    "分别",
    "达到",
    "共有",
    "已达",
    "达",
    "为",
    "有",
    "是",
    "人员",
    "人数",
    "数量",
    "数",
    "人",
    "者",
)


@dataclass(frozen=True, slots=True)
class Claim:
    """A derived statement found in a text.

    Attributes
    ----------
    start, end : int
        Span of the statement: ``text[start:end] == self.text``.
    text : str
        The statement as printed (from its first nearby input to the derived value).
    kind : str
        ``fold``, ``pct_change``, ``increment``, ``rate``, ``pp_change`` or ``sum``
        (:class:`wzdata.claims.checks.ClaimKind`).
    form : str
        How it was found: a key of :data:`FORMS`.
    printed : Expression
        The derived value as printed (``21.5倍``, ``31.7%``, ``591人``; of a sum, the total).
    inputs : tuple of (str, Expression)
        The printed inputs of the check with their roles (``before``, ``after``,
        ``current``, ``increment``, ``numerator``, ``denominator``, ``part``), in order.
    direction : str
        ``down``, ``up`` or ``""``, read from the verb that governs the value.
    assumption : str
        What the detection assumed, in words (empty when nothing).
    assumed : tuple of (str, Expression)
        Values placed beside the claim that the text does not state to be its
        inputs (a count beside a rate); not used for the verdict.
    paragraph : int or None
        1-based index of the non-empty line holding the derived value.
    """

    start: int
    end: int
    text: str
    kind: str
    form: str
    printed: Expression
    inputs: tuple[tuple[str, Expression], ...] = ()
    direction: str = ""
    assumption: str = ""
    assumed: tuple[tuple[str, Expression], ...] = field(default=())
    paragraph: int | None = None


# --------------------------------------------------------------------------- detection


def _gap(text: str, a: Expression | None, b: Expression) -> str:
    return text[a.end if a is not None else 0 : b.start]


def _clean_gap(gap: str) -> str:
    return _PAREN.sub("", gap).strip()


def _direction(m: re.Match[str] | None) -> str:
    if m is None:
        return ""
    d = m.groupdict()
    if d.get("down") or d.get("dw"):
        return "down"
    if d.get("up") or d.get("uw"):
        return "up"
    return ""


def _verb_direction(gap: str) -> str:
    """Direction of the last change verb in a stretch of text."""
    best, where = "", -1
    for d, pat in (("down", _DOWN_VERB), ("up", _UP_VERB)):
        for m in re.finditer(pat, gap):
            if m.start() > where:
                best, where = d, m.start()
    return best


def _is_level(e: Expression) -> bool:
    return e.kind in _LEVEL_KINDS and e.qualifier != "range"


def _is_pct(e: Expression) -> bool:
    return e.kind == "percent" and e.unit == "%"


def _same_sentence(gap: str) -> bool:
    return not any(c in _SENTENCE_END for c in gap)


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    i = pos
    while i > floor and text[i - 1] not in _CLAUSE_END:
        i -= 1
    return i


def _label(text: str, start: int, floor: int) -> str:
    """The words naming a value: its clause up to the value (or its change verb)."""
    s = text[_clause_start(text, start, floor) : start]
    m = _CHANGE_BEFORE.search(s)
    if m:
        s = s[: m.start()]
    s = re.sub(rf"{_CMP}.*$", "", s)
    s = re.sub(r"[“”\"「」‘’\s]|(?:19|20)[0-9]{2}年度?", "", s)
    changed = True
    while changed and s:
        changed = False
        for h in _LABEL_STRIP_HEAD:
            if s.startswith(h):
                s, changed = s[len(h) :], True
        for t in _LABEL_STRIP_TAIL:
            if s.endswith(t) and len(s) > len(t):
                s, changed = s[: -len(t)], True
    return s


def _label_score(a: str, b: str) -> float:
    """Similarity of two labels: 0 unless the smaller set of characters is nearly in the other."""
    sa, sb = set(a), set(b)
    if len(sa) < 2 or len(sb) < 2:
        return 0.0
    inter = len(sa & sb)
    if inter / min(len(sa), len(sb)) < 0.8:
        return 0.0
    jac = inter / len(sa | sb)
    return jac if jac >= 0.4 else 0.0


def _rounded(e: Expression, q: Quantity) -> bool:
    """True when a magnitude word rounds the count (``37.3万``: to the thousand)."""
    return q.step > 1 and any(w in e.text for w in "万亿萬億")


def _exact_whole(e: Expression) -> bool:
    q = _quantity(e)
    return (
        q is not None
        and q.qualifier is Qualifier.EXACT
        and not _rounded(e, q)
        and q.value == q.value.to_integral_value()
    )


@lru_cache(maxsize=65_536)
def _parse(text: str) -> Quantity | None:
    """:func:`wzdata.figures.parse`, memoised (texts repeat their forms); None when unreadable."""
    try:
        return parse(text)
    except FigureParseError:
        return None


def _quantity(e: Expression) -> Quantity | None:
    q = _parse(e.text)
    if q is None:
        return None
    if e.value is not None and q.value != e.value:  # the extractor read it otherwise (5.6万余)
        return Quantity(
            e.text,
            e.value,
            e.lower if e.lower is not None else e.value,
            e.upper if e.upper is not None else e.value,
            q.unit,
            q.kind,
            q.qualifier,
            q.decimals,
            q.step,
        )
    return q


#: Traditional characters of the words read here, mapped one to one (offsets are kept).
_SIMPLIFY = str.maketrans(
    "為達佔較減漲長與萬億數員別從後總類個計獲項則這們來進戶過範圍內與對應",
    "为达占较减涨长与万亿数员别从后总类个计获项则这们来进户过范围内与对应",
)


class _Scan:
    """State of one detection run over one text."""

    def __init__(self, text: str, exprs: Sequence[Expression]) -> None:
        self.original = text
        self.text = text.translate(_SIMPLIFY)
        assert len(self.text) == len(text)
        self.ex = [e for e in exprs if e.kind not in ("identifier",)]
        self.used: set[int] = set()  # indexes of expressions that are a claim's printed value
        self.claims: list[Claim] = []
        self.pos = {id(e): k for k, e in enumerate(self.ex)}
        self.para_start: dict[int | None, int] = {}
        for e in self.ex:
            self.para_start.setdefault(e.paragraph, _line_start(text, e.start))

    def prev(self, i: int) -> Expression | None:
        """The expression before i, passing over durations, years and dates inside a label."""
        k = i - 1
        while (
            k >= 0
            and self.ex[k].kind in _LABEL_KINDS
            and self.ex[k].paragraph == (self.ex[i].paragraph)
        ):
            k -= 1
        return self.ex[k] if k >= 0 else None

    def index(self, e: Expression) -> int:
        return self.pos[id(e)]

    def unused(self, test: Callable[[Expression], bool]) -> Iterator[tuple[int, Expression]]:
        """The expressions passing ``test`` that are not yet a claim's printed value, in order
        (each is tested when it is reached, after the claims found before it)."""
        for i, e in enumerate(self.ex):
            if i not in self.used and test(e):
                yield i, e

    def floor(self, e: Expression) -> int:
        """Offset where the paragraph of ``e`` starts (0 when it has none)."""
        return self.para_start.get(e.paragraph, 0)

    def clause(self, e: Expression) -> str:
        """The words of the clause of ``e`` before it, within its paragraph."""
        return self.text[_clause_start(self.text, e.start, self.floor(e)) : e.start]

    def add(
        self,
        i: int,
        kind: str,
        form: str,
        inputs: Sequence[tuple[str, Expression]] = (),
        direction: str = "",
        assumption: str = "",
        assumed: Sequence[tuple[str, Expression]] = (),
        local: Sequence[Expression] = (),
    ) -> None:
        p = self.ex[i]
        first = min((e.start for e in local), default=p.start)
        start = min(_clause_start(self.text, first, self.floor(p)), p.start)
        self.claims.append(
            Claim(
                start,
                p.end,
                self.original[start : p.end],
                kind,
                form,
                p,
                tuple(inputs),
                direction,
                assumption,
                tuple(assumed),
                p.paragraph,
            )
        )
        self.used.add(i)

    def label_match(self, i: int, exclude: Iterable[int] = ()) -> int | None:
        """The earlier level of the paragraph whose label is closest to that of expression i."""
        p = self.ex[i]
        floor = self.floor(p)
        lab = _label(self.text, p.start, floor)
        best, best_score = None, 0.0
        skip = set(exclude)
        for j in range(i - 1, -1, -1):
            c = self.ex[j]
            if c.paragraph != p.paragraph:
                break
            if j in skip or not _is_level(c) or c.direction or c.kind != "count":
                continue
            score = _label_score(lab, _label(self.text, c.start, floor))
            if score > best_score:
                best, best_score = j, score
        return best

    def label_assumption(self, current: Expression, e: Expression) -> str:
        """The assumption of taking ``current`` as the count of ``e`` because of its label."""
        floor = self.floor(e)
        return (
            f"current {current.text} taken from earlier in the paragraph "
            f"({_label(self.text, current.start, floor)!r} matches "
            f"{_label(self.text, e.start, floor)!r})"
        )


#: A paragraph can hold a claim only if it prints a percentage, a fold, a change in percentage
#: points, a breakdown (``其中``) or a change to a level (``增加到``, ``下降至``); any other
#: paragraph is not extracted at all.
_MAY_CLAIM = re.compile(
    r"[%％‰倍]|百分之|百分[点點]|其中|(?:增加|减少|下降|上升|降低|提高|增长|减|降|增|升|減|昇)了?(?:到|至)"
)


def claim_expressions(text: str, published: dt.date | str | None = None) -> list[Expression]:
    """The expressions of the paragraphs that may hold a claim, as :func:`extract` gives them.

    The extractor's context does not cross paragraphs (a year, a date, a
    frequency are read within their paragraph), so extracting each paragraph
    alone gives the same expressions, spans and paragraph numbers as the whole
    text; paragraphs without a percentage, a fold or a change to a level
    (see :data:`_MAY_CLAIM`) are skipped, which is most of a text.

    Examples
    --------
    >>> [e.text for e in claim_expressions("开展活动12场。\\n案件86起,同比下降31.7%。")]
    ['86起', '31.7%']
    """
    from dataclasses import replace

    out: list[Expression] = []
    pos, para = 0, 0
    for line in text.split("\n"):
        if line.strip():
            para += 1
            if _MAY_CLAIM.search(line):
                for e in extract(line, published):
                    out.append(replace(e, start=e.start + pos, end=e.end + pos, paragraph=para))
        pos += len(line) + 1
    return out


def _line_start(text: str, pos: int) -> int:
    k = text.rfind("\n", 0, pos)
    return k + 1


def detect(
    text: str,
    published: dt.date | str | None = None,
    *,
    expressions: Sequence[Expression] | None = None,
) -> list[Claim]:
    """Find every derived statement of a text.

    Parameters
    ----------
    text, published
        The text and its publication date, as :func:`wzdata.extract.extract` takes them.
    expressions : sequence of Expression, optional
        The text's expressions when already extracted.

    Returns
    -------
    list of Claim
        In text order of the derived value.

    Examples
    --------
    >>> [(c.kind, c.form, c.printed.text) for c in detect("案件由258起下降到12起,下降了21.5倍")]
    [('fold', 'fold_endpoints', '21.5倍')]
    """
    if not isinstance(text, str):
        raise TypeError(f"detect() needs a str, got {type(text).__name__}")
    exprs = claim_expressions(text, published) if expressions is None else expressions
    s = _Scan(text, exprs)
    _endpoints(s)
    _increments(s)
    _lists(s)
    _rates(s)
    _changes(s)
    _points(s)
    _sums(s)
    _bare_folds(s)
    return sorted(s.claims, key=lambda c: (c.printed.start, c.kind))


def _endpoints(s: _Scan) -> None:
    """``由A下降到B,下降了N倍`` / ``降幅X%`` / ``增加N人``."""
    ex, text = s.ex, s.text
    for i in range(2, len(ex)):
        c = ex[i]
        b = s.prev(i)  # passing over a year between the values (由2017年的A下降到2019年的B)
        a = s.prev(s.index(b)) if b is not None else None
        if i in s.used or a is None or b is None:
            continue
        if not (_is_level(a) and _is_level(b)) or a.unit != b.unit:
            continue
        m = _TO.match(_clean_gap(_gap(text, a, b)))
        if not m:
            continue
        gap = _clean_gap(_gap(text, b, c))
        if not _AFTER_TO.match(gap):
            continue
        direction = _direction(m)
        ends = [("before", a), ("after", b)]
        if c.kind == "fold":
            s.add(i, "fold", "fold_endpoints", ends, direction, local=(a,))
        elif _is_pct(c):
            s.add(i, "pct_change", "pct_endpoints", ends, direction, local=(a,))
        elif _is_level(c) and c.unit == b.unit:
            s.add(
                i,
                "increment",
                "increment_levels",
                [*ends, ("increment", c)],
                direction,
                local=(a,),
            )


def _increments(s: _Scan) -> None:
    """``(A人,)同比增加N人,增幅P%``."""
    ex, text = s.ex, s.text
    for i in range(1, len(ex)):
        p, n = ex[i], ex[i - 1]
        if i in s.used or i - 1 in s.used or not (_is_pct(p) and _is_level(n)):
            continue
        if not _INC_TO_PCT.match(_gap(text, n, p)):
            continue
        direction = _direction(_CHANGE_BEFORE.search(s.clause(n)))
        if not direction:
            continue
        inputs: list[tuple[str, Expression]] = [("increment", n)]
        local: list[Expression] = [n]
        assumption = ""
        cur = s.prev(i - 1)
        cur_i: int | None = None
        if (
            cur is not None
            and cur.paragraph == n.paragraph
            and _is_level(cur)
            and not cur.direction
            and cur.unit == n.unit
            and _NEXT_CHANGE.fullmatch(_clean_gap(_gap(text, cur, n)))
        ):
            cur_i = s.index(cur)
        if cur_i is not None:
            local.insert(0, ex[cur_i])
        else:
            cur_i = s.label_match(i - 1)
            if cur_i is not None and ex[cur_i].unit == n.unit:
                assumption = s.label_assumption(ex[cur_i], n)
            else:
                cur_i = None
        if cur_i is not None:
            inputs.insert(0, ("current", ex[cur_i]))
        s.add(i, "increment", "increment_pct", inputs, direction, assumption, local=local)
        if cur_i is not None:
            # the percentage alone is a second statement about the current count
            s.claims.append(
                Claim(
                    s.claims[-1].start,
                    p.end,
                    s.original[s.claims[-1].start : p.end],
                    "pct_change",
                    "pct_label" if assumption else "pct_current",
                    p,
                    (("current", ex[cur_i]),),
                    direction,
                    assumption,
                    (),
                    p.paragraph,
                )
            )
        s.used.add(i - 1)


def _lists(s: _Scan) -> None:
    """``A起、B人,同比分别下降x%、y%``: one verb governs several values, matched in order."""
    ex, text = s.ex, s.text
    i = 0
    while i < len(ex):
        e = ex[i]
        if i in s.used or not _is_pct(e):
            i += 1
            continue
        m = _LIST_HEAD.search(s.clause(e))
        if not m:
            i += 1
            continue
        members = [i]
        j = i + 1
        while j < len(ex) and _is_pct(ex[j]) and _LIST_JOIN.match(_gap(text, ex[j - 1], ex[j])):
            members.append(j)
            j += 1
        direction = _verb_direction(m.group())
        # the levels the list refers to: the nearest ones before it in the sentence
        levels: list[int] = []
        k = i - 1
        while k >= 0 and len(levels) < len(members):
            c = ex[k]
            if not _same_sentence(_gap(text, c, ex[k + 1])) or c.paragraph != e.paragraph:
                break
            if _is_level(c) and not c.direction and k not in s.used:
                levels.append(k)
            elif c.kind in ("percent", "fold"):
                break
            k -= 1
        levels.reverse()
        matched = len(levels) == len(members)
        for n, mi in enumerate(members):
            if matched:
                c = ex[levels[n]]
                s.add(
                    mi,
                    "pct_change",
                    "pct_list",
                    [("current", c)],
                    direction,
                    f"value {n + 1} of {len(members)} governed by {m.group()!r}, "
                    f"matched in order to {c.text}",
                    local=(c,),
                )
            else:
                s.add(
                    mi,
                    "pct_change",
                    "pct_alone",
                    (),
                    direction,
                    f"{len(members)} values governed by {m.group()!r} but {len(levels)} "
                    "counts before them: not matched",
                )
        i = j


def _rates(s: _Scan) -> None:
    """``X人,占...的P%``, ``在D中,有N(P%)``, ``巩固率达Y%``."""
    text = s.text
    for i, e in s.unused(_is_pct):
        prev = s.prev(i)
        gap = _gap(text, prev, e) if prev is not None and prev.paragraph == e.paragraph else ""
        if prev is None or prev.paragraph != e.paragraph:
            gap = text[s.floor(e) : e.start]
        clause = s.clause(e)
        paren = re.fullmatch(r"\s*[(（]\s*", gap) is not None and prev is not None
        share = paren or _SHARE_BEFORE.search(clause) is not None
        rate = _RATE_BEFORE.search(clause) is not None
        if not (share or rate) or _CHANGE_BEFORE.search(clause):
            continue
        near = (
            prev is not None
            and prev.paragraph == e.paragraph
            and _is_level(prev)
            and not prev.direction
            and _same_sentence(gap)
            and len(re.findall(r"[,，、]", _clean_gap(gap))) <= 1
            and len(_clean_gap(gap)) <= 24
        )
        if share and near and prev is not None:
            den = s.prev(s.index(prev))
            if (
                den is not None
                and den.paragraph == e.paragraph
                and _is_level(den)
                and (den.unit == prev.unit or not den.unit or not prev.unit)
                and _OF_WHICH.match(_gap(text, den, prev))
            ):
                s.add(
                    i,
                    "rate",
                    "rate_share",
                    [("numerator", prev), ("denominator", den)],
                    local=(den,),
                )
            else:
                s.add(i, "rate", "rate_numerator", [("numerator", prev)], local=(prev,))
        elif rate and near and prev is not None and (whole := _of_whole(s, prev)) is not None:
            s.add(
                i,
                "rate",
                "rate_share",
                [("numerator", prev), ("denominator", whole)],
                assumption=(
                    f"{prev.text} (其中, among the {whole.text} before it) taken as the "
                    f"numerator of the rate and {whole.text} as its denominator"
                ),
                local=(whole,),
            )
        elif rate and near and prev is not None:
            s.add(
                i,
                "rate",
                "rate_beside",
                (),
                assumption=(
                    f"{prev.text} is printed beside the rate but not said to be its numerator"
                ),
                assumed=[("numerator", prev)],
                local=(prev,),
            )
        else:
            s.add(i, "rate", "rate_alone")


#: Units that count the same things (a share may be printed with either).
_SAME_UNITS = ({"人", "名"}, {"起", "件", "宗"})


def _of_whole(s: _Scan, part: Expression) -> Expression | None:
    """``65名...,其中...41人``: the whole that a ``其中`` clause takes its part from."""
    text = s.text
    k = s.index(part)
    if not s.clause(part).startswith("其中"):
        return None
    prev = s.prev(k)
    if prev is None or prev.paragraph != part.paragraph or not _is_level(prev):
        return None
    if not _same_sentence(text[prev.end : part.start]) or prev.direction:
        return None
    same = prev.unit == part.unit or any({prev.unit, part.unit} <= u for u in _SAME_UNITS)
    return prev if same and _exact_whole(prev) and _exact_whole(part) else None


_ONLY_CHANGE = re.compile(
    rf"\s*(?:{_CMP})?\s*(?:分别)?(?:{_DOWN_VERB}|{_UP_VERB}|{_PCT_WORD_DOWN}|{_PCT_WORD_UP})?(?:了|达到|达|为|是)?\s*"
)


def _no_new_subject(gap: str) -> bool:
    """After a comma, only the change itself (``86起,同比下降``), not a new subject
    (``86起,抓获嫌疑人同比下降``: the percentage is of the suspects, not of the 86 cases)."""
    parts = re.split(r"[,，]", gap)
    return len(parts) == 1 or _ONLY_CHANGE.fullmatch(parts[-1]) is not None


def _changes(s: _Scan) -> None:
    """``86起,同比下降31.7%``, or a change whose count is printed earlier or not at all."""
    ex, text = s.ex, s.text
    for i, e in s.unused(_is_pct):
        clause = s.clause(e)
        direction = _direction(_CHANGE_BEFORE.search(clause))
        if not direction:
            continue
        prev = s.prev(i)
        cur: Expression | None = None
        if prev is not None and prev.paragraph == e.paragraph:
            g = _clean_gap(_gap(text, prev, e))
            if (
                _is_level(prev)
                and not prev.direction
                and _same_sentence(g)
                and "、" not in g
                and len(re.findall(r"[,，]", g)) <= 1
                and len(g) <= 20
                and _no_new_subject(g)
            ):
                cur = prev
            elif (
                _is_pct(prev)
                and re.fullmatch(rf"[,，]\s*{_CMP}?\s*(?:{_DOWN_VERB}|{_UP_VERB})?{_TAIL}", g)
                and s.claims
            ):
                # X人,占...的8%,同比下降40%: the subject of the clause before
                owner = next((c for c in s.claims if c.printed is prev), None)
                if owner is not None and owner.form == "rate_numerator":
                    cur = owner.inputs[0][1]
        if cur is not None:
            s.add(i, "pct_change", "pct_current", [("current", cur)], direction, local=(cur,))
            continue
        pair = _series_pair(s, i, clause)
        if pair is not None:
            (before, after), note = pair
            s.add(
                i,
                "pct_change",
                "pct_series",
                [("before", before), ("after", after)],
                direction,
                note,
            )
            continue
        j = s.label_match(i)
        if j is not None:
            c = ex[j]
            s.add(
                i, "pct_change", "pct_label", [("current", c)], direction, s.label_assumption(c, e)
            )
            continue
        s.add(i, "pct_change", "pct_alone", (), direction)


def _is_points(e: Expression) -> bool:
    return e.kind == "percent" and e.unit == "百分点"


#: Between the later percentage and its change in points: ``,同比提高``, ``,提高了``.
_POINTS_VERB = re.compile(
    rf"^[)）]?\s*[,，]?\s*(?:{_CMP})?\s*(?:分别)?(?:{_DOWN_VERB}|{_UP_VERB})(?:了|达到|达|为|约)?\s*$"
)
#: ``B%,比上年的A%``: the earlier percentage named after the comparison word.
_POINTS_COMPARED = re.compile(r"^[,，]?\s*(?:比|较|与)[^,，。；;%]{0,16}?(?:的|[(（])?\s*$")
#: ``A%,2021年为B%``: a second clause of another year, with at most a label and a verb.
_POINTS_PERIOD = re.compile(r"^[,，]\s*[^,，。；;]{0,24}$")


def _sentence_start(s: _Scan, e: Expression) -> int:
    i, floor = e.start, s.floor(e)
    while i > floor and s.text[i - 1] not in _SENTENCE_END:
        i -= 1
    return i


def _year_before(s: _Scan, k: int, since: int) -> int | None:
    """The last calendar year printed between offset ``since`` and expression k."""
    for j in range(k - 1, -1, -1):
        x = s.ex[j]
        if x.start < since:
            break
        if x.kind == "year" and x.period_start:
            return int(x.period_start[:4])
    return None


def _point_pair(
    s: _Scan, a: Expression, b: Expression, e: Expression
) -> tuple[str, Expression, Expression, str] | None:
    """The form and the (before, after) percentages that a change in points ``e`` compares,
    when ``a`` and ``b`` are the two percentages before it in its sentence."""
    text = s.text
    between = _gap(text, a, b)
    if _POINTS_VERB.match(_clean_gap(_gap(text, b, e))):
        if _TO.match(_clean_gap(between)):
            return "pp_endpoints", a, b, ""
        ka, kb = s.index(a), s.index(b)
        inside = s.ex[ka + 1 : kb]
        ya = _year_before(s, ka, _clause_start(text, a.start, s.floor(a)))
        yb = _year_before(s, kb, a.end)
        if (
            ya is not None
            and yb is not None
            and ya != yb
            and all(x.kind in _LABEL_KINDS for x in inside)
            and _POINTS_PERIOD.match(_clean_gap(between))
            and not re.search(_DOWN_VERB + "|" + _UP_VERB, _clean_gap(between))
        ):
            floor = s.floor(a)
            la = _label(text, a.start, floor)
            lb = re.sub(r"^(?:为|是|达到|达|约为|约)$", "", _label(text, b.start, floor))
            if not lb or _label_score(la, lb) or lb in la:
                first, second = (a, b) if ya < yb else (b, a)
                return (
                    "pp_periods",
                    first,
                    second,
                    f"the {min(ya, yb)} value {first.text} and the {max(ya, yb)} value "
                    f"{second.text} taken as the two percentages compared",
                )
    if _POINTS_COMPARED.match(between) and re.fullmatch(
        rf"[)）]?\s*(?:{_DOWN_VERB}|{_UP_VERB})(?:了)?\s*", _gap(text, b, e)
    ):
        return "pp_compared", b, a, f"{b.text}, named after the comparison, taken as the earlier"
    return None


def _points(s: _Scan) -> None:
    """``由A%提高到B%,提高N个百分点`` and the other forms of a change in percentage points."""
    text = s.text
    for i, e in s.unused(_is_points):
        direction = e.direction or _direction(_CHANGE_BEFORE.search(s.clause(e)))
        since = _sentence_start(s, e)
        pcts: list[Expression] = []
        for x in s.ex[:i]:
            if x.start >= since and x.paragraph == e.paragraph:
                if _is_points(x):
                    pcts = []  # a change in points before this one has taken its percentages
                elif _is_pct(x) and not x.direction:  # a level, not itself a change
                    pcts.append(x)
        pair = _point_pair(s, pcts[-2], pcts[-1], e) if len(pcts) >= 2 else None
        if pair is not None:
            form, before, after, note = pair
            inputs = [("before", before), ("after", after)]
            s.add(i, "pp_change", form, inputs, direction, note, local=(pcts[-2],))
            continue
        if pcts and "分别" not in s.clause(e):
            b = pcts[-1]
            g = _clean_gap(_gap(text, b, e))
            if len(re.findall(r"[,，、]", g)) <= 1 and len(g) <= 30:
                s.add(
                    i,
                    "pp_change",
                    "pp_one",
                    (),
                    direction,
                    f"{b.text} is printed before the change; the percentage it is compared "
                    "with is not",
                    assumed=[("level", b)],
                    local=(b,),
                )
                continue
        s.add(i, "pp_change", "pp_alone", (), direction)


#: The words before a part of a breakdown: after the total, ``其中`` and a label (``head``:
#: ``,其中毒品案件``, ``。其中,正在...的有``); after another part, a separator and a label
#: (``sep``: ``、其他案件``, ``,依法执行...的有``, ``和``).
_SUM_GAP = re.compile(
    r"^\s*[)）]?\s*(?:(?P<head>[,，。；;]?\s*其中\s*[,，:：]?)|(?P<sep>[、,，]\s*(?:和|及|以及|与)?|和|及|以及|与))"
    r"(?P<label>[^,，。；;:：、!?！？\n]{0,30})$"
)
#: Words that make a part the rest of the total: the breakdown is then all of it.
_SUM_REST = ("其他", "其余", "其它", "剩余", "余下", "另有", "另")


def _same_unit(a: Expression, b: Expression) -> bool:
    return a.unit == b.unit or any({a.unit, b.unit} <= u for u in _SAME_UNITS)


def _next_value(s: _Scan, k: int) -> int | None:
    """The index of the next expression after k that is not a year, date or period of a label."""
    j = k + 1
    while j < len(s.ex) and s.ex[j].kind in _LABEL_KINDS and s.ex[j].paragraph == s.ex[k].paragraph:
        j += 1
    return j if j < len(s.ex) and s.ex[j].paragraph == s.ex[k].paragraph else None


def _sums(s: _Scan) -> None:
    """``120起,其中毒品案件80起、其他案件40起``: a total and the parts after its ``其中``."""
    ex, text = s.ex, s.text
    for i, total in enumerate(ex):
        if not _is_level(total) or total.direction:
            continue
        j = _next_value(s, i)
        before = total
        if (
            j is not None
            and _is_pct(ex[j])
            and ex[j].direction
            and _NEXT_CHANGE.fullmatch(_clean_gap(_gap(text, total, ex[j])))
        ):  # 86起,同比下降31.7%,其中...: the change of the total is passed over
            before, j = ex[j], _next_value(s, j)
        head = None if j is None else _SUM_GAP.match(_clean_gap(_gap(text, before, ex[j])))
        if head is None or not head.group("head"):
            continue
        parts, labels, loose = [], [head.group("label")], False
        while j is not None:
            p = ex[j]
            if not _is_level(p) or p.direction or not _same_unit(total, p):
                break
            parts.append(p)
            j = _next_value(s, j)
            m = None if j is None else _SUM_GAP.match(_clean_gap(_gap(text, p, ex[j])))
            if m is None or not m.group("sep"):
                break
            label = m.group("label").strip()
            if re.search(r"[,，]", m.group("sep")) and not label.startswith(_SUM_REST):
                loose = True
            labels.append(label)
        if len(parts) < 2:
            continue
        labels = labels[: len(parts)]
        whole = labels[-1].startswith(_SUM_REST) or (
            "分别" in labels[0] and re.search(r"[和及与](?:其他|其余|其它)", labels[0]) is not None
        )
        if whole:
            form = "sum_whole"
            note = f"the last part ({labels[-1] or labels[0]}...) is the rest of the total"
        elif loose:
            form, note = "sum_clauses", "the parts are printed as separate clauses"
        else:
            form, note = "sum_parts", "nothing marks the parts as all of the total"
        start = _clause_start(text, total.start, s.floor(total))
        end = parts[-1].end
        s.claims.append(
            Claim(
                start,
                end,
                s.original[start:end],
                "sum",
                form,
                total,
                tuple(("part", p) for p in parts),
                "",
                note,
                (),
                total.paragraph,
            )
        )


_SERIES_HEAD = re.compile(r"^[,，]?([^。；;,，]{0,30}?)(?:分别为|分别是|依次为|分别)$")


def _series(s: _Scan) -> list[tuple[int | None, str, dict[int, Expression]]]:
    """Year-indexed lists: ``2016年至2020年,审结案件分别为A件、B件、C件、D件、E件``.

    Returns (paragraph, label, year -> level) for each list whose length is the
    number of years of the period before it.
    """
    ex, text = s.ex, s.text
    out = []
    for i, p in enumerate(ex):
        if p.kind != "period" or not (p.period_start and p.period_end):
            continue
        y0, y1 = int(p.period_start[:4]), int(p.period_end[:4])
        if not (p.period_start.endswith("-01-01") and p.period_end.endswith("-12-31")):
            continue
        n = y1 - y0 + 1
        if not 2 <= n <= 30 or i + n >= len(ex) + 1:
            continue
        first = i + 1
        while first < len(ex) and ex[first].kind == "period" and ex[first].end <= p.end + 40:
            first += 1  # the period printed twice (据统计,2016年至2020年,...)
        if first >= len(ex):
            continue
        m = _SERIES_HEAD.match(_gap(text, ex[first - 1], ex[first]))
        levels = ex[first : first + n]
        if (
            not m
            or len(levels) < n
            or not all(_is_level(e) and e.unit == levels[0].unit for e in levels)
            or not all(_LIST_JOIN.match(_gap(text, a, b)) for a, b in itertools.pairwise(levels))
        ):
            continue
        label = _label(text, ex[first].start, s.floor(p))
        out.append((p.paragraph, label, {y0 + k: e for k, e in enumerate(levels)}))
    return out


def _series_pair(s: _Scan, i: int, clause: str) -> tuple[tuple[Expression, Expression], str] | None:
    """The levels of year Y-1 and Y of a series, for a change printed for year Y."""
    e = s.ex[i]
    years = [
        x
        for x in s.ex[max(0, i - 4) : i]
        if x.kind == "year" and x.period_start and x.start >= e.start - len(clause)
    ]
    if not years:
        return None
    y = int(years[-1].period_start[:4])  # type: ignore[index]
    lab = _label(s.text, e.start, s.floor(e))
    for para, label, by_year in _series(s):
        if para != e.paragraph or y not in by_year or y - 1 not in by_year:
            continue
        if by_year[y].start > e.start or not _label_score(lab, label):
            continue
        note = (
            f"the {y - 1} and {y} values of the series printed for {min(by_year)}-"
            f"{max(by_year)} ({label!r} matches {lab!r})"
        )
        return (by_year[y - 1], by_year[y]), note
    return None


def _bare_folds(s: _Scan) -> None:
    for i, e in s.unused(lambda e: e.kind == "fold"):
        clause = s.clause(e)
        direction = e.direction or _direction(_CHANGE_BEFORE.search(clause))
        if not direction and re.search(r"是[^,，。；;]{0,12}的$", clause):
            direction = "up"
        s.add(i, "fold", "fold_bare", (), direction)


# --------------------------------------------------------------------------- checks


#: Columns of :func:`check_text`, one row per claim.
COLUMNS = (
    "claim",
    "paragraph",
    "start",
    "end",
    "span",
    "kind",
    "form",
    "printed",
    "direction",
    "inputs",
    "assumption",
    "recomputed",
    "reproduced_by",
    "verdict",
    "explanation",
    "p_by_chance",
)

#: A function giving the probability that a claim passes its check by chance
#: (None when it cannot say); :func:`check_text` fills ``p_by_chance`` with it.
ChanceFunction = Callable[[Claim, dict[str, Any]], float | None]


def _fig(e: Expression, direction: str = "") -> Printed | None:
    q = _quantity(e)
    return None if q is None else Printed(e.text, q, direction)


def _verdict(c: Claim, q: Quantity, rounding: Rounding, direction: str | None = None) -> ClaimCheck:
    """:func:`check_claim` on the printed inputs of a claim and its value ``q``, read in
    ``direction`` (the claim's own by default)."""
    d = c.direction if direction is None else direction
    figs = [_fig(e) for _, e in c.inputs]
    return check_claim(c.kind, figs, Printed(c.printed.text, q, d), d, rounding)  # type: ignore[arg-type]


def _points_of(e: Expression) -> Quantity | None:
    """A change in percentage points as a Quantity (:func:`points_quantity`), else None."""
    try:
        return points_quantity(e.text)
    except FigureParseError:
        return None


def _not_whole(items: Sequence[tuple[str, Expression]]) -> ClaimCheck | None:
    bad = [(r, e) for r, e in items if not _exact_whole(e)]
    if not bad:
        return None
    what = "; ".join(f"{r} {e.text}" for r, e in bad)
    return ClaimCheck(
        "",
        "",
        "not checkable",
        f"{what} is not an exact whole count (a qualifier, a decimal, or rounded to 万/亿), "
        "so no whole-number check applies",
    )


def _check_fold(c: Claim, rounding: Rounding) -> ClaimCheck:
    q = _quantity(c.printed)
    if q is None:
        return ClaimCheck("", "", "not checkable", f"{c.printed.text} cannot be read as a fold")
    if not c.inputs:
        if c.direction == "up":
            n = q.as_printed
            return ClaimCheck(
                "",
                "",
                "not checkable",
                f"{n} is a rise with no endpoints printed, so it cannot be checked; it means "
                f"new/old = {q.value} (ratio) or (new-old)/old = {q.value}, new/old = "
                f"{q.value + 1} (multiple of the start)",
            )
        return _verdict(c, q, rounding, "down")
    bad = _not_whole(c.inputs)
    if bad:
        return bad
    before, after = (e for _, e in c.inputs)
    if c.direction == "up":  # a rise: the same readings with the ends swapped
        res = check_fold(int(_quantity(after).value), int(_quantity(before).value), q)  # type: ignore[union-attr]
        return ClaimCheck.from_result(
            res, _shown(q), head="a rise, read with the later value first: "
        )
    return _verdict(c, q, rounding, "down")


def _check_pct_endpoints(c: Claim, rounding: Rounding) -> ClaimCheck:
    bad = _not_whole(c.inputs)
    if bad:
        return bad
    q = _quantity(c.printed)
    assert q is not None
    a, b = (int(_quantity(e).value) for _, e in c.inputs)  # type: ignore[union-attr]
    if a == 0 or b == 0:
        return ClaimCheck("", "", "not checkable", "an endpoint is 0: no percentage on it")
    d = _shown(q)
    vals = {Base.PRIOR: Fraction(100 * abs(b - a), a), Base.CURRENT: Fraction(100 * abs(b - a), b)}
    ok = [k for k, v in vals.items() if check_rounding(v, q, rounding)]
    wrong_way = (c.direction == "down" and b > a) or (c.direction == "up" and b < a)
    verdict = "consistent" if Base.PRIOR in ok and not wrong_way else "inconsistent"
    expl = (
        f"printed {q.as_printed} ({_rounding_text(q, rounding)}): |{b}-{a}|/{a} "
        f"{_eq(vals[Base.PRIOR], d)}% on the earlier value ({Base.PRIOR.value}) "
        f"{'reproduces it' if Base.PRIOR in ok else 'does not'}; |{b}-{a}|/{b} "
        f"{_eq(vals[Base.CURRENT], d)}% on the later value ({Base.CURRENT.value}) "
        f"{'reproduces it' if Base.CURRENT in ok else 'does not'}"
        + (f"; but the values move the other way than {c.direction}" if wrong_way else "")
    )
    recomputed = "; ".join(f"{k.value}={_fmt(v, d)}%" for k, v in vals.items())
    return ClaimCheck(recomputed, ";".join(k.value for k in ok), verdict, expl)


def _check_increment_levels(c: Claim) -> ClaimCheck:
    bad = _not_whole(c.inputs[:2])
    if bad:
        return bad
    a, b, n = (e for _, e in c.inputs)
    qa, qb, qn = (_quantity(e) for e in (a, b, n))
    assert qa is not None and qb is not None and qn is not None
    diff = abs(int(qb.value) - int(qa.value))
    ok = Fraction(diff) in printed_interval(qn, Rounding.HALF_UP_OR_EVEN)
    return ClaimCheck(
        f"difference={diff}",
        "difference" if ok else "",
        "consistent" if ok else "inconsistent",
        f"|{qb.value}-{qa.value}| = {diff} {'matches' if ok else 'does not match'} the printed "
        f"{qn.as_printed}",
    )


def _check_increment(c: Claim, rounding: Rounding) -> ClaimCheck:
    q = _quantity(c.printed)
    assert q is not None
    roles = dict(c.inputs)
    bad = _not_whole(c.inputs)
    if bad:
        return bad
    inc = int(_quantity(roles["increment"]).value)  # type: ignore[union-attr]
    if "current" in roles:  # inputs (current, increment)
        try:
            return _verdict(c, q, rounding)
        except ValueError as exc:
            return ClaimCheck("", "", "not checkable", str(exc))
    # no current level: which prior counts give increment/prior = printed?
    try:
        priors = solve_denominators(q, inc, rounding=rounding)
    except ValueError as exc:
        return ClaimCheck("", "", "not checkable", str(exc))
    d = _shown(q)
    if priors:
        shown = str(priors[0]) if len(priors) == 1 else f"{priors[0]}..{priors[-1]}"
        return ClaimCheck(
            f"prior_base: prior={shown}",
            Base.PRIOR.value,
            "consistent",
            f"printed {q.as_printed} ({_rounding_text(q, rounding)}) for a change of {inc} with "
            f"no level printed: a prior count of {priors[0]} gives {inc}/{priors[0]} "
            f"{_eq(Fraction(100 * inc, priors[0]), d)}%"
            + ("" if len(priors) == 1 else f" (every prior {shown} does)"),
        )
    return ClaimCheck(
        "prior_base: none",
        "",
        "inconsistent",
        f"printed {q.as_printed} for a change of {inc}: no whole prior count gives {inc}/prior "
        f"= {q.as_printed}",
    )


def _share_range(c: Claim) -> tuple[Fraction, Fraction] | None:
    """The range of a share's numerator/denominator with the inputs' own rounding, in percent
    (None when the denominator may be 0)."""
    (_, num_e), (_, den_e) = c.inputs
    num, den = _quantity(num_e), _quantity(den_e)
    assert num is not None and den is not None

    def bounds(e: Expression, x: Quantity) -> tuple[Fraction, Fraction]:
        if x.qualifier is not Qualifier.EXACT:
            lo = Fraction(x.lower)
            hi = Fraction(x.upper) if x.upper.is_finite() else Fraction(10) ** 30
            return lo, hi
        half = Fraction(x.step) / 2 if _rounded(e, x) or x.decimals else Fraction(0)
        return Fraction(x.value) - half, Fraction(x.value) + half

    (nl, nh), (dl, dh) = bounds(num_e, num), bounds(den_e, den)
    return None if dl <= 0 else (100 * nl / dh, 100 * nh / dl)


def _share_meets(share: tuple[Fraction, Fraction], iv: Interval) -> bool:
    lo, hi = share
    return (iv.hi is None or lo <= iv.hi) and (iv.lo is None or hi >= iv.lo)


def _check_share(c: Claim, rounding: Rounding) -> ClaimCheck:
    """Numerator and denominator printed: the interval of their ratio against the rate."""
    q = _quantity(c.printed)
    num, den = (_quantity(e) for _, e in c.inputs)
    assert q is not None and num is not None and den is not None
    share = _share_range(c)
    if share is None:
        return ClaimCheck("", "", "not checkable", "the denominator may be 0")
    lo, hi = share
    iv = printed_interval(q, rounding)
    meets = _share_meets(share, iv)
    d = _shown(q)
    point = Fraction(100 * Fraction(num.value), Fraction(den.value))
    rng = Interval(lo, hi, True, True).format(decimals=d)
    return ClaimCheck(
        f"share={_fmt(point, d)}%; range={rng}",
        "numerator/denominator" if meets else "",
        "consistent" if meets else "inconsistent",
        f"printed {q.as_printed} ({_rounding_text(q, rounding)}): {num.as_printed}/"
        f"{den.as_printed} {_eq(point, d)}%; with the inputs' own rounding the share lies in "
        f"{rng}%, which {'meets' if meets else 'misses'} {iv.format(decimals=d)}%",
    )


def _check_rate(c: Claim, rounding: Rounding, paragraph_counts: Sequence[Expression]) -> ClaimCheck:
    q = _quantity(c.printed)
    assert q is not None
    if c.form == "rate_share":
        return _check_share(c, rounding)
    if c.inputs:  # the numerator alone
        return _not_whole(c.inputs) or _verdict(c, q, rounding, "")
    v = _verdict(c, q, rounding, "")
    if not c.assumed or not _exact_whole(c.assumed[0][1]):
        return v
    e = c.assumed[0][1]
    k = int(_quantity(e).value)  # type: ignore[union-attr]
    try:
        dens = solve_denominators(q, k, rounding=rounding)
    except ValueError:
        return v
    if dens:
        shown = str(dens[0]) if len(dens) == 1 else f"{dens[0]}..{dens[-1]}"
        printed_dens = sorted(
            {x.text for x in paragraph_counts if _exact_whole(x) and int(x.value or 0) in dens}
        )
        cond = f"if {e.text} were the numerator, the denominator would be {shown}" + (
            f" ({', '.join(printed_dens)} is printed in the paragraph)" if printed_dens else ""
        )
    else:
        shown = "none"
        cond = f"if {e.text} were the numerator, no whole denominator would give {q.as_printed}"
    return ClaimCheck(
        f"{v.recomputed}; if numerator={k}: denominators={shown}",
        "",
        "not checkable",
        f"the numerator of {q.as_printed} is not stated ({e.text} is printed beside it); "
        f"{cond}; {v.explanation.split('; ', 1)[-1]}",
    )


@lru_cache(maxsize=16_384)
def _check_alone(
    kind: str, form: str, printed: str, direction: str, rounding: Rounding
) -> ClaimCheck:
    """The verdict of a claim without inputs depends on its printed value only: memoised."""
    e = Expression(0, len(printed), printed, "fold" if kind == "fold" else "percent")
    return _check_uncached(Claim(0, 0, printed, kind, form, e, (), direction), rounding, ())


def _check(c: Claim, rounding: Rounding, exprs: Sequence[Expression]) -> ClaimCheck:
    if not c.inputs and not c.assumed and c.form in ("fold_bare", "pct_alone", "rate_alone"):
        return _check_alone(c.kind, c.form, c.printed.text, c.direction, rounding)
    return _check_uncached(c, rounding, exprs)


def _check_uncached(c: Claim, rounding: Rounding, exprs: Sequence[Expression]) -> ClaimCheck:
    if c.kind == "fold":
        return _check_fold(c, rounding)
    if c.kind == "rate":
        counts = [e for e in exprs if e.paragraph == c.paragraph and e.kind == "count"]
        return _check_rate(c, rounding, counts)
    if c.kind == "pp_change":
        q = _points_of(c.printed)
        if q is None:
            return ClaimCheck("", "", "not checkable", f"{c.printed.text} cannot be read")
        if c.form == "pp_one":
            figs = [f for _, e in c.assumed if (f := _fig(e)) is not None]
            printed = Printed(c.printed.text, q, c.direction)
            return check_claim(c.kind, figs, printed, c.direction, rounding)
        return _verdict(c, q, rounding)
    if c.kind == "sum":
        total = _quantity(c.printed)
        parts = [f for _, e in c.inputs if (f := _fig(e)) is not None]
        if total is None or len(parts) < len(c.inputs):
            return ClaimCheck("", "", "not checkable", "a value of the sum cannot be read")
        reading = SumReading.WHOLE if c.form == "sum_whole" else SumReading.SUBSET
        return check_sum_claim(
            parts,
            Printed(c.printed.text, total, ""),
            reading,
            may_overlap=c.form == "sum_clauses",
        )
    if c.kind == "increment":
        if c.form == "increment_levels":
            return _check_increment_levels(c)
        return _check_increment(c, rounding)
    if c.form in ("pct_endpoints", "pct_series"):
        return _check_pct_endpoints(c, rounding)
    q = _quantity(c.printed)
    assert q is not None
    if not c.direction:
        return ClaimCheck("", "", "not checkable", "no direction (up or down) is printed")
    bad = _not_whole(c.inputs)
    if bad:
        return bad
    figs = [_fig(e) for _, e in c.inputs]
    if c.direction == "down" and figs and figs[0] is not None and figs[0].quantity.value > 0:
        iv = printed_interval(q, rounding)
        if iv.lo is not None and iv.lo >= 100:
            return ClaimCheck(
                "",
                "",
                "inconsistent",
                f"a fall of {q.as_printed} (at least {iv.format(decimals=_shown(q))}%) cannot end "
                f"at a positive count ({figs[0].quantity.as_printed})",
            )
    try:
        return _verdict(c, q, rounding)
    except ValueError as exc:
        return ClaimCheck("", "", "not checkable", str(exc))


# --------------------------------------------------------------------------- pass by chance


def _whole_inputs(c: Claim) -> list[int]:
    return [int(_quantity(e).value) for _, e in c.inputs]  # type: ignore[union-attr]


def _pass_chance(c: Claim, rounding: Rounding, rel_window: float) -> PassProbability | None:
    """The pass-by-chance of a checked claim's own check (None where it cannot say)."""
    pp = c.kind == "pp_change"
    q = _points_of(c.printed) if pp else _quantity(c.printed)
    if q is None or q.qualifier is not Qualifier.EXACT or _rounded(c.printed, q) or not c.inputs:
        return None
    if "分之" in c.printed.text or q.value != q.value.quantize(Decimal(1).scaleb(-q.decimals)):
        return None  # a share printed as a fraction (三分之一) is on no decimal grid
    if c.kind == "fold":
        before, after = _whole_inputs(c)
        if c.direction == "up":
            before, after = after, before
        return values_pass_probability(
            [fold_of(before, after, k) for k in FoldConvention],
            q,
            rounding=rounding,
            rel_window=rel_window,
        )
    if c.kind == "pct_change":
        if c.form in ("pct_endpoints", "pct_series"):
            a, b = _whole_inputs(c)
            wrong_way = (c.direction == "down" and b > a) or (c.direction == "up" and b < a)
            value = None if wrong_way else Fraction(100 * abs(b - a), a)
            return values_pass_probability([value], q, rounding=rounding, rel_window=rel_window)
        (current,) = _whole_inputs(c)
        return pct_change_pass_probability(
            current, q, direction=c.direction, rounding=rounding, rel_window=rel_window
        )
    if c.kind == "increment":
        if c.form == "increment_levels":
            a, b = _whole_inputs(c)[:2]
            return values_pass_probability([Fraction(abs(b - a))], q, rel_window=rel_window)
        roles = dict(zip((r for r, _ in c.inputs), _whole_inputs(c), strict=True))
        if "current" not in roles:  # some whole prior count gives increment/prior
            return rate_pass_probability(
                roles["increment"], q, upper=None, rounding=rounding, rel_window=rel_window
            )
        return pct_change_pass_probability(
            roles["current"],
            q,
            increment=roles["increment"],
            direction=c.direction,
            rounding=rounding,
            rel_window=rel_window,
        )
    if c.kind == "rate":
        if c.form != "rate_share":
            return rate_pass_probability(
                _whole_inputs(c)[0], q, rounding=rounding, rel_window=rel_window
            )
        share = _share_range(c)
        if share is None:
            return None
        return pass_probability(
            lambda v: _share_meets(share, printed_interval(v, rounding)),
            q,
            rel_window=rel_window,
            upper=Decimal(100),
            near=share,
        )
    if pp:
        before, after = (_quantity(e) for _, e in c.inputs)
        assert before is not None and after is not None
        res = check_pp_change(before, after, q, direction=c.direction, rounding=rounding)
        lo, hi = res.exact.lo, res.exact.hi
        hull = (
            None if lo is None or hi is None else (min(res.difference, lo), max(res.difference, hi))
        )
        return pass_probability(
            lambda v: (
                check_pp_change(
                    before, after, v, direction=c.direction, rounding=rounding
                ).consistent
            ),
            q,
            rel_window=rel_window,
            near=hull,
        )
    if c.kind == "sum" and c.form == "sum_whole":
        parts = [_quantity(e) for _, e in c.inputs]
        srange = check_sum(q, parts, reading=SumReading.WHOLE).sum_range  # type: ignore[arg-type]
        if srange.lo is None or srange.hi is None:
            return None
        return pass_probability(
            lambda v: srange.meets(level_interval(v)),
            q,
            rel_window=rel_window,
            near=(srange.lo, srange.hi),
        )
    return None  # a sum read as some of the total: any larger total passes


@lru_cache(maxsize=16)
def chance_function(
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN, rel_window: float = DEFAULT_REL_WINDOW
) -> ChanceFunction:
    """The pass-by-chance probability of each claim's own check, as a ``chance`` function.

    In the manner of GRIM: the share of printed values on the printed value's grid
    (its decimals and unit) within ``rel_window`` of it (20%: ``31.7%`` -> 25.4% to
    38.0% in steps of 0.1) that the claim's printed inputs would also reproduce
    under the same check and ``rounding`` (:mod:`wzdata.claims.power`). Assumption:
    every printed value on the grid is equally likely a priori. A value near 1
    means that "consistent" says little; a small one that passing is informative.

    Given for every checked claim (consistent or inconsistent) whose inputs are
    printed: a fold from both endpoints (any convention), a percentage change from
    both counts (the value recomputed) or from the current count alone (some whole
    prior count gives it), an increment, a rate from its numerator or from its
    numerator and denominator, a change in percentage points from its two
    percentages (the interval of their difference meets it), and a sum read as the
    whole breakdown (the parts' bounds meet the total). None for a claim that is
    not checkable, for a sum read as some of the total (any larger total passes,
    so the share says nothing), and for a printed value with a qualifier (多, 近,
    约), rounded to 万/亿 or printed as a fraction (三分之一): its grid is not one of
    exact decimal values. Memoised by the
    claim's kind, form, direction, inputs and printed value.

    Examples
    --------
    >>> df = check_text("破获案件从200起降至150起,降幅25.0%。", chance=chance_function())
    >>> round(float(df.p_by_chance[0]), 4)
    0.0099
    """
    rounding = Rounding(rounding)
    cache: dict[tuple[Any, ...], float | None] = {}

    def chance(c: Claim, row: dict[str, Any]) -> float | None:
        if row.get("verdict") not in (Verdict.CONSISTENT, Verdict.INCONSISTENT):
            return None
        key = (
            c.kind,
            c.form,
            c.direction,
            *((r, e.text, e.value, e.lower, e.upper) for r, e in (("", c.printed), *c.inputs)),
        )
        if key not in cache:
            if len(cache) >= 65_536:
                cache.clear()
            try:
                res = _pass_chance(c, rounding, rel_window)
            except (ValueError, ZeroDivisionError):
                res = None
            cache[key] = None if res is None or not res.total else res.probability
        return cache[key]

    return chance


#: :func:`chance_function` with half-up-or-even rounding and a window of +/- 20%.
default_chance = chance_function()


def resolve_chance(
    chance: ChanceFunction | bool | None, rounding: Rounding = Rounding.HALF_UP_OR_EVEN
) -> ChanceFunction | None:
    """The ``chance`` function meant by an argument: True gives :func:`chance_function` with
    ``rounding``; False or None gives none (``p_by_chance`` stays empty); a function is
    itself."""
    if chance is True:
        return chance_function(Rounding(rounding))
    return chance or None


def _inputs_text(c: Claim) -> str:
    parts = [f"{role}={e.text}" for role, e in c.inputs]
    parts += [f"assumed {role}={e.text}" for role, e in c.assumed]
    return "; ".join(parts)


def check_claims(
    claims: Iterable[Claim],
    *,
    expressions: Sequence[Expression] = (),
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    chance: ChanceFunction | None = None,
) -> list[dict[str, Any]]:
    """Check detected claims; one plain row per claim (keys :data:`COLUMNS`).

    Parameters
    ----------
    claims : iterable of Claim
        From :func:`detect`.
    expressions : sequence of Expression
        The text's expressions (to name printed denominators of a rate).
    rounding : Rounding
        How unqualified printed values were rounded (a named rule, never implied).
    chance : callable, optional
        ``chance(claim, row) -> float | None``: the probability that the claim
        passes its check by chance; fills ``p_by_chance`` (empty without it;
        :func:`chance_function` gives the standard one).

    Returns
    -------
    list of dict
    """
    rounding = Rounding(rounding)
    rows = []
    for n, c in enumerate(claims, 1):
        r = _check(c, rounding, expressions)
        row: dict[str, Any] = {
            "claim": n,
            "paragraph": c.paragraph,
            "start": c.start,
            "end": c.end,
            "span": c.text,
            "kind": c.kind,
            "form": c.form,
            "printed": c.printed.text,
            "direction": c.direction,
            "inputs": _inputs_text(c),
            "assumption": c.assumption,
            "recomputed": r.recomputed,
            "reproduced_by": r.reproduced_by,
            "verdict": r.verdict,
            "explanation": r.explanation,
            "p_by_chance": None,
        }
        if chance is not None:
            row["p_by_chance"] = chance(c, row)
        rows.append(row)
    return rows


def claim_rows(
    text: str,
    published: dt.date | str | None,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    chance: ChanceFunction | bool | None = True,
) -> list[dict[str, Any]]:
    """Detect and check the claims of one text: one plain row per claim (keys :data:`COLUMNS`).

    ``published`` resolves relative dates (None: none); ``chance`` as in :func:`check_text`.
    """
    exprs = claim_expressions(text, published)
    return check_claims(
        detect(text, expressions=exprs),
        expressions=exprs,
        rounding=rounding,
        chance=resolve_chance(chance, rounding),
    )


def check_text(
    text: str,
    published: dt.date | str | None = None,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    chance: ChanceFunction | bool | None = True,
) -> pd.DataFrame:
    """Detect and check every derived statement of a text.

    Parameters
    ----------
    text : str
        Plain text.
    published : datetime.date or str, optional
        Publication date; when None, a date the text states (:func:`published_date`).
    rounding : Rounding
        How unqualified printed values were rounded.
    chance : callable or bool
        Pass-by-chance probability of a claim (see :func:`check_claims`); True (the
        default) uses :func:`chance_function` with ``rounding``, False leaves
        ``p_by_chance`` empty.

    Returns
    -------
    DataFrame
        One row per claim, columns :data:`COLUMNS`, in text order.

    Examples
    --------
    >>> check_text("破获案件86起,同比下降31.7%")[["printed", "verdict"]].values.tolist()
    [['31.7%', 'consistent']]
    """
    import pandas as pd

    if published is None:
        published = published_date(text)
    rows = claim_rows(text, published, rounding=rounding, chance=chance)
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("claim", "paragraph", "start", "end"):
        df[col] = df[col].astype("Int64")
    df["p_by_chance"] = df["p_by_chance"].astype("Float64")
    return df


_ISO_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})-([01][0-9])-([0-3][0-9])(?![0-9])")
#: A Chinese date with a time of day (``2022年06月27日 15:59``): a page's publication stamp.
_CN_STAMP = re.compile(
    r"((?:19|20)[0-9]{2})年(1[0-2]|0?[1-9])月(3[01]|[12][0-9]|0?[1-9])日\s*[0-2]?[0-9][:：][0-5][0-9]"
)


def published_date(text: str, head: int = 600) -> dt.date | None:
    """A publication date the text states near its start (``2022-06-27 15:59``), if any.

    Parameters
    ----------
    text : str
        Plain text.
    head : int
        How many leading characters to search.

    Returns
    -------
    datetime.date or None
        The first ISO date (``YYYY-MM-DD``) in the head, or a Chinese date
        followed by a time of day (``2022年6月27日 15:59``), else None. A
        Chinese date alone (``2022年6月27日``) is an event in the text more often
        than the publication, so it is not used.
    """
    m = _ISO_DATE.search(text, 0, head) or _CN_STAMP.search(text, 0, head)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
