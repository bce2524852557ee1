"""The portal's texts: the manager's edited version, or until there is one, a default in
the page's language (so that a new installation has a presentable portal)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.choices import PageKey
from portal.models import PageText

DEFAULTS = {
    PageKey.INTRODUCTION: (
        _("International Relations Sector"),
        _(
            "The International Relations Sector builds the ministry's cooperation with "
            "countries and international organizations in communications and information "
            "technology: agreements and memoranda of understanding, meetings and joint "
            "committees, memberships of regional and international organizations, and "
            "programmes that transfer knowledge, attract investment and create jobs for young "
            "people.\n\nEverything on these pages is taken from the sector's own records."
        ),
    ),
    PageKey.BILATERAL: (
        _("Bilateral cooperation"),
        _(
            "The sector cooperates with Arab, African, European, Asian and American countries "
            "through agreements, memoranda of understanding, visits, meetings and joint "
            "committees. Choose a country to see what was signed and what it achieved."
        ),
    ),
    PageKey.MULTILATERAL: (
        _("Multilateral cooperation"),
        _(
            "The country takes part in Arab and African regional organizations, United Nations "
            "agencies, and specialized and trade organizations where policies, treaties and "
            "standards for communications and information technology are agreed."
        ),
    ),
}


def default(key: str) -> PageText:
    """An unsaved text holding the default in English and Arabic (a manager who edits it
    starts from it)."""
    title, body = DEFAULTS[key]
    values = {}
    for language in ("en", "ar"):
        with translation.override(language):
            values[f"title_{language}"], values[f"body_{language}"] = str(title), str(body)
    return PageText(key=key, **values)


def texts() -> dict[str, PageText]:
    """Every text, saved or default: one query."""
    saved = {text.key: text for text in PageText.objects.all()}
    return {key: saved.get(key) or default(key) for key in PageKey.values}
