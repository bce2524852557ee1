"""Engagements: every meeting (bilateral meetings, visits, calls, joint committee sessions,
multilateral conferences, workshops), its delegations, agenda, positions and decisions, and
the joint committees whose numbered sessions carry their open business forward."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core.fields import WebAddressField
from core.markdown import render_markdown
from core.models import OrgUnit, Primary, Publishable, published_is_public
from core.text import bilingual, normalize
from engagements.choices import (
    DecisionStatus,
    MeetingKind,
    MeetingLevel,
    PositionStatus,
    Side,
)
from partners.models import Partner, Person


def default_time_zone() -> str:
    """The home time zone (ACCORD_TIME_ZONE), read when a meeting is made: a default frozen
    into the migration would make a deployment in another zone see a pending migration."""
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone."), params={"value": value})


class JointCommittee(Primary):
    """A standing joint committee with a partner (usually a country), set up by an
    agreement, meeting in numbered sessions that alternate between the two hosts."""

    name_en = models.CharField(_("English name"), max_length=300)
    name_ar = models.CharField(_("Arabic name"), max_length=300, blank=True)
    partner = models.ForeignKey(
        Partner, models.PROTECT, related_name="joint_committees", verbose_name=_("partner")
    )
    agreement = models.ForeignKey(
        Agreement,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_committees",
        verbose_name=_("established by"),
    )
    chair_ours = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("our co-chair"),
    )
    chair_theirs = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("their co-chair"),
    )
    periodicity_months = models.PositiveIntegerField(
        _("meets every (months)"), null=True, blank=True
    )
    alternating_host = models.BooleanField(_("hosts alternate"), default=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_committees",
        verbose_name=_("desk"),
    )
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("joint committee")
        verbose_name_plural = _("joint committees")
        indexes = [models.Index(fields=["partner"], name="committee_partner_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_en, self.name_ar)

    def get_absolute_url(self) -> str:
        return reverse("engagements:committee_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = normalize(f"{self.name_en} {self.name_ar}")
        super().save(*args, **kwargs)


class Meeting(Publishable, Primary):
    """One engagement of any kind. A joint committee session is a meeting with its
    committee and its session number."""

    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind, db_index=True)
    level = models.CharField(_("level"), max_length=30, choices=MeetingLevel, db_index=True)
    title_en = models.CharField(_("English title"), max_length=300)
    title_ar = models.CharField(_("Arabic title"), max_length=300, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Where the meeting takes place, e.g. Africa/Cairo or Asia/Tokyo."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_held",
        limit_choices_to={"kind": "country"},
        verbose_name=_("country"),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_link = WebAddressField(_("online link"), blank=True)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="meetings", verbose_name=_("partners")
    )
    committee = models.ForeignKey(
        JointCommittee,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("joint committee"),
    )
    session_number = models.PositiveIntegerField(_("session number"), null=True, blank=True)
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="meetings", verbose_name=_("related agreements")
    )
    # For multilateral events: the organization and the body that meets.
    organization = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        limit_choices_to={"kind": "organization"},
        verbose_name=_("organization"),
    )
    governing_body = models.ForeignKey(
        "multilateral.GoverningBody",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("governing body"),
    )
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("Markdown: headings, lists, bold, links.")
    )
    minutes_html = models.TextField(editable=False, blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("desk"),
    )
    search_text = models.TextField(editable=False, blank=True)

    untracked_fields = ("minutes_html",)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            published_is_public("meeting"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="meeting_end_after_start",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["committee", "session_number"],
                condition=Q(committee__isnull=False),
                name="meeting_session_unique",
                violation_error_message=_("This committee already has a session with this number."),
            ),
        ]
        indexes = [
            models.Index(fields=["-start", "-id"], name="meeting_start_idx"),
            models.Index(fields=["kind", "-start"], name="meeting_kind_idx"),
            models.Index(fields=["committee", "session_number"], name="meeting_committee_idx"),
            models.Index(fields=["owner_unit", "-start"], name="meeting_desk_idx"),
            models.Index(fields=["organization", "-start"], name="meeting_organization_idx"),
            # The list's other sort orders.
            models.Index(fields=["title_en"], name="meeting_title_idx"),
            models.Index(fields=["-updated_at"], name="meeting_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ar)

    def get_absolute_url(self) -> str:
        return reverse("engagements:meeting_detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The time zone of the place where the meeting is held."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def start_local(self):
        """The start as the clocks show it where the meeting is held."""
        return self.start.astimezone(self.zone) if self.start else None

    @property
    def end_local(self):
        return self.end.astimezone(self.zone) if self.end else None

    @property
    def place(self) -> str:
        """Venue, city and country (or "online"), for lists and exports."""
        parts = [self.venue, self.city]
        if self.country_id:
            parts.append(str(self.country))
        return ", ".join(p for p in parts if p)

    def clean(self):
        errors = {}
        # Instants are kept in UTC (the place's zone is `time_zone`): the change record then
        # compares like with like, whichever zone a form or the API gave them in.
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and timezone.is_aware(value):
                setattr(self, name, value.astimezone(datetime.UTC))
        if self.start and self.end and self.end < self.start:
            message = _("The end comes before the start.")
            errors["end"] = message
            errors["start"] = message
        if self.governing_body_id:
            body_org = self.governing_body.organization_id
            if self.organization_id is None:
                self.organization_id = body_org
            elif self.organization_id != body_org:
                errors["governing_body"] = _("This body belongs to another organization.")
        if self.kind == MeetingKind.COMMITTEE_SESSION and not self.committee_id:
            errors["committee"] = _("A joint committee session belongs to a committee.")
        if self.committee_id and self.kind != MeetingKind.COMMITTEE_SESSION:
            errors["kind"] = _("A meeting of a joint committee is a joint committee session.")
        if self.committee_id and not self.session_number:
            errors["session_number"] = _("Give the session number.")
        if self.session_number and not self.committee_id:
            errors["session_number"] = _("Only a joint committee session has a session number.")
        if self.online_link and not self.online:
            self.online = True
        taken = Meeting.objects.filter(
            committee_id=self.committee_id, session_number=self.session_number
        ).exclude(pk=self.pk)
        if self.committee_id and self.session_number and taken.exists():
            errors["session_number"] = _("This committee already has a session with this number.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Stored sanitized: whatever the minutes contain, the page never runs it.
        self.minutes_html = render_markdown(self.minutes)
        self.search_text = normalize(f"{self.title_en} {self.title_ar} {self.city}")
        super().save(*args, **kwargs)


class Participant(models.Model):
    """A person in one of the delegations; one head per delegation."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    side = models.CharField(_("delegation"), max_length=10, choices=Side)
    is_head = models.BooleanField(_("head of delegation"), default=False)
    role = models.CharField(_("role in the delegation"), max_length=200, blank=True)

    class Meta:
        ordering = ["side", "-is_head", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="participant_unique",
                violation_error_message=_("This person is already listed for this meeting."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "side"],
                condition=Q(is_head=True),
                name="one_head_per_side",
                violation_error_message=_("This delegation already has a head."),
            ),
        ]
        indexes = [models.Index(fields=["person"], name="participant_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_side_display()})"

    def clean(self):
        # The constraints hold the rule in the database; checked here first so that the
        # message lands on the field at fault rather than at the top of the form.
        errors = {}
        others = Participant.objects.filter(meeting_id=self.meeting_id).exclude(pk=self.pk)
        if self.meeting_id and self.person_id and others.filter(person_id=self.person_id).exists():
            errors["person"] = _("This person is already listed for this meeting.")
        if (
            self.meeting_id
            and self.is_head
            and others.filter(side=self.side, is_head=True).exists()
        ):
            errors["is_head"] = _("This delegation already has a head.")
        if errors:
            raise ValidationError(errors)


class AgendaItem(models.Model):
    """An item of a meeting's agenda, with our national position on it and its outcome.
    An item carried over from an earlier session points at what it carries."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    title_ar = models.CharField(_("Arabic title"), max_length=300, blank=True)
    position = models.TextField(_("our position"), blank=True)
    position_status = models.CharField(
        _("position status"), max_length=20, choices=PositionStatus, default=PositionStatus.DRAFT
    )
    outcome = models.TextField(_("outcome"), blank=True)
    national_position = models.ForeignKey(
        "multilateral.NationalPosition",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("national position"),
        help_text=_("A position kept for reuse across events on the same topic."),
    )
    carried_action = models.ForeignKey(
        "actions.Action",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("carried-over action"),
    )
    carried_decision = models.ForeignKey(
        "engagements.Decision",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("carried-over decision"),
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [models.Index(fields=["meeting", "order"], name="agenda_meeting_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ar)

    @property
    def position_css(self) -> str:
        """The Bootstrap badge class of the position's status."""
        return {
            PositionStatus.DRAFT: "text-bg-light border",
            PositionStatus.APPROVED: "text-bg-info",
            PositionStatus.DELIVERED: "text-bg-success",
        }.get(self.position_status, "text-bg-light border")

    @property
    def is_carried(self) -> bool:
        return bool(self.carried_action_id or self.carried_decision_id)

    def clean(self):
        if not (self.title_en or self.title_ar):
            raise ValidationError({"title_en": _("Give the item a title.")})


class DecisionQuerySet(models.QuerySet):
    def restrict(self, user):
        """Decisions are read as their meeting is: a source of actions like any record."""
        return self.filter(meeting__in=Meeting.objects.restrict(user))


class Decision(models.Model):
    """Something a meeting decided. Pending decisions are carried to the next session of a
    joint committee until implemented or dropped; follow-up actions can come from them."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text_en = models.TextField(_("decision (English)"), blank=True)
    text_ar = models.TextField(_("decision (Arabic)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DecisionStatus,
        default=DecisionStatus.PENDING,
        db_index=True,
    )
    due_date = models.DateField(_("due"), null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#decision-{self.pk}"

    @property
    def text(self) -> str:
        return bilingual(self.text_en, self.text_ar)

    @property
    def classification(self) -> str:
        """A decision is as sensitive as its meeting (actions made from it inherit this)."""
        return self.meeting.classification

    def get_classification_display(self) -> str:
        return self.meeting.get_classification_display()

    @property
    def status_css(self) -> str:
        """The Bootstrap badge class of the status."""
        return {
            DecisionStatus.PENDING: "text-bg-warning",
            DecisionStatus.IMPLEMENTED: "text-bg-success",
            DecisionStatus.DROPPED: "text-bg-secondary",
        }.get(self.status, "text-bg-light")

    def clean(self):
        errors = {}
        if not (self.text_en or self.text_ar):
            errors["text_en"] = _("Write the decision.")
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            errors["agenda_item"] = _("Choose an item of this meeting's agenda.")
        if errors:
            raise ValidationError(errors)
