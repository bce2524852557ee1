"""Keeping the index: `update(record)`, `remove(record)`, `rebuild()`.

core.services calls `record_changed` after each save and delete it writes, inside the same
transaction (the hook is registered in SearchConfig.ready), so the index never shows a
change that was rolled back nor misses one that was committed. Writes that bypass
core.services (bulk_create in `seed_demo --scale`, imports) are followed by
`manage.py rebuild_search_index`.
"""

import copy
import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from core.models import Primary
from core.text import normalize
from search import backends, registry
from search.choices import Kind
from search.models import SearchEntry

# The first characters of a text that are indexed (a document's text can reach 1,000,000).
TEXT_LIMIT = 300_000
FIELD_LIMIT = 500
DOCUMENT = "documents.Document"

_CHUNKS = re.compile(r"\S+")
_NOT_WORD = re.compile(r"[\W_]")


def fold(text: str) -> str:
    """The text as indexed and as searched: normalized (core.text.normalize: case, accents,
    Arabic letter forms, diacritics, tatweel, digits), every character that is neither a
    letter nor a digit made a space. Search operators and quotes are thereby plain spaces."""
    if text.isascii():  # the common case, and the same result, faster
        return _NOT_WORD.sub(" ", text.lower())
    return _NOT_WORD.sub(" ", normalize(text))


def align(text: str) -> tuple[str, str]:
    """(shown, folded): the text as written and as folded, of the same length, each word
    starting at the same offset in both (the shorter of a word's two forms is padded with
    spaces), both starting with a space so that " term" finds a term at a word's start.

    A snippet is then cut from `shown` at the offset where a term was found in `folded`.
    """
    shown, folded = [], []
    for chunk in _CHUNKS.findall(text or ""):
        folded_chunk = fold(chunk)
        width = max(len(chunk), len(folded_chunk))
        shown.append(chunk.ljust(width))
        folded.append(folded_chunk.ljust(width))
    return " " + " ".join(shown), " " + " ".join(folded)


def values(entry: registry.Entry) -> dict:
    """The SearchEntry fields for `entry`."""
    text, body = align(entry.text[:TEXT_LIMIT])
    parent = entry.parent
    return {
        "kind": entry.kind,
        "classification": entry.classification,
        "title_en": entry.title_en[:FIELD_LIMIT],
        "title_ar": entry.title_ar[:FIELD_LIMIT],
        "context_en": entry.context[0][:FIELD_LIMIT],
        "context_ar": entry.context[1][:FIELD_LIMIT],
        "url": entry.url[:FIELD_LIMIT],
        "title_index": " ".join(fold(f"{entry.title_en} {entry.title_ar}").split()),
        "text": text,
        "body": body,
        "parent_type_id": ContentType.objects.get_for_model(parent).pk if parent else None,
        "parent_id": parent.pk if parent else None,
    }


def update(record) -> None:
    """Make `record`'s entries say what it says now (nothing is written if they do)."""
    source = registry.SOURCES.get(record._meta.label)
    if source is None:
        return
    # Read the record's parts afresh: a caller's prefetched lists may predate this change.
    record = copy.copy(record)
    record._prefetched_objects_cache = {}
    content_type = ContentType.objects.get_for_model(record)
    wanted = {entry.kind: values(entry) for entry in source.entries(record)}
    existing = {
        entry.kind: entry
        for entry in SearchEntry.objects.filter(content_type=content_type, object_id=record.pk)
    }
    for kind, fields in wanted.items():
        entry = existing.pop(kind, None)
        if entry is None:
            SearchEntry.objects.create(content_type=content_type, object_id=record.pk, **fields)
            continue
        changed = [name for name, value in fields.items() if getattr(entry, name) != value]
        if changed:
            for name in changed:
                setattr(entry, name, fields[name])
            entry.save(update_fields=[*changed, "updated_at"])
    if existing:
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in existing.values()]).delete()


def refresh_documents(record) -> None:
    """A record's documents are read as the record is: follow its classification (and its
    title, which their entries show) after it changed."""
    from documents.models import Document

    content_type = ContentType.objects.get_for_model(record)
    documents = dict(
        Document.objects.filter(content_type=content_type, object_id=record.pk).values_list(
            "pk", "classification"
        )
    )
    if not documents:
        return
    context = registry.both(lambda: str(record))
    level = getattr(record, "classification", "")
    entries = SearchEntry.objects.filter(
        kind=Kind.DOCUMENT, parent_type=content_type, parent_id=record.pk
    ).only("pk", "object_id", "classification", "context_en", "context_ar")
    for entry in entries:
        wanted = registry.higher(documents.get(entry.object_id, ""), level)
        if (entry.classification, entry.context_en, entry.context_ar) != (wanted, *context):
            SearchEntry.objects.filter(pk=entry.pk).update(
                classification=wanted, context_en=context[0], context_ar=context[1]
            )


def remove(record) -> None:
    """Take `record`'s entries out of the index, and those of the documents attached to it
    (a document whose record is gone is read by nobody)."""
    content_type = ContentType.objects.get_for_model(record)
    SearchEntry.objects.filter(content_type=content_type, object_id=record.pk).delete()
    SearchEntry.objects.filter(parent_type=content_type, parent_id=record.pk).delete()


def record_changed(instance, deleted: bool = False) -> None:
    """The core.services hook: `instance` was just saved (or deleted) in this transaction."""
    label = instance._meta.label
    part_of = registry.PARTS.get(label)
    if part_of is not None:
        field = instance._meta.get_field(part_of)
        parent_id = getattr(instance, field.attname)
        parent = field.related_model._base_manager.filter(pk=parent_id).first()
        if parent is not None:
            update(parent)
        return
    if deleted:
        if label in registry.SOURCES or isinstance(instance, Primary):
            remove(instance)
        return
    if label in registry.SOURCES:
        update(instance)
    if isinstance(instance, Primary) and label != DOCUMENT:
        refresh_documents(instance)


@transaction.atomic
def rebuild(batch_size: int = 1000) -> dict[str, int]:
    """Index every record again, from nothing; returns the number of entries per kind."""
    engine = backends.engine()
    with connection.cursor() as cursor:
        engine.before_rebuild(cursor)
    SearchEntry.objects.all().delete()
    counts = dict.fromkeys(Kind.values, 0)
    batch = []
    for source in registry.SOURCES.values():
        model = apps.get_model(source.label)
        content_type = ContentType.objects.get_for_model(model)
        records = model._base_manager.order_by("pk")
        if source.select:
            records = records.select_related(*source.select)
        if source.prefetch:
            records = records.prefetch_related(*source.prefetch)
        for record in records.iterator(chunk_size=source.chunk):
            for entry in source.entries(record):
                batch.append(
                    SearchEntry(content_type=content_type, object_id=record.pk, **values(entry))
                )
                counts[entry.kind] += 1
            if len(batch) >= batch_size:
                SearchEntry.objects.bulk_create(batch)
                batch = []
    SearchEntry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        engine.after_rebuild(cursor)
    return counts
