"""What every page of the shell needs: the navigation and the text direction."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

# Every area of the product, in menu order. An area whose URL does not exist yet is shown
# disabled, so that the menu already has the shape it will keep.
NAVIGATION = [
    (_("Dashboard"), "home"),
    (_("Partners"), "partners:partner_list"),
    (_("People"), "partners:person_list"),
    (_("Agreements"), "agreements:agreement_list"),
    (_("Meetings"), "engagements:meeting_list"),
    (_("Actions"), "actions:action_list"),
    (_("Multilateral"), "multilateral:membership_list"),
    (_("Initiatives"), "initiatives:initiative_list"),
    (_("Reports"), "reports:index"),
    (_("Public portal"), "portal:index"),
    (_("Imports"), "imports:job_list"),
]


def _navigation(path: str):
    items = []
    for label, name in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            url = None
        items.append({"label": label, "url": url, "name": name, "current": False})
    # The current area is the one whose URL is the longest prefix of the page's path.
    matches = [
        i
        for i in items
        if i["url"] and (path == i["url"] or (i["url"] != "/" and path.startswith(i["url"])))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items


def shell(request):
    return {
        "rtl": get_language_bidi(),
        "home_country": settings.ACCORD_HOME_COUNTRY,
        "navigation": _navigation(request.path),
    }
