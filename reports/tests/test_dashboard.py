"""The dashboard (the home page): each panel's content and counts for each persona, with
records at every classification; the desk scope; a bounded number of queries whatever the
number of records; the charts and the map; Arabic."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from agreements.models import Agreement, AgreementParty
from conftest import make_user
from core.choices import Classification
from core.models import OrgUnit
from engagements.models import Meeting
from initiatives.models import Indicator, Initiative, InitiativePartner, Result, ResultPeriod
from partners.models import Partner
from reports import charts, dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    """The trends are cached between requests: each test starts without them. A request in
    Arabic leaves Arabic active in the thread: the next test starts in English again."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


HOME = reverse("home")
LEVELS = Classification.values
PERSONAS = {
    "viewer_no_clearance": "public",
    "viewer": "internal",
    "editor": "confidential",
    "manager": "secret",
}


def readable(clearance):
    return Classification.up_to(clearance)


def country(iso, en, ar, region=""):
    return Partner.objects.create(
        kind="country",
        iso_alpha2=iso,
        name_en=en,
        name_ar=ar,
        region=region,
        classification="public",
    )


@pytest.fixture
def home_france(settings):
    """Egypt is a counterpart here: the home country is France (drawn, never counted)."""
    settings.ACCORD_HOME_COUNTRY = "FR"
    settings.ACCORD_ALERT_DAYS = [180, 90, 30]


@pytest.fixture
def places(db):
    return {
        "EG": country("EG", "Egypt", "مصر", "002"),
        "JP": country("JP", "Japan", "اليابان", "142"),
        "FR": country("FR", "France", "فرنسا", "150"),
    }


@pytest.fixture
def desks(db):
    return {
        "asian": OrgUnit.objects.create(code="asian-desk", name_en="Asian desk"),
        "african": OrgUnit.objects.create(code="african-desk", name_en="African desk"),
    }


@pytest.fixture
def indicator(db):
    return Indicator.objects.create(
        code="people-trained", name_en="People trained", name_ar="أشخاص مدربون", unit="people"
    )


def add_agreement(title, level, partners, unit=None, *, signed=None, notice_in=None):
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        type="mou",
        title_en=title,
        status="in_force",
        signature_date=signed or date(today.year, 1, 1),
        classification=level,
        term_kind="until_notice",
        owner_unit=unit,
    )
    for partner in partners:
        AgreementParty.objects.create(agreement=agreement, partner=partner)
    if notice_in is not None:
        # The computed dates are stored (agreements.services.refresh_dates); set directly.
        Agreement.objects.filter(pk=agreement.pk).update(
            notice_deadline=today + timedelta(days=notice_in), dates_computed_on=today
        )
    return agreement


def add_meeting(title, level, partners, unit=None, *, days=7):
    start = timezone.now() + timedelta(days=days)
    meeting = Meeting.objects.create(
        kind="bilateral",
        level="ministerial",
        title_en=title,
        start=start,
        end=start + timedelta(hours=2),
        classification=level,
        owner_unit=unit,
    )
    meeting.partners.set(partners)
    return meeting


def add_action(title, level, unit=None, *, due_in=-3):
    return Action.objects.create(
        title_en=title,
        owner_unit=unit,
        due_date=timezone.localdate() + timedelta(days=due_in),
        classification=level,
    )


def add_initiative(title, level, partners, indicator, unit=None, actual=1):
    initiative = Initiative.objects.create(
        title_en=title,
        kind="capacity_building",
        status="ongoing",
        start_date=date(2021, 1, 1),
        classification=level,
        owner_unit=unit,
    )
    for partner in partners:
        InitiativePartner.objects.create(initiative=initiative, partner=partner, role="funder")
    result = Result.objects.create(initiative=initiative, indicator=indicator)
    ResultPeriod.objects.create(
        result=result,
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        target=10,
        actual=actual,
    )
    return initiative


@pytest.fixture
def records(home_france, places, desks, indicator):
    """One record of each kind at each classification, all with Egypt (and the home
    country), on the Asian desk; each title says its level."""
    made = {}
    for rank, level in enumerate(LEVELS):
        tag = level.upper()
        made[level] = {
            "agreement": add_agreement(
                f"{tag}-AGREEMENT",
                level,
                [places["EG"], places["FR"]],
                desks["asian"],
                notice_in=20 + rank,
            ),
            "meeting": add_meeting(f"{tag}-MEETING", level, [places["EG"]], desks["asian"]),
            "action": add_action(f"{tag}-ACTION", level, desks["asian"]),
            # Each level's actual is a power of ten: the sum says which were counted.
            "initiative": add_initiative(
                f"{tag}-INITIATIVE", level, [places["EG"]], indicator, desks["asian"], 10**rank
            ),
        }
    return made


