"""The imports' part of the background worker (`manage.py run_worker`): it takes the jobs
waiting for their check or their import, oldest first, one at a time. A job being worked on
is locked in the database, so several workers never take the same one; a job whose worker
died is taken again (its import was rolled back with the process)."""

import logging

from imports import services
from imports.choices import JobStatus
from imports.models import ImportJob

log = logging.getLogger("imports.worker")


def process_pending(name: str, should_stop=lambda: False) -> int:
    done = 0
    while not should_stop():
        waiting = list(
            ImportJob.objects.filter(status__in=[JobStatus.CHECKING, JobStatus.QUEUED])
            .order_by("created_at", "pk")
            .values_list("pk", "status")[:20]
        )
        progressed = False
        for pk, status in waiting:
            job = ImportJob(pk=pk, status=status)
            try:
                # A started import finishes before the worker stops.
                step = services.check if status == JobStatus.CHECKING else services.run
                result = step(job)
            except Exception:
                log.exception("import %s failed", pk)
                result = None
                progressed = True
            if result is not None:
                log.info("import %s: %s by %s", pk, result.status, name)
                done += 1
                progressed = True
            if should_stop():
                break
        if not progressed:
            break
    return done
