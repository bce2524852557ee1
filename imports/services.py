"""Imports, one function per step: upload, map, check (the dry run), resolve, import, undo.

The check reads every row, cleans and matches it and says what it will do, writing nothing
but the job's own rows. The import writes every accepted row in ONE transaction, through
the apps' services (so each record is validated, change-recorded with the job's name and
indexed); if anything fails, or the worker dies, nothing of it remains. Progress goes to
the cache (`progress()`), which other processes read while the transaction is open.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import services as core_services
from core.choices import ChangeChannel, Classification
from core.models import ChangeRecord
from imports import reading
from imports.choices import JobStatus, Outcome
from imports.columns import Cleaned, clean_cell, guess_mapping
from imports.kinds import values_key
from imports.matching import Matcher
from imports.models import ImportJob, ImportRow, SavedMapping
from imports.registers import KINDS

BATCH = 500  # rows written to the job's table at a time


class UndoRefused(Exception):
    """The import cannot be undone: its records were edited since (the message says which)."""


# Progress --------------------------------------------------------------------------------


def _progress_key(job_id) -> str:
    return f"accord:import:{job_id}:progress"


# Told of each step of progress: listener(job, done, total) (the command's progress bar).
listeners: list = []


def report(job, done: int, total: int) -> None:
    cache.set(_progress_key(job.pk), {"done": done, "total": total}, 24 * 3600)
    for listener in listeners:
        listener(job, done, total)


def progress(job) -> dict:
    """{"done", "total", "percent"} of the step the job is in (from the cache)."""
    state = cache.get(_progress_key(job.pk)) or {"done": 0, "total": job.row_count or 0}
    total = state["total"] or 0
    state["percent"] = int(100 * state["done"] / total) if total else 0
    return state


# Uploading and mapping -------------------------------------------------------------------


def max_bytes() -> int:
    return settings.ACCORD_IMPORT_MAX_MB * 1024 * 1024


def too_large(size: int) -> str:
    return _("The file is %(size)s MB; the largest accepted is %(max)s MB.") % {
        "size": round(size / 1024 / 1024),
        "max": settings.ACCORD_IMPORT_MAX_MB,
    }


def read(job, data: bytes | None = None) -> reading.Table:
    if data is None:
        with job.file.open("rb") as handle:
            data = handle.read()
    return reading.read_table(
        data,
        job.filename,
        max_bytes=max_bytes(),
        max_rows=settings.ACCORD_IMPORT_MAX_ROWS,
        sheet=job.sheet or None,
    )


@transaction.atomic
def upload(
    data: bytes, filename: str, kind: str, user, *, date_order="dmy", sheet="", mapping_name=""
):
    """A new job for the file, its columns read and the mapping guessed (or taken from a
    saved mapping). Raises ValidationError naming the field; writes nothing then."""
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    job = ImportJob(
        kind=kind, filename=filename[:255], created_by=user, date_order=date_order, sheet=sheet
    )
    try:
        table = read(job, data)
    except reading.ReadError as error:
        raise ValidationError({"file": str(error)}) from error
    job.headers = table.headers
    job.notes = [str(note) for note in table.notes]
    job.sheet = table.sheet or ""
    saved = (
        SavedMapping.objects.filter(kind=kind, name=mapping_name).first() if mapping_name else None
    )
    if mapping_name and saved is None:
        raise ValidationError(
            {"mapping": _("No saved mapping is called “%(name)s”.") % {"name": mapping_name}}
        )
    if saved:
        job.mapping = {
            name: table.headers.index(header)
            for name, header in saved.mapping.items()
            if header in table.headers
        }
        job.date_order = saved.date_order
    else:
        job.mapping = guess_mapping(KINDS[kind].columns, table.headers, table.rows[:200])
    job.file.save(filename[:100], ContentFile(data), save=False)
    job.save()
    return job


@transaction.atomic
def set_mapping(job, mapping: dict, user, *, date_order=None, save_as=""):
    """Map fields to columns ({field: column index}); optionally keep it under a name."""
    kind = KINDS[job.kind]
    known = {c.name for c in kind.columns}
    clean = {
        name: int(index)
        for name, index in mapping.items()
        if name in known and index not in (None, "")
    }
    bad = [name for name, index in clean.items() if not 0 <= index < len(job.headers)]
    if bad:
        raise ValidationError({bad[0]: _("Choose one of the file's columns.")})
    missing = [c for c in kind.columns if c.required and c.name not in clean]
    if missing:
        raise ValidationError(
            {missing[0].name: _("%(field)s needs a column.") % {"field": missing[0].label}}
        )
    if len(set(clean.values())) < len(clean):
        raise ValidationError({"mapping": _("A column is mapped to two fields.")})
    job.mapping = clean
    if date_order:
        job.date_order = date_order
    job.status = JobStatus.UPLOADED
    job.save(update_fields=["mapping", "date_order", "status"])
    if save_as:
        SavedMapping.objects.update_or_create(
            kind=job.kind,
            name=save_as[:100],
            defaults={
                "mapping": {name: job.headers[index] for name, index in clean.items()},
                "date_order": job.date_order,
                "created_by": user,
            },
        )
    return job


# The check (dry run) ---------------------------------------------------------------------


@dataclass
class Context:
    """What cleaning and writing a row need: the partner matcher, the date order, the
    user's picks for the row's ambiguous partners, and how the writes are recorded."""

    job: ImportJob
    matcher: Matcher
    user: object
    choices: dict = field(default_factory=dict)
    classification: str = Classification.INTERNAL

    @property
    def date_order(self):
        return self.job.date_order

    @property
    def channel(self):
        return ChangeChannel.IMPORT

    @property
    def comment(self):
        return str(self.job)

    @staticmethod
    def lookup(model, **where):
        return model.objects.filter(**where).order_by("pk").first()


def clean_row(job, cells: list, context) -> Cleaned:
    cleaned = Cleaned()
    for column in KINDS[job.kind].columns:
        index = job.mapping.get(column.name)
        text = cells[index] if index is not None and index < len(cells) else ""
        clean_cell(column, text, cleaned, context)
    cleaned.values["_uncertain"] = cleaned.uncertain
    return cleaned


def judge(job, cells, context, seen: dict, number: int) -> tuple[str, list, dict]:
    """(outcome, messages, candidates) of one row."""
    kind = KINDS[job.kind]
    cleaned = clean_row(job, cells, context)
    messages = list(cleaned.errors)
    if not any((c or "").strip() for c in cells):
        return Outcome.ERROR, [{"field": "", "text": _("The row is empty.")}], {}
    if messages:
        return Outcome.ERROR, messages, cleaned.candidates
    if cleaned.candidates:
        return Outcome.AMBIGUOUS, [], cleaned.candidates
    record = kind.find(cleaned.values, context)
    problem = kind.check(cleaned.values, context, record)
    if problem:
        return Outcome.ERROR, [{"field": "", "text": problem}], {}
    # A register that repeats a record (one line per party, say) brings it in once: the
    # first row creates it, a later identical row changes nothing, a different one updates.
    values, key = values_key(cleaned.values), kind.key(cleaned.values)
    if key in seen:
        first, first_values = seen[key]
        if values == first_values:
            same = _("The same as row %(row)d.") % {"row": first}
            return Outcome.UNCHANGED, [{"field": "", "text": same}], {}
        again = _("Also in row %(row)d: this row's values replace that row's.") % {"row": first}
        return Outcome.UPDATE, [{"field": "", "text": again}], {}
    seen[key] = (number, values)
    notes = [
        {"field": name, "text": _("Uncertain date, kept as uncertain.")}
        for name in cleaned.uncertain
    ]
    if record is None:
        return Outcome.CREATE, notes, {}
    return (
        (Outcome.UPDATE if kind.differs(record, cleaned.values) else Outcome.UNCHANGED),
        notes,
        {},
    )


def request_check(job):
    """Ask for the check (the worker, or `check` called directly, does it)."""
    job.status = JobStatus.CHECKING
    job.save(update_fields=["status"])
    report(job, 0, 0)
    return job


def check(job):
    """Read, clean and match every row of a job waiting for its check, and record what
    each would do; nothing else is written. Rows the user already resolved keep their
    picks. The job's row is locked meanwhile: a second worker skips it."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job.pk, status=JobStatus.CHECKING)
            .first()
        )
        if job is None:
            return None
        table = read(job)
        picks = dict(job.rows.exclude(choices={}).values_list("number", "choices"))
        context = Context(job, Matcher.load(), job.created_by)
        rows, seen, counts = [], {}, {}
        total = len(table.rows)
        job.rows.all().delete()
        for offset, cells in enumerate(table.rows):
            number = table.row_numbers[offset]  # as a spreadsheet shows it
            context.choices = picks.get(number, {})
            outcome, messages, candidates = judge(job, cells, context, seen, number)
            counts[outcome] = counts.get(outcome, 0) + 1
            rows.append(
                ImportRow(
                    job=job,
                    number=number,
                    cells=cells,
                    outcome=outcome,
                    messages=messages,
                    candidates=candidates,
                    choices=context.choices,
                )
            )
            if len(rows) >= BATCH:
                ImportRow.objects.bulk_create(rows)
                rows = []
                report(job, offset + 1, total)
        ImportRow.objects.bulk_create(rows)
        job.counts = counts
        job.status = JobStatus.CHECKED
        job.save(update_fields=["counts", "status"])
    report(job, total, total)
    return job


