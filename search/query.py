"""Searching: `search(user, text, kind=None, page=1)`.

What the user typed is folded as the index is (search.index.fold), so that operators,
quotes and punctuation become plain spaces; each remaining word is quoted and matched as a
prefix, all of them required. Entries are filtered by the user's readable classifications
in the query itself, before anything is counted, ranked or cut into a snippet: a count, a
title or a snippet can only come from a row the user may read.

Snippets are cut from the text as written (not the normalized text): the database finds
where the first term starts in the normalized body and returns a window of the original
text at the same offset (search.index.align keeps the two in step); Python then marks the
words that match, escaping everything else. Two queries answer a search, whatever the
number of results: the counts per kind, and the page of results with their windows.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.choices import Classification
from core.permissions import readable_levels
from core.text import bilingual
from search import backends
from search.choices import Kind
from search.index import align, fold

MAX_INPUT = 1000  # characters of the input looked at
MAX_TERMS = 8
MAX_TERM = 60  # characters of one term
PER_KIND = 5  # results of each kind on the page of all kinds
PAGE_SIZE = 20  # results on the page of one kind
WINDOW = 260  # characters of text around a match
BEFORE = 70  # of which before it
NOWHERE = 1_000_000_000

# PostgreSQL's English stop words: its `english` configuration leaves them out of the index,
# so they are left out of every query, on SQLite too, so that both answer alike.
_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")


@dataclass
class Query:
    """What was typed, the terms searched for, and what to tell the user about it."""

    text: str
    terms: list[str] = field(default_factory=list)
    message: str = ""
    note: str = ""


def light_stem(word: str) -> str:
    """A rough English stem, only to mark words in snippets ("cables" marks "cable"): the
    database's stemmer decides what matches, this one only what is highlighted."""
    if len(word) <= 4 or not word.isascii() or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def parse(text: str | None) -> Query:
    """The terms of `text`: folded, operators and punctuation dropped, common English words
    dropped, at most MAX_TERMS terms of at most MAX_TERM characters."""
    text = (text or "")[:MAX_INPUT]
    query = Query(text=text.strip())
    if not query.text:
        query.message = _("Type a name, a word or a number to search for.")
        return query
    words = list(dict.fromkeys(word[:MAX_TERM] for word in fold(text).split()))
    if not words:
        query.message = _(
            "There is nothing to search for in “%(text)s”: type letters or digits "
            "(punctuation and search operators are ignored)."
        ) % {"text": Truncator(query.text).chars(60)}
        return query
    terms = [word for word in words if word not in STOP_WORDS]
    if not terms:
        query.message = _("These words are too common to search for: add a more specific one.")
        return query
    if len(terms) > MAX_TERMS:
        query.note = _("Only the first %(count)s words were searched for.") % {"count": MAX_TERMS}
    query.terms = terms[:MAX_TERMS]
    return query


def _matches(engine, levels, terms, kind=None, score=True):
    """SQL (and its parameters) of the entries that match and that the user may read."""
    where, params = engine.match(terms)
    columns = "e.id, e.kind"
    if score:
        rank, rank_params = engine.score(terms)
        columns += f", {rank} AS score"
        params = [*rank_params, *params]
    placeholders = ", ".join(["%s"] * len(levels))
    sql = (
        f"SELECT {columns} FROM {engine.matches_from} "
        f"WHERE {where} AND e.classification IN ({placeholders})"
    )
    params += levels
    if kind:
        sql += " AND e.kind = %s"
        params.append(kind)
    return sql, params


