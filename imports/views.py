"""The import pages: upload, map the columns, follow the check and the import on a progress
bar, review every row (and pick the partner of an ambiguous one), import, undo.

An import is read by the one who uploaded it and by managers; importing needs the right to
add the records of its kind."""

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.permissions import can, may_publish
from imports import services
from imports.choices import DateOrder, JobStatus, Outcome
from imports.forms import UploadForm
from imports.models import ImportJob
from imports.registers import KINDS

ROWS_PER_PAGE = 50
WORKING = (JobStatus.CHECKING, JobStatus.QUEUED)  # a worker has the job


def may_import(user, kind: str | None = None) -> bool:
    """May `user` import files (of `kind`)? The right to add the records the kind writes."""
    kinds = [KINDS[kind]] if kind in KINDS else KINDS.values()
    return any(can(user, "add", model) for k in kinds for model in k.models)


def jobs_of(user):
    """The imports `user` may see: their own; a manager's, everyone's."""
    jobs = ImportJob.objects.select_related("created_by")
    return jobs if may_publish(user) else jobs.filter(created_by=user)


class ImporterMixin(UserPassesTestMixin):
    def test_func(self):
        return may_import(self.request.user)

    def get_job(self, pk):
        return get_object_or_404(jobs_of(self.request.user), pk=pk)


class JobListView(ImporterMixin, ListView):
    template_name = "imports/job_list.html"
    paginate_by = 25

    def get_queryset(self):
        return jobs_of(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": UploadForm()}


class UploadView(ImporterMixin, View):
    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            if not may_import(request.user, kind):
                raise PermissionDenied
            upload = form.cleaned_data["file"]
            if upload.size > services.max_bytes():
                form.add_error("file", services.too_large(upload.size))
                return self.refuse(request, form)
            try:
                job = services.upload(
                    upload.read(services.max_bytes() + 1),
                    upload.name,
                    kind,
                    request.user,
                    date_order=form.cleaned_data["date_order"],
                    sheet=form.cleaned_data["sheet"],
                    mapping_name=getattr(form.cleaned_data["mapping"], "name", ""),
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                return redirect(job)
        return self.refuse(request, form)

    def refuse(self, request, form):
        jobs = Paginator(jobs_of(request.user), 25).get_page(1)
        return render(
            request,
            "imports/job_list.html",
            {"form": form, "object_list": jobs.object_list, "page_obj": jobs},
            status=400,
        )


class JobDetailView(ImporterMixin, View):
    """The job at its step: the mapping form, the progress bar, or the review."""

    def get(self, request, pk):
        job = self.get_job(pk)
        return render(request, "imports/job_detail.html", self.context(job))

    def context(self, job, **extra):
        kind = KINDS[job.kind]
        outcome = self.request.GET.get("outcome", "")
        rows = job.rows.all()
        if outcome in Outcome.values:
            rows = rows.filter(outcome=outcome)
        page = Paginator(rows.order_by("number"), ROWS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        preview = []
        if job.status == JobStatus.UPLOADED:
            try:
                preview = services.read(job).rows[:5]
            except Exception:  # noqa: BLE001 - the file was read at upload; show what we can
                preview = []
        mapping = [{"column": c, "index": job.mapping.get(c.name)} for c in kind.columns]
        return {
            "job": job,
            "kind": kind,
            "mapping": mapping,
            "preview": preview,
            "page_obj": page,
            "outcome": outcome,
            "outcomes": Outcome.choices,
            "progress": services.progress(job),
            "working": job.status in WORKING,
            "date_orders": DateOrder.choices,
            **extra,
        }


class ProgressView(JobDetailView):
    """The progress bar's fragment (htmx polls it); the whole page once the step is done."""

    def get(self, request, pk):
        # Polled every second: only the job and its progress, not the page's rows or file.
        job = self.get_job(pk)
        working = job.status in WORKING
        context = {"job": job, "progress": services.progress(job), "working": working}
        response = render(request, "imports/partials/progress.html", context)
        if not working:
            response["HX-Refresh"] = "true"  # the step is done: show the whole page
        return response


class MappingView(JobDetailView):
    def post(self, request, pk):
        job = self.get_job(pk)
        if job.status not in (JobStatus.UPLOADED, JobStatus.CHECKED, JobStatus.FAILED):
            raise Http404
        mapping = {c.name: request.POST.get(f"map-{c.name}", "") for c in KINDS[job.kind].columns}
        try:
            services.set_mapping(
                job,
                {k: v for k, v in mapping.items() if v.lstrip("-").isdigit()},
                request.user,
                date_order=request.POST.get("date_order")
                if request.POST.get("date_order") in DateOrder.values
                else None,
                save_as=request.POST.get("save_as", "").strip(),
            )
        except ValidationError as error:
            job.refresh_from_db()
            return render(
                request,
                "imports/job_detail.html",
                self.context(job, errors=error.message_dict),
                status=400,
            )
        services.request_check(job)
        messages.success(request, _("The rows are being checked."))
        return redirect(job)


class ResolveView(JobDetailView):
    def post(self, request, pk, number):
        job = self.get_job(pk)
        row = get_object_or_404(job.rows, number=number, outcome=Outcome.AMBIGUOUS)
        picks = {key: request.POST.get(f"pick-{key}", "") for key in row.candidates}
        try:
            services.resolve(job, row, picks, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{job.get_absolute_url()}?outcome={Outcome.AMBIGUOUS}")


class ImportView(JobDetailView):
    def post(self, request, pk):
        job = self.get_job(pk)
        if not may_import(request.user, job.kind):
            raise PermissionDenied
        try:
            services.queue(job, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The import has started."))
        return redirect(job)


class UndoView(JobDetailView):
    def post(self, request, pk):
        job = self.get_job(pk)
        try:
            services.undo(job, request.user)
        except services.UndoRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The import is undone."))
        return redirect(job)