@transaction.atomic
def resolve(job, row, picks: dict, user):
    """The user's choice among the candidates of a row's ambiguous partners: the row is
    judged again with it."""
    allowed = {key: {c["id"] for c in options} for key, options in row.candidates.items()}
    chosen = {
        key: int(value)
        for key, value in picks.items()
        if key in allowed and str(value).isdigit() and int(value) in allowed[key]
    }
    if not chosen:
        raise ValidationError({"choices": _("Choose one of the partners offered.")})
    context = Context(job, Matcher.load(), user, choices={**row.choices, **chosen})
    others = {}
    outcome, messages, candidates = judge(job, row.cells, context, others, row.number)
    counts = dict(job.counts)
    counts[row.outcome] = counts.get(row.outcome, 1) - 1
    counts[outcome] = counts.get(outcome, 0) + 1
    row.outcome, row.messages, row.candidates, row.choices = (
        outcome,
        messages,
        candidates,
        context.choices,
    )
    row.save(update_fields=["outcome", "messages", "candidates", "choices"])
    job.counts = {k: v for k, v in counts.items() if v}
    job.save(update_fields=["counts"])
    return row


# The import ------------------------------------------------------------------------------


def queue(job, user):
    """Ask a worker to import the checked job; refused while a row needs a choice."""
    if job.status != JobStatus.CHECKED:
        raise ValidationError({"status": _("Check the file before importing it.")})
    if job.counts.get(Outcome.AMBIGUOUS):
        raise ValidationError(
            {"choices": _("Choose the partner of every row that needs a choice first.")}
        )
    updated = ImportJob.objects.filter(pk=job.pk, status=JobStatus.CHECKED).update(
        status=JobStatus.QUEUED
    )
    if not updated:
        raise ValidationError({"status": _("This import has already started.")})
    job.status = JobStatus.QUEUED
    return job