def count(levels, terms) -> dict[str, int]:
    """How many readable entries of each kind match."""
    engine = backends.engine()
    sql, params = _matches(engine, levels, terms, score=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT m.kind, COUNT(*) FROM ({sql}) m GROUP BY m.kind", params)
        return dict(cursor.fetchall())


@dataclass
class Hit:
    """One result, ready to show: its title and snippet are safe HTML, marks included."""

    id: int
    kind: str
    url: str
    title: str
    title_html: str
    context: str
    snippet_html: str
    classification: str

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def classification_label(self) -> str:
        return Classification(self.classification).label


def fetch(levels, terms, *, kind=None, offset=0, limit=PAGE_SIZE, per_kind=PER_KIND) -> list[Hit]:
    """The best matches, with their snippets: of one kind (`offset`, `limit`), or the first
    `per_kind` of each kind. One query."""
    engine = backends.engine()
    matches, params = _matches(engine, levels, terms, kind=kind)
    if kind:
        page = (
            f"SELECT m.id, m.score FROM ({matches}) m "
            "ORDER BY m.score DESC, m.id LIMIT %s OFFSET %s"
        )
        params += [limit, offset]
    else:
        page = (
            "SELECT r.id, r.score FROM (SELECT m.id, m.score, ROW_NUMBER() OVER "
            f"(PARTITION BY m.kind ORDER BY m.score DESC, m.id) AS n FROM ({matches}) m) r "
            "WHERE r.n <= %s"
        )
        params.append(per_kind)
    # Where the earliest of the terms (or their stems) starts a word in the body: the place
    # of the snippet.
    spots = list(dict.fromkeys(s for term in terms for s in (term, light_stem(term))))
    positions = ", ".join(f"COALESCE(NULLIF({engine.position}, 0), {NOWHERE})" for _ in spots)
    params += [f" {spot}" for spot in spots]
    start = (
        f"CASE WHEN located.found >= {NOWHERE} THEN 1 "
        f"ELSE {engine.greatest}(1, located.found - {BEFORE}) END"
    )
    sql = (
        f"WITH page AS MATERIALIZED ({page}), "
        "located AS MATERIALIZED (SELECT page.id, page.score, "
        f"{engine.least}({positions}, {NOWHERE}) AS found "
        f"FROM page JOIN {backends.TABLE} e ON e.id = page.id) "
        "SELECT e.id, e.kind, e.url, e.title_en, e.title_ar, e.context_en, e.context_ar, "
        f"e.classification, {start}, substr(e.text, {start}, {WINDOW}), "
        f"substr(e.body, {start}, {WINDOW}), length(e.text) "
        f"FROM located JOIN {backends.TABLE} e ON e.id = located.id "
        "ORDER BY located.score DESC, e.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_hit(row, terms) for row in rows]


def _hit(row, terms) -> Hit:
    (pk, kind, url, title_en, title_ar, context_en, context_ar, level) = row[:8]
    start, shown, folded, length = row[8:]
    title = bilingual(title_en, title_ar)
    return Hit(
        id=pk,
        kind=kind,
        url=url,
        title=title,
        title_html=render(_title_pieces(title, title_ar if title == title_en else title_en, terms)),
        context=bilingual(context_en, context_ar),
        snippet_html=snippet(shown or "", folded or "", start, length or 0, terms),
        classification=level,
    )


def _title_pieces(title: str, other: str, terms) -> list[tuple[str, bool]]:
    """The title in the reader's language, marked; followed by the title in the other
    language when only that one matches (the Arabic name of a partner found in Arabic)."""
    pieces = mark(*(part[1:] for part in align(title)), terms)
    if other and other != title and not any(marked for _, marked in pieces):
        others = mark(*(part[1:] for part in align(other)), terms)
        if any(marked for _, marked in others):
            pieces += [(" · ", False), *others]
    return pieces


def snippet(shown: str, folded: str, start: int, length: int, terms) -> str:
    """The window `shown` (found at `start` in a text of `length` characters) cut at whole
    words, its matching words marked, with an ellipsis where the text goes on."""
    more = start - 1 + len(shown) < length
    begin, end = 0, len(shown)
    if start > 1:  # the window may begin inside a word: drop it
        cut = shown.find(" ")
        begin = cut if cut >= 0 else end
    if more:  # and end inside one
        cut = shown.rfind(" ", begin)
        end = cut if cut > begin else end
    shown, folded = shown[begin:end], folded[begin:end]
    if not shown.strip():
        return ""
    html = render(mark(shown, folded, terms))
    return mark_safe(("… " if start > 1 else "") + html + (" …" if more else ""))


def _matches_term(word: str, terms, stems) -> bool:
    stem = light_stem(word)
    for term, term_stem in zip(terms, stems, strict=True):
        if not backends.is_prefix(term):
            if word == term:
                return True
        elif word.startswith(term) or stem.startswith(term_stem):
            return True
    return False


def _edge(ch: str) -> bool:
    """Punctuation and symbols around a word are left outside its mark (diacritics stay)."""
    return unicodedata.category(ch)[0] in "PSZ"


_WORDS = re.compile(r"\S+")


def _spans(shown: str, folded: str, terms):
    """Where the matching words are in `shown`. A word of `shown` spans up to the next word,
    and its folded form is in the same span of `folded`. Where the two line up letter for
    letter ("Egypt–Japan", "الإتصالات"), only the matching part is marked; otherwise (letters
    removed by the folding, as diacritics are) the whole word, without its punctuation."""
    stems = [light_stem(term) for term in terms]
    words = list(_WORDS.finditer(shown))
    for index, word in enumerate(words):
        begin, end = word.span()
        region = folded[begin : words[index + 1].start() if index + 1 < len(words) else None]
        found = [t for t in _WORDS.finditer(region) if _matches_term(t.group(), terms, stems)]
        if not found:
            continue
        text = word.group()
        if fold(text) == region[: len(text)] and not region[len(text) :].strip():
            for token in found:
                yield begin + token.start(), begin + token.end()
            continue
        lead, trail = 0, len(text)
        while lead < trail and _edge(text[lead]):
            lead += 1
        while trail > lead and _edge(text[trail - 1]):
            trail -= 1
        if lead < trail:
            yield begin + lead, begin + trail


def mark(shown: str, folded: str, terms) -> list[tuple[str, bool]]:
    """`shown` in pieces, each with whether it is (part of) a matching word."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for begin, end in _spans(shown, folded, terms):
        pieces.append((shown[last:begin], False))
        pieces.append((shown[begin:end], True))
        last = end
    pieces.append((shown[last:], False))
    return [(text, marked) for text, marked in pieces if text]


def render(pieces) -> str:
    """Pieces as HTML: every character escaped, matching words in <mark>, spaces collapsed."""
    html = "".join(
        f"<mark>{escape(text)}</mark>" if marked else escape(text) for text, marked in pieces
    )
    return mark_safe(re.sub(r"\s+", " ", html).strip())


class _Hits:
    """The matches of one kind as a sequence that Paginator can count and slice."""

    def __init__(self, levels, terms, kind, total):
        self.levels, self.terms, self.kind, self.total = levels, terms, kind, total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, page):
        if page.stop <= page.start:
            return []
        return fetch(
            self.levels,
            self.terms,
            kind=self.kind,
            offset=page.start,
            limit=page.stop - page.start,
        )


@dataclass
class Group:
    kind: str
    count: int
    hits: list[Hit]

    @property
    def label(self) -> str:
        return Kind(self.kind).label


@dataclass
class Results:
    """What a search found: the counts of every kind, the groups shown, and for one kind,
    its page."""

    query: Query
    kind: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    page: object = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def kinds(self) -> list[tuple[str, str, int]]:
        """(kind, label, count) of every kind, in the order results are grouped."""
        return [(kind, label, self.counts.get(kind, 0)) for kind, label in Kind.choices]


def search(user, text, kind=None, page=1) -> Results:
    """Search what `user` may read for `text`; `kind` narrows to one kind, paginated."""
    levels = readable_levels(user)
    if not levels:
        raise PermissionDenied
    kind = kind if kind in Kind.values else ""
    results = Results(query=parse(text), kind=kind)
    terms = results.query.terms
    if not terms:
        return results
    results.counts = count(levels, terms)
    if kind:
        paginator = Paginator(_Hits(levels, terms, kind, results.counts.get(kind, 0)), PAGE_SIZE)
        results.page = paginator.get_page(page)
        results.groups = [Group(kind, paginator.count, list(results.page.object_list))]
        return results
    hits = fetch(levels, terms) if results.counts else []
    for value in Kind.values:
        group = [hit for hit in hits if hit.kind == value]
        if group:
            results.groups.append(Group(value, results.counts.get(value, 0), group))
    return results
