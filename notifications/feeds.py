"""A user's calendar (RFC 5545): the meetings they may read, their own and their desk's
actions by due date, and the notice deadlines, expiries and reviews of the agreements in
force that they may read, within a bounded window.

Everything is read through `restrict(user)` when the feed is fetched, so that a calendar
never holds more than its owner's clearance allows today. The feed leaves Accord's access
control (calendar applications keep copies on phones and laptops), so it carries what is
needed to plan a day and a link back, never minutes, summaries or meeting links.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from agreements.choices import Status
from agreements.models import Agreement
from core.permissions import readable_levels
from engagements.models import Meeting
from notifications import conf
from partners.models import Partner

PRODID = "-//Accord//Calendar feed//EN"

# RFC 5545 CLASS: calendar applications hide the details of private and confidential
# events when a calendar is shared onwards.
CLASS_OF = {
    "public": "PUBLIC",
    "internal": "PRIVATE",
    "confidential": "CONFIDENTIAL",
    "secret": "CONFIDENTIAL",
}


@dataclass(frozen=True)
class Window:
    """The span of time a feed covers."""

    start: datetime
    end: datetime

    @classmethod
    def around(cls, now: datetime) -> "Window":
        return cls(
            now - timedelta(days=conf.FEED_PAST_DAYS), now + timedelta(days=conf.FEED_FUTURE_DAYS)
        )

    @property
    def first_day(self) -> date:
        return timezone.localdate(self.start)

    @property
    def last_day(self) -> date:
        return timezone.localdate(self.end)


def meetings_for(user, window: Window):
    """The meetings `user` may read that overlap the window, soonest first, with their
    country and the partners the user may read (two queries in all)."""
    return list(
        Meeting.objects.restrict(user)
        .filter(end__gte=window.start, start__lte=window.end)
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Partner.objects.restrict(user).order_by("name_en"),
                to_attr="readable_partners",
            )
        )
        .order_by("start", "id")[: conf.FEED_MAX_MEETINGS]
    )


def actions_for(user, first_day: date, last_day: date):
    """The active actions of `user` and of their desk that fall due between the two days."""
    mine = Q(owner=user)
    if user.org_unit_id:
        mine |= Q(owner_unit_id=user.org_unit_id)
    return list(
        Action.objects.restrict(user)
        .active()
        .filter(mine, due_date__gte=first_day, due_date__lte=last_day)
        .order_by("due_date", "id")[: conf.FEED_MAX_ACTIONS]
    )


# The dated events of an agreement in force: its field, the UID's word, the summary.
AGREEMENT_DATES = [
    ("notice_deadline", "notice", lambda: _("Notice deadline: %(title)s")),
    ("expiry_date", "expiry", lambda: _("Expires: %(title)s")),
    ("next_review", "review", lambda: _("Review due: %(title)s")),
]


def agreements_for(user, first_day: date, last_day: date):
    """The agreements in force that `user` may read with a notice deadline, expiry or
    review between the two days."""
    dated = Q()
    for field, _word, _summary in AGREEMENT_DATES:
        dated |= Q(**{f"{field}__gte": first_day, f"{field}__lte": last_day})
    return list(
        Agreement.objects.restrict(user)
        .filter(dated, status=Status.IN_FORCE)
        .order_by("id")[: conf.FEED_MAX_AGREEMENTS]
    )


def _zone(meeting) -> zoneinfo.ZoneInfo:
    """The meeting's time zone; the site's if the stored name is not one (the form refuses
    such names, but one bad row must not break a whole feed)."""
    try:
        return zoneinfo.ZoneInfo(meeting.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(timezone.get_default_timezone_name())


def _place(meeting, levels) -> str:
    parts = [meeting.venue, meeting.city]
    country = meeting.country
    if country is not None and country.classification in levels:
        parts.append(country.name)
    place = ", ".join(p for p in parts if p)
    if meeting.online:
        place = f"{place} ({_('online')})" if place else _("Online")
    return place


def _all_day(uid: str, day: date, summary: str, url: str, stamp: datetime, **extra):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # VALUE=DATE: an all-day event
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    for name, value in extra.items():
        event.add(name.replace("_", "-"), value)
    return event


def build_calendar(user, *, link, now: datetime | None = None) -> bytes:
    """The user's calendar as iCalendar bytes (CRLF line ends, lines folded at 75 octets).

    `link(path)` makes an absolute URL of a path on this site. Titles and labels come in the
    active language: call it inside `translation.override(user.language)`. Reads four or
    five queries whatever the number of items (user's roles, meetings, their partners,
    actions, agreements).
    """
    now = now or timezone.now()
    stamp = now.astimezone(UTC)
    window = Window.around(now)
    domain = conf.mail_domain()
    levels = readable_levels(user)

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = _("Accord: %(user)s") % {"user": user}
    cal.add("x-wr-calname", name)
    cal.add("name", name)  # RFC 7986's name for X-WR-CALNAME
    cal.add("x-wr-caldesc", _("Meetings, actions and agreement deadlines from Accord"))
    cal.add("x-wr-timezone", timezone.get_default_timezone_name())
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")

    for meeting in meetings_for(user, window):
        zone = _zone(meeting)
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.start.astimezone(zone))  # TZID of the meeting's zone
        event.add("dtend", meeting.end.astimezone(zone))
        event.add("summary", meeting.title)
        place = _place(meeting, levels)
        if place:
            event.add("location", place)
        url = link(meeting.get_absolute_url())
        event.add("url", url)
        lines = [f"{meeting.get_kind_display()} · {meeting.get_level_display()}"]
        if meeting.session_number:
            lines.append(_("Session %(number)s") % {"number": meeting.session_number})
        partners = [p.name for p in meeting.readable_partners]
        if partners:
            lines.append(_("With: %(partners)s") % {"partners": ", ".join(partners)})
        lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("categories", [meeting.get_kind_display()])
        event.add("class", CLASS_OF.get(meeting.classification, "CONFIDENTIAL"))
        event.add("status", "CONFIRMED")
        event.add("last-modified", meeting.updated_at.astimezone(UTC))
        cal.add_component(event)

    for action in actions_for(user, window.first_day, window.last_day):
        url = link(action.get_absolute_url())
        cal.add_component(
            _all_day(
                f"action-{action.pk}@{domain}",
                action.due_date,
                _("Due: %(title)s") % {"title": action.title},
                url,
                stamp,
                description=f"{action.get_status_display()} · {action.get_priority_display()}"
                f"\n{url}",
                categories=[_("Action")],
                **{"class": CLASS_OF.get(action.classification, "CONFIDENTIAL")},
                last_modified=action.updated_at.astimezone(UTC),
            )
        )

    for agreement in agreements_for(user, window.first_day, window.last_day):
        url = link(agreement.get_absolute_url())
        for field, word, summary in AGREEMENT_DATES:
            day = getattr(agreement, field)
            if day is None or not (window.first_day <= day <= window.last_day):
                continue
            label = summary() % {"title": agreement.title}
            description = f"{agreement.reference}\n{url}" if agreement.reference else url
            cal.add_component(
                _all_day(
                    f"agreement-{agreement.pk}-{word}@{domain}",
                    day,
                    label,
                    url,
                    stamp,
                    description=description,
                    categories=[_("Agreement")],
                    **{"class": CLASS_OF.get(agreement.classification, "CONFIDENTIAL")},
                    last_modified=agreement.updated_at.astimezone(UTC),
                )
            )

    # One VTIMEZONE per TZID used, with the rules of the window's years only: a client needs
    # no more, and the feed stays small.
    cal.add_missing_timezones(
        first_date=date(window.first_day.year - 1, 1, 1),
        last_date=date(window.last_day.year + 2, 1, 1),
    )
    return cal.to_ical()