def run(job, should_stop=None):
    """Write every accepted row of a queued job in one transaction, which also holds the
    job's row locked (a second worker skips it). On any error, or if the process dies,
    nothing is kept: the job stays queued after a crash (the next worker takes it again)
    and says why after an error. Rows with errors are left out (they are in the report)."""
    try:
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update(skip_locked=True)
                .filter(pk=job.pk, status=JobStatus.QUEUED)
                .first()
            )
            if job is None:
                return None
            job.started_at = timezone.now()
            _write_rows(job, should_stop)
            from portal import cache as portal_cache

            portal_cache.changed()
            job.status = JobStatus.IMPORTED
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "started_at", "finished_at"])
    except Exception as error:
        message = "; ".join(getattr(error, "messages", None) or [str(error)])
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        raise
    return job


def _write_rows(job, should_stop=None) -> None:
    kind = KINDS[job.kind]
    rows = list(job.rows.filter(outcome__in=[Outcome.CREATE, Outcome.UPDATE]).order_by("number"))
    context = Context(job, Matcher.load(), job.created_by)
    report(job, 0, len(rows))
    for index, row in enumerate(rows, start=1):
        context.choices = row.choices
        cleaned = clean_row(job, row.cells, context)
        if cleaned.errors or cleaned.candidates:
            raise ValidationError(
                _("Row %(row)d changed since the check: check the file again.")
                % {"row": row.number}
            )
        record = kind.find(cleaned.values, context)
        try:
            with transaction.atomic():  # a savepoint: a row the models refuse leaves nothing
                written = kind.write(cleaned.values, record, context)
        except ValidationError as error:
            row.outcome = Outcome.ERROR
            row.messages = [{"field": "", "text": text} for text in dict.fromkeys(error.messages)]
            continue
        row.written = [_written(instance, created, before) for instance, created, before in written]
        if index % 25 == 0 or index == len(rows):
            report(job, index, len(rows))
        if should_stop and should_stop():
            raise InterruptedError(_("Stopped before the end: nothing was imported."))
    ImportRow.objects.bulk_update(rows, ["written", "outcome", "messages"], batch_size=BATCH)
    counts = {}
    for outcome in job.rows.values_list("outcome", flat=True):
        counts[outcome] = counts.get(outcome, 0) + 1
    job.counts = counts
    job.save(update_fields=["counts"])


