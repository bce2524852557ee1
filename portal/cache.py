"""The public pages' cache.

A public page is built once per generation, language and address and then served from
Django's cache (`ACCORD_PORTAL_CACHE_SECONDS`, 300 by default; 0 turns it off). A change to
anything the portal shows adds a generation in the same transaction (`on_change`, a
`core.services` hook; commands that write in bulk call `changed()`), so the next request
after the commit builds the page afresh, in every server process. Browsers and proxies may
keep a page for `ACCORD_PORTAL_MAX_AGE` seconds and revalidate it with its ETag.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max

from portal.models import Generation

# What the portal shows, directly or in a count, a name or a total.
WATCHED = {
    "agreements.agreement",
    "agreements.agreementparty",
    "engagements.meeting",
    "multilateral.membership",
    "multilateral.seat",
    "multilateral.electedpost",
    "multilateral.governingbody",
    "multilateral.organizationmember",
    "initiatives.initiative",
    "initiatives.initiativepartner",
    "initiatives.result",
    "initiatives.resultperiod",
    "initiatives.indicator",
    "initiatives.funding",
    "initiatives.exchangerate",
    "partners.partner",
    "partners.person",
    "portal.pagetext",
}
KEEP = 100  # generations kept when old ones are pruned


def on_change(instance, *, deleted: bool = False) -> None:
    if instance._meta.label_lower in WATCHED:
        changed()


def changed() -> None:
    """Start a new generation (visible to other processes once the transaction commits)."""
    number = Generation.objects.create().pk
    if number % 1000 == 0:
        Generation.objects.filter(pk__lt=number - KEEP).delete()


def generation() -> int:
    return Generation.objects.aggregate(number=Max("pk"))["number"] or 0


def key(language: str, path: str) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return f"accord:portal:{generation()}:{language}:{digest}"


def get(language: str, path: str):
    """(cache key, the cached (content, content type) or None)."""
    name = key(language, path)
    if settings.ACCORD_PORTAL_CACHE_SECONDS <= 0:
        return name, None
    return name, cache.get(name)


def put(name: str, value) -> None:
    if settings.ACCORD_PORTAL_CACHE_SECONDS > 0:
        cache.set(name, value, settings.ACCORD_PORTAL_CACHE_SECONDS)
