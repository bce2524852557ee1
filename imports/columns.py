"""The columns an import understands: what each field is called in the registers people
keep (in English and Arabic), and how a cell becomes a value, with an error that names it.

A `Column` cleans one cell: text, a date (messy forms, see imports.dates), a partner or a
list of partners (see imports.matching), a choice among codes (by code, English or Arabic
label, or a synonym), a number. Cleaning never guesses: a cell it cannot read is an error
on its row."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.text import normalize
from imports import dates
from imports.reading import is_formula

TEXT, DATE, PARTNER, PARTNERS, CHOICE, NUMBER = (
    "text",
    "date",
    "partner",
    "partners",
    "choice",
    "number",
)


class CellError(ValueError):
    """A cell that cannot be read: the message names the cell's text. `partner` is the
    name of a partner no one is known as (the review page offers to add it)."""

    def __init__(self, message, partner: str = ""):
        super().__init__(message)
        self.partner = partner


@dataclass(frozen=True)
class Column:
    name: str
    label: object  # a lazy translation
    type: str = TEXT
    required: bool = False
    headers: tuple = ()  # what registers call it (English, Arabic), besides its label
    choices: dict = field(default_factory=dict)  # normalized word -> code
    partner_kind: str | None = None  # a partner column that takes only countries, say
    max_length: int = 500

    def names(self) -> set[str]:
        """Every header this column is recognised by, normalized."""
        return {normalize(str(n)) for n in (self.name, self.label, *self.headers)}


@dataclass
class Cleaned:
    """A row's values, and what stands in their way."""

    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # [{"field", "text"[, "partner"]}]
    candidates: dict = field(default_factory=dict)  # field -> [{"id", "name", "how"}]
    uncertain: list = field(default_factory=list)  # fields whose date carried a "?"

    def error(self, name: str, message: str, partner: str = "") -> None:
        entry = {"field": name, "text": message}
        if partner:
            entry["partner"] = partner
        self.errors.append(entry)


def choice_map(choices, synonyms: dict | None = None) -> dict:
    """{normalized code, English label, Arabic label or synonym: code} for a TextChoices."""
    from django.utils import translation

    found = {}
    for code, label in choices.choices:
        found[normalize(code)] = code
        found[normalize(code.replace("_", " "))] = code
        for language in ("en", "ar"):
            with translation.override(language):
                found[normalize(str(label))] = code
    for word, code in (synonyms or {}).items():
        found[normalize(word)] = code
    return found


def clean_cell(column: Column, text: str, cleaned: Cleaned, context) -> None:
    """Read `text` into `cleaned.values[column.name]`, or record why it cannot be read."""
    text = (text or "").strip()
    if not text:
        if column.required:
            cleaned.error(column.name, _("%(field)s is required.") % {"field": column.label})
        cleaned.values[column.name] = [] if column.type == PARTNERS else None
        return
    if is_formula(text):
        cleaned.error(
            column.name,
            _("“%(text)s” is a spreadsheet formula: formulas are not imported.")
            % {"text": text[:60]},
        )
        return
    try:
        cleaned.values[column.name] = READERS[column.type](column, text, cleaned, context)
    except CellError as error:
        cleaned.error(column.name, str(error), error.partner)


def _text(column, text, cleaned, context):
    if len(text) > column.max_length:
        raise CellError(
            _("%(field)s is longer than %(max)d characters.")
            % {"field": column.label, "max": column.max_length}
        )
    return text


def _date(column, text, cleaned, context):
    try:
        parsed = dates.parse_date(text, order=context.date_order)
    except dates.DateError as error:
        raise CellError(str(error)) from error
    if parsed.uncertain:
        cleaned.uncertain.append(column.name)
    return parsed.value


def _choice(column, text, cleaned, context):
    code = column.choices.get(normalize(text))
    if code is None:
        raise CellError(
            _("“%(text)s” is not a known %(field)s.") % {"text": text[:60], "field": column.label}
        )
    return code


def _number(column, text, cleaned, context):
    try:
        return Decimal(text.replace(",", "").replace("\u066c", "").strip())
    except InvalidOperation as error:
        raise CellError(_("“%(text)s” is not a number.") % {"text": text[:60]}) from error


def _partner(column, text, cleaned, context):
    return _one_partner(column, text, cleaned, context, index=None)


def _one_partner(column, text, cleaned, context, index):
    """The partner `text` names: a match, the user's pick among the candidates of an
    ambiguous name, or an error."""
    key = column.name if index is None else f"{column.name}.{index}"
    match = context.matcher.match(text, column.partner_kind)
    if match.status == "matched":
        return getattr(match.partner, "pk", match.partner)
    if match.status == "ambiguous":
        picked = context.choices.get(key)
        ids = {c["id"] for c in match.candidates}
        if picked in ids:
            return picked
        cleaned.candidates[key] = [
            {"id": c["id"], "name": c["name"], "how": c.get("how", ""), "text": text}
            for c in match.candidates
        ]
        return None
    message = _("No partner is known as “%(text)s”: add it under Partners, then check again.") % {
        "text": text[:80]
    }
    if match.reason:
        message = f"{message} ({match.reason})"
    if match.suggestions:
        names = ", ".join(str(s["name"]) for s in match.suggestions[:6])
        message = f"{message} " + _("Perhaps: %(names)s.") % {"names": names}
    raise CellError(message, partner=text[:250])


def _partners(column, text, cleaned, context):
    found = []
    for index, name in enumerate(context.matcher.split(text)):
        try:
            partner = _one_partner(column, name, cleaned, context, index)
        except CellError as error:
            cleaned.error(column.name, str(error), error.partner)
            continue
        if partner is not None and partner not in found:
            found.append(partner)
    return found


READERS = {
    TEXT: _text,
    DATE: _date,
    CHOICE: _choice,
    NUMBER: _number,
    PARTNER: _partner,
    PARTNERS: _partners,
}


def guess_mapping(columns, headers: list[str], rows: list[list[str]]) -> dict:
    """{field: column index} from the headers, in either language; when two columns fit a
    field, the one with more filled cells wins (a register's empty "full title" beside its
    filled "short title")."""
    mapping = {}
    taken = set()
    for column in columns:
        names = column.names()
        fits = [i for i, header in enumerate(headers) if normalize(header) in names]
        fits = [i for i in fits if i not in taken]
        if not fits:
            continue
        best = max(fits, key=lambda i: (sum(1 for row in rows if row[i].strip()), -i))
        mapping[column.name] = best
        taken.add(best)
    return mapping
