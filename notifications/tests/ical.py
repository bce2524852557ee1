"""Checks of iCalendar text by parsers other than the one that wrote it (the feed is written
with `icalendar`): `vobject` parses and validates it, and the rules of RFC 5545 that
neither library enforces on reading are checked here by hand."""

import re

import icalendar
import vobject

TZID = re.compile(rb";TZID=([^:;]+)[:;]")


class InvalidCalendar(AssertionError):
    pass


def check_lines(body: bytes) -> None:
    """RFC 5545 3.1: every line ends with CRLF and is at most 75 octets long (longer content
    is folded onto continuation lines that start with a space)."""
    if not body.endswith(b"\r\n"):
        raise InvalidCalendar("the calendar does not end with CRLF")
    for number, line in enumerate(body.split(b"\r\n")[:-1], start=1):
        if b"\n" in line or b"\r" in line:
            raise InvalidCalendar(f"line {number} has a bare line break")
        if len(line) > 75:
            raise InvalidCalendar(f"line {number} is {len(line)} octets long")


def check_time_zones(body: bytes) -> set[str]:
    """Every TZID that a property names has its VTIMEZONE in the calendar (RFC 5545 3.2.19),
    and no VTIMEZONE is defined twice. Returns the TZIDs used."""
    used = {m.group(1).decode() for m in TZID.finditer(body.replace(b"\r\n ", b""))}
    defined = re.findall(rb"\r\nBEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n", body)
    names = [d.decode() for d in defined]
    if len(names) != len(set(names)):
        raise InvalidCalendar(f"a VTIMEZONE is defined twice: {names}")
    missing = used - set(names)
    if missing:
        raise InvalidCalendar(f"TZID without its VTIMEZONE: {sorted(missing)}")
    return used


def parse_and_validate(body: bytes):
    """The calendar parsed by vobject, after every check passed: vobject's own validation
    (required and single-valued properties of each component: PRODID, VERSION, UID,
    DTSTAMP...), line ends and folding, time zones, and an icalendar round trip that keeps
    every event as it was."""
    check_lines(body)
    check_time_zones(body)
    text = body.decode("utf-8")
    calendar = vobject.readOne(text)
    try:
        calendar.validate(raiseException=True)
    except vobject.base.ValidateError as error:
        raise InvalidCalendar(f"vobject: {error}") from error
    if calendar.version.value != "2.0":
        raise InvalidCalendar("VERSION is not 2.0")
    for event in getattr(calendar, "vevent_list", []):
        start, end = event.dtstart.value, getattr(event, "dtend", None)
        if end is not None and end.value <= start:
            raise InvalidCalendar(f"{event.uid.value} ends before it starts")
    parsed = icalendar.Calendar.from_ical(body)
    again = icalendar.Calendar.from_ical(parsed.to_ical())
    if events_of(parsed) != events_of(again):
        raise InvalidCalendar("an icalendar round trip changed the events")
    return calendar


def events_of(calendar: icalendar.Calendar) -> dict:
    """UID → (DTSTART, DTEND, SUMMARY) of every event, as icalendar reads them."""
    return {
        str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND", None), str(e.get("SUMMARY")))
        for e in calendar.walk("VEVENT")
    }
