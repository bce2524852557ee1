"""The background worker: queue the day's digests and send what is pending, and check and
run the imports waiting for it, every `--interval` seconds (or once, with `--once`). Run
one or several, on any machines that reach the database; SIGTERM or SIGINT stops a worker
after the message it is sending (or the import it is writing)."""

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError

from imports import worker as imports_worker
from notifications import worker

log = logging.getLogger("notifications.worker")


class Command(BaseCommand):
    help = "Send reminder e-mails: queue the day's digests, then send pending reminders."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run one cycle (queue, then send all) and exit."
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=60,
            help="Seconds between cycles (default 60).",
        )
        parser.add_argument(
            "--schedule-every",
            type=int,
            default=300,
            help="Seconds between two passes that queue the day's digests (default 300).",
        )

    def handle(self, *args, once, interval, schedule_every, **options):
        if interval < 1 or schedule_every < 1:
            raise CommandError("--interval and --schedule-every must be at least 1 second")
        stop = threading.Event()

        def request_stop(signum, frame):
            if not stop.is_set():
                log.info(
                    "received %s: stopping after the current message", signal.strsignal(signum)
                )
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)

        name = worker.worker_name()
        worker.warn_about_hooks()
        log.info("worker %s started (%s)", name, "once" if once else f"every {interval}s")
        last_schedule = None
        while not stop.is_set():
            started = time.monotonic()
            ok = True
            if last_schedule is None or started - last_schedule >= schedule_every:
                last_schedule = started
                ok = self._guarded(worker.schedule_digests)
            ok &= self._guarded(lambda: worker.process_pending(name, should_stop=stop.is_set))
            ok &= self._guarded(
                lambda: imports_worker.process_pending(name, should_stop=stop.is_set)
            )
            if once:
                if not ok:
                    raise CommandError("the cycle failed (see the log)")
                break
            stop.wait(max(0.0, interval - (time.monotonic() - started)))
        log.info("worker %s stopped", name)

    @staticmethod
    def _guarded(step) -> bool:
        """Run one step of a cycle. A failure (the database restarting, say) is logged and
        the step runs again at the next cycle: the worker stays up."""
        try:
            step()
        except Exception:
            log.exception("worker cycle failed; retrying at the next one")
            return False
        return True
