"""Pages of the documents app: upload to a record, download, delete; and the helper that
record pages call to list their documents."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import can
from core.views import ObjectDeleteView
from documents import services
from documents.forms import DocumentForm
from documents.models import Document, record_models


class RecordDocuments(list):
    """The documents of one record that a user may read (newest first), with what the user
    may do: what the partial `documents/_documents.html` needs."""

    def __init__(self, rows, *, upload_url, can_upload, can_delete, truncated):
        super().__init__(rows)
        self.upload_url = upload_url
        self.can_upload = can_upload
        self.can_delete = can_delete
        self.truncated = truncated


def documents_for(record, user, limit: int = 100) -> RecordDocuments:
    """The context a record page gives `{% include "documents/_documents.html" %}` as
    `documents`: one query, whatever the number of documents (at most `limit` are shown)."""
    rows = list(
        Document.objects.restrict(user, models=[type(record)._meta.concrete_model])
        .for_record(record)
        .select_related("created_by")
        .defer("text")[: limit + 1]
    )
    ct = ContentType.objects.get_for_model(record)
    return RecordDocuments(
        rows[:limit],
        upload_url=reverse("documents:document_upload", args=[ct.app_label, ct.model, record.pk]),
        can_upload=can(user, "add", Document) and can(user, "change", type(record)),
        can_delete=can(user, "delete", Document),
        truncated=len(rows) > limit,
    )


def readable_document(user, pk, *, with_text=False) -> Document:
    """The document `pk` if `user` may read it and its record, else 404. Its record type is
    looked up first, so that only that type's table is checked."""
    ct_id = Document.objects.filter(pk=pk).values_list("content_type_id", flat=True).first()
    model = ContentType.objects.get_for_id(ct_id).model_class() if ct_id else None
    if model not in record_models():
        raise Http404
    documents = Document.objects.restrict(user, models=[model]).select_related("content_type")
    return get_object_or_404(documents if with_text else documents.defer("text"), pk=pk)


def record_url(record) -> str:
    url = getattr(record, "get_absolute_url", None)
    return url() if url else reverse("home")


def add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names when the form
    has that field."""
    errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, field_errors in errors.items():
        form.add_error(field if field in form.fields else None, field_errors)


def file_response(document: Document) -> FileResponse:
    """The stored file as a download under its original name; never rendered inline."""
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("The file of this document is missing.")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class DocumentUploadView(LoginRequiredMixin, View):
    """Upload a file to any record the user can read and may change."""

    template_name = "documents/document_form.html"

    def dispatch(self, request, app_label, model, pk):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        if model_class not in record_models():
            raise Http404
        user = request.user
        if not (can(user, "add", Document) and can(user, "change", model_class)):
            raise PermissionDenied
        self.record = get_object_or_404(model_class.objects.restrict(user), pk=pk)
        return super().dispatch(request, app_label, model, pk)

    def get(self, request, *args, **kwargs):
        return self.render(DocumentForm(user=request.user, record=self.record))

    def post(self, request, *args, **kwargs):
        form = DocumentForm(request.POST, request.FILES, user=request.user, record=self.record)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.attach(
                    self.record,
                    data["file"],
                    request.user,
                    title=data["title"],
                    kind=data["kind"],
                    language=data["language"],
                    is_authentic=data["is_authentic"],
                    classification=data["classification"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Uploaded %(title)s, version %(version)s.")
                    % {"title": document.title, "version": document.version},
                )
                return redirect(record_url(self.record))
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "record": self.record})


class DocumentDownloadView(LoginRequiredMixin, View):
    """The file, to a user who may read the document and its record (others get 404)."""

    def get(self, request, pk):
        if not can(request.user, "view", Document):
            raise PermissionDenied
        return file_response(readable_document(request.user, pk))


class DocumentDeleteView(ObjectDeleteView):
    """Delete a document (managers and administrators), after a confirmation page."""

    model = Document
    template_name = "documents/document_confirm_delete.html"

    def get_object(self, queryset=None):
        return readable_document(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(record_url=record_url(self.object.record), **kwargs)

    def form_valid(self, form):
        url = record_url(self.object.record)
        services.remove(self.object, self.request.user)
        messages.success(self.request, _("Deleted %(record)s.") % {"record": self.object})
        return redirect(url)
