"""Attaching a file to a record and removing it: the one way pages, the API, the admin and
commands do either. Both write their change record through core.services."""

import logging
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core import services
from core.choices import ChangeChannel, Classification
from core.models import Primary
from core.permissions import can_classify
from documents import content
from documents.models import Document

logger = logging.getLogger(__name__)


@transaction.atomic
def attach(
    record,
    uploaded_file,
    user,
    *,
    title,
    kind,
    language,
    is_authentic=False,
    classification=None,
    channel=ChangeChannel.PAGE,
) -> Document:
    """Check `uploaded_file`, store it and attach it to `record` as a new Document.

    The file is checked before anything is stored: size (ACCORD_MAX_UPLOAD_MB), type by
    content (PDF, DOCX, XLSX, PNG, JPEG, TIFF; the name's extension may not contradict it),
    archive bombs, damage. Its text is extracted for search. The version is the next one for
    the record, kind and language. The classification defaults to the record's and may not be
    below it, nor above the user's clearance. Raises ValidationError naming the field; then
    nothing is left behind, neither a row nor a stored file.
    """
    if record.pk is None or not isinstance(record, Primary) or isinstance(record, Document):
        raise TypeError(f"documents attach to saved primary records, not {record!r}")
    if not isinstance(uploaded_file, File):
        uploaded_file = File(uploaded_file, name=getattr(uploaded_file, "name", None))
    name = content.safe_name(uploaded_file.name or "")
    found = content.inspect(uploaded_file, name)

    if not classification:
        classification = getattr(record, "classification", None) or Classification.INTERNAL
    if user is not None and not can_classify(user, classification):
        raise ValidationError(
            {"classification": _("You cannot file a document above your own clearance.")}
        )
    document = Document(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        title=(title or "").strip() or (PurePath(name).stem or name)[:250],
        kind=kind,
        language=language,
        is_authentic=is_authentic,
        classification=classification,
        original_name=name,
        size=found.size,
        mime_type=found.mime_type,
        sha256=found.sha256,
        pages=found.pages,
    )
    # Catch a bad title, kind or classification before the file is written anywhere.
    document.full_clean(exclude=["file"], validate_unique=False, validate_constraints=False)

    stored = None
    try:
        document.file.save(
            f"upload.{content.extension_for(found.mime_type)}", uploaded_file, save=False
        )
        stored = document.file.name
        # One upload at a time per record, so that two never take the same version number.
        list(
            type(record)
            ._base_manager.select_for_update()
            .filter(pk=record.pk)
            .values_list("pk", flat=True)
        )
        document.version = (
            Document.objects.filter(
                content_type=document.content_type,
                object_id=record.pk,
                kind=kind,
                language=language,
            ).aggregate(latest=Max("version"))["latest"]
            or 0
        ) + 1
        services.save(document, user, channel=channel)
        # The text is derived from the file (which the change record identifies by its
        # SHA-256): it is written after, so that a megabyte of text is not copied into it.
        Document.objects.filter(pk=document.pk).update(text=found.text)
        document.text = found.text
        services.notify(document)  # the search index takes the text, in this transaction
    except BaseException:
        if stored:
            try:
                document.file.storage.delete(stored)
            except Exception:
                logger.exception("could not delete %s after a failed upload", stored)
        raise
    return document


@transaction.atomic
def remove(document: Document, user, *, channel=ChangeChannel.PAGE, comment="") -> None:
    """Delete `document` and record it; its file leaves the storage once the deletion is
    committed (a rolled-back deletion keeps its file)."""
    name, storage = document.file.name, document.file.storage
    document.text = ""  # derived from the file: kept out of the change record, as on upload
    services.delete(document, user, channel=channel, comment=comment)
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