def page_of(client, user, **params):
    client.force_login(user)
    response = client.get(HOME, params)
    assert response.status_code == 200
    return response, response.content.decode()


# Who sees what ---------------------------------------------------------------------------


def test_it_sends_the_anonymous_to_the_login_page(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_outsider_a_page_without_data(client, outsider, records):
    response, page = page_of(client, outsider)
    assert 'id="dashboard-no-role"' in page
    assert "-AGREEMENT" not in page and "-MEETING" not in page
    assert 'id="world-map"' not in page
    assert "meetings" not in response.context


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_persona_only_what_they_may_read(request, client, persona, records):
    user = request.getfixturevalue(persona)
    levels = readable(PERSONAS[persona])
    response, page = page_of(client, user)
    context = response.context
    n = len(levels)
    for level in LEVELS:
        for kind in ("AGREEMENT", "MEETING", "ACTION"):
            assert (f"{level.upper()}-{kind}" in page) == (level in levels), (level, kind)
    assert context["meetings"]["total"] == n
    assert context["alerts"]["total"] == n
    assert context["actions"]["overdue"] == n
    assert context["figures"]["agreements"] == n
    assert context["figures"]["in_force"] == n
    assert context["figures"]["initiatives_ongoing"] == n
    assert context["per_year"]["total"] == n
    this_year = context["per_year"]["years"][-1]
    assert this_year.by_type == {"mou": n}
    # France is the home country: only Egypt's region counts.
    assert this_year.by_region == {"002": n}
    assert context["per_month"]["total"] == 0  # the meetings are ahead
    line = context["results"]["lines"][0]
    assert line.actual == sum(10 ** LEVELS.index(level) for level in levels)
    egypt = context["by_country"]["countries"]["EG"]
    assert (egypt.agreements, egypt.meetings, egypt.initiatives) == (n, n, n)
    assert egypt.bucket == 4
    assert context["by_country"]["countries"]["FR"].home
    assert context["by_country"]["countries"]["FR"].total == 0
    assert context["by_country"]["countries"]["JP"].bucket == 0
    assert f'id="figure-agreements">{n}<' in page
    assert re.search(rf'id="meetings-total">{n}<', page)


def test_it_counts_on_the_map_only_what_the_user_may_read(client, viewer, records, places):
    # Japan takes part in a secret agreement only: its count stays 0 for the viewer.
    add_agreement("SECRET-JAPAN", "secret", [places["JP"]])
    response, page = page_of(client, viewer)
    japan = response.context["by_country"]["countries"]["JP"]
    assert japan.total == 0 and japan.bucket == 0
    assert 'class="map-country map-0"' in page
    assert "SECRET-JAPAN" not in page


def test_it_shows_empty_states(client, editor, home_france):
    response, page = page_of(client, editor)
    assert page.count("dashboard-empty") >= 6
    assert "No meetings in the next 4 weeks." in page
    assert "No notice deadline or expiry inside the alert windows." in page
    assert "No results recorded yet." in page


def test_it_lists_ten_rows_and_links_to_the_rest(client, editor, home_france, places, desks):
    for i in range(12):
        add_meeting(f"Meeting {i:02d}", "internal", [places["EG"]], days=1 + i)
        add_action(f"Action {i:02d}", "internal", desks["asian"], due_in=-i - 1)
        add_agreement(f"Agreement {i:02d}", "internal", [places["EG"]], notice_in=10 + i)
    response, page = page_of(client, editor)
    context = response.context
    for panel in ("meetings", "alerts", "actions"):
        assert len(context[panel]["rows"]) == dashboard.LIMIT
        assert context[panel]["total"] == 12
        assert "See all 12" in page
    assert [m.title_en for m in context["meetings"]["rows"]][:2] == ["Meeting 00", "Meeting 01"]
    assert context["alerts"]["rows"][0]["title_en"] == "Agreement 00"
    assert context["alerts"]["rows"][0]["when_kind"] == "notice"
    # The most overdue first.
    assert context["actions"]["rows"][0].title_en == "Action 11"
    assert reverse("agreements:deadlines") in page


def test_it_leaves_out_dates_outside_the_alert_window(client, editor, home_france, places):
    add_agreement("Far", "internal", [places["EG"]], notice_in=400)
    add_agreement("Past", "internal", [places["EG"]], notice_in=-1)
    add_agreement("Near", "internal", [places["EG"]], notice_in=25)
    response, page = page_of(client, editor)
    assert [r["title_en"] for r in response.context["alerts"]["rows"]] == ["Near"]
    assert response.context["alerts"]["rows"][0]["urgent"]


def test_it_counts_meetings_per_month_and_agreements_per_year(client, editor, home_france, places):
    now = timezone.now()
    for days in (1, 2, 40):
        add_meeting("Past", "internal", [places["JP"]], days=-days)
    add_meeting("Long ago", "internal", [places["JP"]], days=-800)
    today = timezone.localdate()
    add_agreement("Old", "internal", [places["JP"]], signed=date(today.year - 3, 6, 1))
    add_agreement("Older", "internal", [places["EG"]], signed=date(today.year - 30, 6, 1))
    response, page = page_of(client, editor)
    months = response.context["per_month"]["months"]
    assert len(months) == 12 and response.context["per_month"]["total"] == 3
    assert months[-1]["month"].month == timezone.localtime(now).month
    years = {row.year: row for row in response.context["per_year"]["years"]}
    assert len(years) == 10 and years[today.year - 3].by_region == {"142": 1}
    assert response.context["per_year"]["total"] == 1


# Desk scope ------------------------------------------------------------------------------


def test_it_keeps_the_desk_records_with_the_desk_scope(client, home_france, records, places, desks):
    officer = make_user("desk_officer", "officer", "secret", org_unit=desks["african"])
    add_meeting("AFRICAN-MEETING", "internal", [places["EG"]], desks["african"])
    add_action("AFRICAN-ACTION", "internal", desks["african"])
    add_agreement("AFRICAN-AGREEMENT", "internal", [places["JP"]], desks["african"], notice_in=5)
    response, page = page_of(client, officer, scope="desk")
    context = response.context
    assert context["desk"] and 'id="dashboard-desk-note"' in page
    assert "AFRICAN-MEETING" in page and "AFRICAN-ACTION" in page and "AFRICAN-AGREEMENT" in page
    assert "SECRET-MEETING" not in page and "PUBLIC-AGREEMENT" not in page
    assert context["meetings"]["total"] == 1
    assert context["actions"]["overdue"] == 1
    assert context["figures"]["agreements"] == 1
    assert context["by_country"]["countries"]["JP"].agreements == 1
    assert context["by_country"]["countries"]["EG"].agreements == 0
    assert context["by_country"]["countries"]["EG"].meetings == 1
    # Everything again without the scope.
    response, page = page_of(client, officer)
    assert response.context["meetings"]["total"] == 5
    assert "SECRET-MEETING" in page


def test_it_shows_nothing_in_the_desk_scope_without_a_desk(client, editor, records):
    response, page = page_of(client, editor, scope="desk")
    assert response.context["meetings"]["total"] == 0
    assert response.context["figures"]["agreements"] == 0
    assert 'data-scope="desk"' in page and "disabled" in page


# Queries ---------------------------------------------------------------------------------


def add_many(count, places, desk, indicator, start=0):
    partner_ct = ContentType.objects.get_for_model(Partner)
    for i in range(start, start + count):
        add_agreement(f"A{i}", "internal", [places["EG"], places["JP"]], desk, notice_in=5 + i)
        add_meeting(f"M{i}", "internal", [places["EG"]], desk, days=1 + i % 20)
        add_meeting(f"P{i}", "internal", [places["JP"]], desk, days=-1 - i % 300)
        Action.objects.create(
            title_en=f"Act{i}",
            owner_unit=desk,
            due_date=timezone.localdate() + timedelta(days=i % 20 - 10),
            classification="internal",
            source_type=partner_ct,
            source_id=places["JP"].pk,
        )
        add_initiative(f"I{i}", "internal", [places["JP"]], indicator, desk)


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("scope", ["all", "desk"])
def test_it_runs_the_same_number_of_queries_for_1_and_30_records(
    client, home_france, places, desks, indicator, scope, settings
):
    settings.ACCORD_DASHBOARD_CACHE_SECONDS = 0  # the worst case: every aggregate runs
    user = make_user("counter", "officer", "confidential", org_unit=desks["asian"])
    client.force_login(user)
    url_params = {"scope": "desk"} if scope == "desk" else {}
    add_many(1, places, desks["asian"], indicator)
    client.get(HOME, url_params)  # warm the caches (content types, the map's geometry)

    def measure():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(HOME, url_params)
        assert response.status_code == 200
        return len(captured), response

    one, response = measure()
    assert response.context["figures"]["agreements"] == 1
    add_many(29, places, desks["asian"], indicator, start=1)
    thirty, response = measure()
    assert response.context["figures"]["agreements"] == 30
    assert len(response.context["meetings"]["rows"]) == dashboard.LIMIT
    assert one == thirty, (one, thirty)
    # Session, user, groups, then the panels: meetings 2, alerts 2, actions 3, figures 2,
    # per year 2, per month 1, results 1, map 4.
    assert thirty <= 20


def test_it_caches_the_trends_per_clearance_not_per_user(client, records, viewer, manager):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as cold:
        client.get(HOME)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(HOME)
    # Figures, per year, per month and the map's counts come from the cache.
    assert len(warm) == len(cold) - 8
    assert response.context["figures"]["agreements"] == 4
    # The viewer's counts are their own, although the manager's are in the cache.
    response, page = page_of(client, viewer)
    assert response.context["figures"]["agreements"] == 2
    assert response.context["by_country"]["countries"]["EG"].agreements == 2
    assert response.context["per_year"]["total"] == 2


def test_it_caps_the_counts_of_the_lists(client, editor, home_france, places, desks, monkeypatch):
    monkeypatch.setattr(dashboard, "COUNT_CAP", 11)
    for i in range(12):
        add_action(f"Action {i:02d}", "internal", desks["asian"], due_in=-i - 1)
    response, page = page_of(client, editor)
    assert response.context["actions"]["overdue"] == 11
    assert response.context["actions"]["more_overdue"]
    assert 'id="actions-overdue" title="Overdue">11+<' in page
    assert "See all 11+" in page


# Pictures --------------------------------------------------------------------------------


def test_it_draws_the_map_with_egypt_linked_to_its_partner_page(client, editor, records, places):
    response, page = page_of(client, editor)
    egypt_url = reverse("partners:partner_detail", args=[places["EG"].pk])
    match = re.search(
        r'<a href="([^"]+)" class="map-link" data-iso="EG"><title>([^<]+)</title>'
        r'<path id="map-EG" class="map-country map-(\d)" d="m',
        page,
    )
    assert match, "no link for Egypt on the map"
    assert match.group(1) == egypt_url
    assert match.group(2) == "Egypt: 3 agreements, 3 meetings, 3 initiatives"
    assert match.group(3) == "4"
    assert 'id="map-FR" class="map-country map-home"' in page
    assert 'id="world-map"' in page and 'id="map-title"' in page
    # The top-10 table, the fallback of the map.
    assert re.search(
        rf'<tr data-iso="EG"><th scope="row" class="fw-normal"><a href="{egypt_url}">', page
    )
    assert page.count('<tr data-iso="') == 1


def test_it_buckets_the_intensity_relative_to_the_most_active_country():
    assert [dashboard.bucket(n, 8) for n in (0, 1, 2, 3, 4, 6, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert dashboard.bucket(3, 0) == 0


def test_it_reads_the_map_geometry_from_the_npm_package():
    geometry = charts.geometry()
    shapes = {shape.iso: shape for shape in geometry.shapes}
    assert {"EG", "JP", "FR", "US", "AD"} <= set(shapes)
    assert geometry.view_box == "0 0 1010 666"
    assert shapes["EG"].d.startswith("m") and shapes["EG"].d.endswith("z")
    assert charts.geometry() is geometry  # kept in memory


def test_it_simplifies_paths_without_drift():
    d = "m 10,10 0.01,0 5,0 0,5 -5,0 z m 20,0 1,1 1,0 z"
    assert charts.simplify(d) == "m10 10 5 0 0 5-5 0zm20 0 1 1 1 0z"


def test_it_draws_the_charts_with_a_role_and_a_title(client, editor, records, places):
    add_meeting("Past", "internal", [places["JP"]], days=-3)
    response, page = page_of(client, editor)
    for chart_id in ("chart-years", "chart-months"):
        svg = re.search(rf'<svg [^>]*id="{chart_id}"[^>]*>\s*<title id="{chart_id}-title">', page)
        assert svg, chart_id
        assert 'role="img"' in svg.group(0)
    assert 'id="table-years-type"' in page and 'id="table-years-region"' in page
    assert 'id="table-months"' in page
    assert "reports/dashboard.css" in page


def test_it_mirrors_the_columns_in_right_to_left_pages():
    columns = [{"label": "a", "parts": [("series-0", 1, "a")]}, {"label": "b", "parts": []}]
    ltr = charts.column_chart(columns, rtl=False)
    rtl = charts.column_chart(columns, rtl=True)
    assert ltr.labels[0][0] < ltr.labels[1][0]
    assert rtl.labels[0][0] > rtl.labels[1][0]
    assert (ltr.anchor, rtl.anchor) == ("end", "start")


# Arabic ----------------------------------------------------------------------------------


def test_it_speaks_arabic(client, editor, records, places, settings):
    add_meeting("Past", "internal", [places["JP"]], days=-3)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response, page = page_of(client, editor)
    assert 'dir="rtl"' in page
    egypt = re.search(r'data-iso="EG"><title>([^<]+)</title>', page).group(1)
    assert egypt.startswith("مصر")
    # The map is geography: never mirrored; its figure is left to right.
    assert '<figure class="dashboard-map mb-2" dir="ltr">' in page
    months = response.context["per_month"]["months"]
    arabic_months = {
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    }
    assert any(name in months[-1]["name"] for name in arabic_months), months[-1]["name"]
    assert response.context["month_chart"].anchor == "start"
