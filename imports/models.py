"""Import jobs: a file, how its columns map to fields, what each row will do (the check) or
did (the import), and what the import wrote, so that it can be undone."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imports.choices import DateOrder, ImportKind, JobStatus, Outcome


class ImportJob(models.Model):
    """One file brought in: uploaded, mapped, checked row by row, then imported in one
    transaction by a worker (or the `import` command), and undoable as a whole."""

    kind = models.CharField(_("what the file holds"), max_length=20, choices=ImportKind)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus, default=JobStatus.UPLOADED, db_index=True
    )
    date_order = models.CharField(
        _("dates such as 05/06/2019 are"), max_length=3, choices=DateOrder, default=DateOrder.DMY
    )
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    headers = models.JSONField(_("columns"), default=list, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)  # field -> column
    notes = models.JSONField(_("notes on reading"), default=list, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)  # outcome -> rows
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="imports", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # The worker's claim: a job whose worker died is taken again after the lease expires.
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [
            models.Index(fields=["status", "created_at"], name="import_status_idx"),
            models.Index(fields=["created_by", "-created_at"], name="import_user_idx"),
        ]

    def __str__(self) -> str:
        return _("Import %(number)s (%(file)s)") % {"number": self.pk, "file": self.filename}

    def get_absolute_url(self) -> str:
        return reverse("imports:job_detail", args=[self.pk])

    @property
    def row_count(self) -> int:
        return sum(self.counts.values())


class ImportRow(models.Model):
    """One row of the file: its cells, what the check found, the user's choice for an
    ambiguous partner, and after the import the record it wrote (and the record's values
    before, for an update), so that the import can be undone."""

    job = models.ForeignKey(ImportJob, models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))  # as a spreadsheet numbers it
    cells = models.JSONField(default=list)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, db_index=True)
    messages = models.JSONField(_("messages"), default=list, blank=True)  # [{field, text}]
    # Ambiguous partners: {field: [{"id", "name", "how"}]}; the user's picks: {field: id}.
    candidates = models.JSONField(default=dict, blank=True)
    choices = models.JSONField(default=dict, blank=True)
    # What the import wrote: [{"model": label, "id": pk, "created": bool, "before": {...}}].
    written = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["job", "number"]
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="import_row_unique")]
        indexes = [models.Index(fields=["job", "outcome", "number"], name="import_row_idx")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.number}"


class SavedMapping(models.Model):
    """A mapping of columns to fields kept under a name, for the next file of the same
    register (the command's --mapping NAME, the upload page's choice)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("what the file holds"), max_length=20, choices=ImportKind)
    mapping = models.JSONField(_("mapping"), default=dict)
    date_order = models.CharField(
        _("dates such as 05/06/2019 are"), max_length=3, choices=DateOrder, default=DateOrder.DMY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("saved mapping")
        verbose_name_plural = _("saved mappings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="saved_mapping_unique")
        ]

    def __str__(self) -> str:
        return self.name