def _written(instance, created, before) -> dict:
    return {
        "model": instance._meta.label_lower,
        "id": instance.pk,
        "created": created,
        "before": before,
    }


# Undo ------------------------------------------------------------------------------------


def written_records(job) -> list[dict]:
    return [item for row in job.rows.exclude(written=[]).order_by("number") for item in row.written]


def edited_since(job) -> list[str]:
    """The records the import wrote that someone changed after it (their names, at most
    five): one query per kind of record."""
    by_model: dict[str, set] = {}
    for item in written_records(job):
        by_model.setdefault(item["model"], set()).add(str(item["id"]))
    found = []
    for label, ids in by_model.items():
        model = apps.get_model(label)
        later = (
            ChangeRecord.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=ids,
                at__gt=job.finished_at,
            )
            .exclude(channel=ChangeChannel.IMPORT, comment=str(job))
            .values_list("object_repr", flat=True)
        )
        found += list(later[: 5 - len(found)])
        if len(found) >= 5:
            break
    return found


@transaction.atomic
def undo(job, user):
    """Remove what the import created and put back what it changed, as a whole: refused
    (UndoRefused) when a record was edited since."""
    if job.status != JobStatus.IMPORTED:
        raise UndoRefused(_("Only a finished import can be undone."))
    edited = edited_since(job)
    if edited:
        raise UndoRefused(
            _("These records were edited after the import, so it cannot be undone: %(names)s.")
            % {"names": "; ".join(edited[:5])}
        )
    comment = _("Undo of %(job)s") % {"job": job}
    for item in reversed(written_records(job)):
        model = apps.get_model(item["model"])
        instance = model._base_manager.filter(pk=item["id"]).first()
        if instance is None:
            continue
        if item["created"]:
            core_services.delete(instance, user, channel=ChangeChannel.IMPORT, comment=comment)
        elif item["before"]:
            for name, value in item["before"].items():
                setattr(instance, name, model._meta.get_field(name).to_python(value))
            core_services.save(instance, user, channel=ChangeChannel.IMPORT, comment=comment)
    job.status = JobStatus.UNDONE
    job.save(update_fields=["status"])
    return job
