"""The open data's building blocks: a `Field` (one column, its type and meaning, how it is
read from a record and written to each format) and a `Dataset` (a file: its records and
fields). The datasets themselves are declared in portal.opendata."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.exports import neutralize
from initiatives import iati

# Rows fetched (and prefetched for) at a time: the queries of a file grow with the number of
# chunks, never with the number of rows, and memory stays flat.
CHUNK = 1000

TYPES = ("string", "integer", "number", "date", "boolean", "array")
SEPARATOR = "; "


def join(values) -> str:
    return SEPARATOR.join("" if v is None else str(v) for v in values)


@dataclass(frozen=True)
class Field:
    """One column of a dataset.

    `type` is the Frictionless Table Schema type of the value in the JSON file; `value`
    reads it from a record (None when there is none); `flatten` turns an array into the
    text of its CSV cell (by default its items joined with "; ")."""

    name: str
    type: str
    description: Any  # a lazy translation: shown in the reader's language on the page
    value: Callable[[Any], Any]
    flatten: Callable[[list], str] = join

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown type {self.type!r}")

    @property
    def csv_type(self) -> str:
        """The type of the CSV column: an array is written there as joined text."""
        return "string" if self.type == "array" else self.type

    def json(self, record):
        return json_value(self.value(record))

    def csv(self, record) -> str:
        value = self.value(record)
        if value is None:
            return ""
        if self.type == "array":
            return neutralize(self.flatten(value))
        if self.type == "boolean":
            return "true" if value else "false"
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return iati.number(value)  # exact, no exponent
        if self.type == "string":
            return neutralize(str(value))
        return str(value)  # numbers: a negative one is a number, not a formula


@dataclass(frozen=True)
class Dataset:
    """A file of the open data: `name` is used in file names and URLs; `records` returns
    what it holds (a queryset of portal.content with what its fields read prefetched, or a
    list); `key` is the field that identifies a record, when one does."""

    name: str
    title: Any
    description: Any
    records: Callable[[], QuerySet | Iterable]
    fields: tuple[Field, ...]
    key: str | None = None

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def iterate(self) -> Iterator:
        records = self.records()
        if isinstance(records, QuerySet):
            return records.iterator(chunk_size=CHUNK)
        return iter(records)

    def rows(self) -> Iterator[dict]:
        """The records as JSON-ready dicts, keyed by field name."""
        for record in self.iterate():
            yield {f.name: f.json(record) for f in self.fields}


def json_value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # A JSON number; a whole value stays an integer (24 people, not 24.0).
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    return value
