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
    (_("Imports"), "imports:job_list"),
]


def _navigation():
    items = []
    for label, name in NAVIGATION:
        try:
            items.append({"label": label, "url": reverse(name), "name": name})
        except NoReverseMatch:
            items.append({"label": label, "url": None, "name": name})
    return items


def shell(request):
    return {
        "rtl": get_language_bidi(),
        "home_country": settings.ACCORD_HOME_COUNTRY,
        "navigation": _navigation(),
    }
