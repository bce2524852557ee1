"""What each kind of file holds: its columns, the natural key that finds the record a row
already made (so that importing the same file twice changes nothing), and how a row is
written through the apps' own services (validated, change-recorded, indexed).

`find(values, context)` returns the existing record or None; `differs(record, values)`
says whether the row would change it; `write(values, record, context)` creates or updates
and returns what it wrote, as [(instance, created, before)] for the undo.
"""

import copy
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements import services as agreement_services
from agreements.choices import (
    AgreementType,
    EntryIntoForceRule,
    PartyRole,
    Status,
    TermKind,
    TreatyActionKind,
)
from agreements.models import Agreement, AgreementParty, TreatyAction
from core import services
from core.choices import Classification
from core.models import Note
from imports.choices import ImportKind
from imports.columns import CHOICE, DATE, PARTNER, PARTNERS, Column, choice_map

CLASSIFICATION = Column(
    "classification",
    _("classification"),
    CHOICE,
    headers=("confidentiality", "درجة السرية", "التصنيف"),
    choices=choice_map(Classification),
)


def snapshot(instance, names) -> dict:
    return {name: _plain(getattr(instance, name)) for name in names}


def _plain(value):
    """A field's value as JSON keeps it (restored by the field's `to_python`)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


def values_key(values) -> tuple:
    """A row's values, comparable: two rows with the same key say the same thing."""
    return tuple(sorted((k, str(v)) for k, v in values.items() if not k.startswith("_")))


def model_rules(instance, exclude=()) -> str | None:
    """The model's own rules, on an unsaved instance (so that the check refuses what the
    import would): their messages, or None."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return " ".join(dict.fromkeys(error.messages))
    return None


class Kind:
    name = ""
    models: tuple = ()  # what it writes: importing needs the right to add these
    columns: tuple = ()
    fields: tuple = ()  # the model fields a row sets (compared for "unchanged", kept for undo)

    def find(self, values, context):
        raise NotImplementedError

    def key(self, values) -> tuple:
        """What identifies the record a row stands for, within one file (what `find` looks
        for in the database)."""
        return values_key(values)

    def check(self, values, context, record) -> str | None:
        """What refuses the whole row (`record` is what `find` found), or None."""
        return None

    def differs(self, record, values) -> bool:
        return any(
            values.get(name) is not None and getattr(record, name) != values[name]
            for name in self.fields
        )

    def write(self, values, record, context) -> list:
        raise NotImplementedError


class RecordKind(Kind):
    """A kind whose row is one record: `lookup` (model lookup -> value) is its natural key,
    `sets` (model attribute -> value) what a row writes, `defaults` what an empty cell
    leaves on a new record."""

    model = None
    lookup: dict = {}
    sets: dict = {}
    defaults: dict = {}

    @property
    def models(self):
        return (self.model,)

    def prepare(self, values, context) -> None:
        """Values derived from the row's cells before it is found or written."""

    def find(self, values, context):
        self.prepare(values, context)
        return context.lookup(self.model, **{a: values.get(v) for a, v in self.lookup.items()})

    def key(self, values) -> tuple:
        return tuple(str(values.get(v)) for v in self.lookup.values())

    def differs(self, record, values) -> bool:
        return any(
            values.get(v) not in (None, "") and getattr(record, a) != values[v]
            for a, v in self.sets.items()
        )

    def build(self, values, record, context):
        """The record as the row makes it (not saved)."""
        instance = record or self.model(
            classification=values.get("classification") or context.classification,
            **{a: values.get(v) for a, v in self.lookup.items()},
        )
        for attribute, name in self.sets.items():
            if values.get(name) not in (None, ""):
                setattr(instance, attribute, values[name])
            elif record is None and attribute in self.defaults:
                setattr(instance, attribute, self.defaults[attribute])
        return instance

    def check(self, values, context, record) -> str | None:
        return model_rules(self.build(dict(values), copy.copy(record), context))

    def write(self, values, record, context) -> list:
        created = record is None
        before = None if created else snapshot(record, tuple(self.sets))
        instance = self.build(values, record, context)
        services.save(instance, context.user, channel=context.channel, comment=context.comment)
        return [(instance, created, before), *self.after(instance, values, context)]

    def after(self, instance, values, context) -> list:
        """What else the row writes once its record is saved."""
        return uncertain_note(instance, values, context)


# Agreements ------------------------------------------------------------------------------

AGREEMENT_TYPES = choice_map(
    AgreementType,
    {
        "MoU": "mou",
        "memorandum": "mou",
        "BIT": "agreement",
        "BITs": "agreement",
        "TIP": "agreement",
        "TIPs": "agreement",
        "bilateral investment treaty": "agreement",
        "convention": "treaty",
        "amendment": "protocol",
        "اتفاق": "agreement",
        "معاهدة": "treaty",
        "اتفاقية": "agreement",
        "بروتوكول": "protocol",
        "مذكرة": "mou",
    },
)
AGREEMENT_STATUSES = choice_map(
    Status,
    {
        "signed (not in force)": "signed",
        "not in force": "signed",
        "in force": "in_force",
        "ساري": "in_force",
        "سارية": "in_force",
        "نافذة": "in_force",
        "موقعة": "signed",
        "منتهية": "expired",
        "ended": "expired",
    },
)


class Agreements(Kind):
    """Agreements with their parties and dates. Found again by reference, or else by
    English title and date of signature. The term of a legacy agreement is not known: it is
    recorded as in force until terminated by notice; an entry-into-force date becomes the
    agreed date, a termination date a termination by the first party."""

    name = ImportKind.AGREEMENTS
    models = (Agreement,)
    columns = (
        Column(
            "reference",
            _("reference number"),
            headers=("id", "treaty_id", "رقم", "المرجع", "الرقم المرجعي"),
            max_length=60,
        ),
        Column(
            "title_en",
            _("English title"),
            headers=("title", "short_title", "full_title", "name", "agreement"),
            max_length=500,
        ),
        Column(
            "title_ar",
            _("Arabic title"),
            headers=("العنوان", "عنوان الاتفاقية", "الاسم"),
            max_length=500,
        ),
        Column(
            "type",
            _("type"),
            CHOICE,
            headers=("kind", "النوع", "نوع الاتفاقية"),
            choices=AGREEMENT_TYPES,
        ),
        Column(
            "status", _("status"), CHOICE, headers=("الحالة", "الموقف"), choices=AGREEMENT_STATUSES
        ),
        Column(
            "parties",
            _("parties"),
            PARTNERS,
            headers=("party", "partners", "countries", "الأطراف", "الطرف", "الدول"),
        ),
        Column(
            "signature_date",
            _("date of signature"),
            DATE,
            headers=("signature", "signed", "date_of_signature", "date signed", "تاريخ التوقيع"),
        ),
        Column(
            "signature_place",
            _("place of signature"),
            headers=("location", "place", "مكان التوقيع"),
            max_length=120,
        ),
        Column(
            "entry_into_force",
            _("entry into force"),
            DATE,
            headers=(
                "force",
                "date_of_entry_into_force",
                "in force since",
                "eif",
                "تاريخ النفاذ",
                "تاريخ السريان",
            ),
        ),
        Column(
            "termination_date",
            _("terminated on"),
            DATE,
            headers=("end", "termination", "تاريخ الانتهاء"),
        ),
        Column(
            "summary",
            _("subject summary"),
            headers=("subject", "summary", "الموضوع"),
            max_length=5000,
        ),
        CLASSIFICATION,
    )
    fields = (
        "title_en",
        "title_ar",
        "type",
        "status",
        "signature_date",
        "signature_place",
        "summary",
    )

    def find(self, values, context):
        if values.get("reference"):
            return context.lookup(Agreement, reference=values["reference"])
        if values.get("title_en"):
            return context.lookup(
                Agreement, title_en=values["title_en"], signature_date=values.get("signature_date")
            )
        return context.lookup(
            Agreement,
            title_ar=values.get("title_ar") or "",
            signature_date=values.get("signature_date"),
        )

    def key(self, values) -> tuple:
        if values.get("reference"):
            return ("reference", values["reference"])
        return (values.get("title_en") or values.get("title_ar"), str(values.get("signature_date")))

    def differs(self, record, values) -> bool:
        if super().differs(record, values):
            return True
        known = set(record.parties.values_list("partner_id", flat=True))
        return bool(set(values.get("parties") or []) - known)

    def check(self, values, context, record) -> str | None:
        """The agreement's own rules (entry into force after signature...)."""
        agreement = self.build(dict(values), copy.copy(record), context)
        return model_rules(agreement, exclude=["owner_unit", "responsible"])

    def write(self, values, record, context) -> list:
        created = record is None
        before = None if created else snapshot(record, self.fields + ("eif_rule", "eif_fixed_date"))
        agreement = self.build(values, record, context)
        services.save(agreement, context.user, channel=context.channel, comment=context.comment)
        return self.write_parts(agreement, values, created, before, context)

    def build(self, values, record, context):
        """The agreement as the row makes it (not saved)."""
        created = record is None
        agreement = record or Agreement(
            term_kind=TermKind.UNTIL_NOTICE,
            classification=values.get("classification") or context.classification,
            owner_unit_id=getattr(context.user, "org_unit_id", None),
        )
        if not values.get("title_en") and values.get("title_ar"):
            values["title_en"] = values["title_ar"]
        for name in self.fields + ("reference",):
            if values.get(name) not in (None, ""):
                setattr(agreement, name, values[name])
        agreement.type = agreement.type or AgreementType.AGREEMENT
        if not agreement.status or created and not values.get("status"):
            agreement.status = Status.SIGNED if agreement.signature_date else Status.PROPOSAL
        if values.get("entry_into_force"):
            agreement.eif_rule = EntryIntoForceRule.FIXED_DATE
            agreement.eif_fixed_date = values["entry_into_force"]
        elif created:
            # The register does not say when it entered into force: it waits for the
            # parties' notifications, rather than being guessed in force on signature.
            agreement.eif_rule = EntryIntoForceRule.LAST_NOTIFICATION
        return agreement

    def write_parts(self, agreement, values, created, before, context) -> list:
        """Its parties, its termination and the note on its uncertain dates."""
        written = [(agreement, created, before)]
        for partner in values.get("parties") or []:
            written += party_of(agreement, partner, context)[1]
        ended = values.get("termination_date")
        if (
            ended
            and written[1:]
            and not agreement.treaty_actions.filter(kind=TreatyActionKind.TERMINATION).exists()
        ):
            action = TreatyAction(
                agreement=agreement,
                party=written[1][0],
                kind=TreatyActionKind.TERMINATION,
                date=ended,
            )
            services.save(action, context.user, channel=context.channel, comment=context.comment)
            written.append((action, True, None))
        if ended and agreement.status not in (Status.TERMINATED, Status.EXPIRED):
            Agreement.objects.filter(pk=agreement.pk).update(status=Status.TERMINATED)
            agreement.status = Status.TERMINATED
        agreement_services.refresh_dates(agreement)
        written += uncertain_note(agreement, values, context)
        return written


def party_of(agreement, partner: int, context) -> tuple:
    """The partner's place in the agreement, made (and recorded) when it has none yet:
    (party, what was written)."""
    party, made = AgreementParty.objects.get_or_create(
        agreement=agreement, partner_id=partner, defaults={"role": PartyRole.PARTY}
    )
    if not made:
        return party, []
    services.record_change(
        party,
        context.user,
        "create",
        context.channel,
        {"partner": [None, str(partner)]},
        context.comment,
    )
    return party, [(party, True, None)]


def uncertain_note(record, values, context) -> list:
    """Dates marked "?" in the file are kept, and said to be uncertain in a note on the
    record (of the record's classification)."""
    names = values.get("_uncertain") or []
    if not names:
        return []
    labels = ", ".join(
        str(record._meta.get_field(n).verbose_name) for n in names if _has_field(record, n)
    )
    note = Note(
        record=record,
        text=gettext("Uncertain in the imported file: %(dates)s.")
        % {"dates": labels or ", ".join(names)},
        classification=record.classification,
    )
    services.save(note, context.user, channel=context.channel, comment=context.comment)
    return [(note, True, None)]


def _has_field(record, name) -> bool:
    try:
        record._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


# Treaty actions --------------------------------------------------------------------------

# A date column per action: one row of a register gives a party's signature, ratification,
# entry into force... of one agreement.
ACTION_COLUMNS = {
    "signature": (TreatyActionKind.SIGNATURE, ("sign", "التوقيع")),
    "ratification": (TreatyActionKind.RATIFICATION, ("rat", "ratified", "التصديق")),
    "acceptance": (TreatyActionKind.ACCEPTANCE, ("القبول",)),
    "approval": (TreatyActionKind.APPROVAL, ("الموافقة",)),
    "accession": (TreatyActionKind.ACCESSION, ("succession", "الانضمام")),
    "notification": (TreatyActionKind.NOTIFICATION, ("الإخطار",)),
    "entry_into_force": (TreatyActionKind.ENTRY_INTO_FORCE, ("force", "eif", "النفاذ")),
    "withdrawal": (TreatyActionKind.WITHDRAWAL, ("end", "denunciation", "الانسحاب")),
}


class TreatyActions(Kind):
    """Treaty actions of one party to one agreement (found by its reference): a date
    column per action. Each action is found again by agreement, party, action and date."""

    name = ImportKind.TREATY_ACTIONS
    models = (Agreement,)
    columns = (
        Column(
            "agreement",
            _("agreement (reference number)"),
            required=True,
            headers=(
                "reference",
                "treaty",
                "treaty_id",
                "treatyid",
                "manyid",
                "gengid",
                "id",
                "الاتفاقية",
                "المرجع",
            ),
        ),
        Column(
            "party",
            _("party"),
            PARTNER,
            required=True,
            headers=("state", "country", "partner", "stateid", "الطرف", "الدولة"),
            partner_kind=None,
        ),
    ) + tuple(
        Column(name, TreatyActionKind(kind).label, DATE, headers=headers)
        for name, (kind, headers) in ACTION_COLUMNS.items()
    )

    def find(self, values, context):
        agreement = context.lookup(Agreement, reference=values.get("agreement") or "")
        values["_agreement"] = agreement
        if agreement is None:
            return None
        wanted = self._actions(values)
        existing = set(
            TreatyAction.objects.filter(
                agreement=agreement, party__partner_id=values.get("party")
            ).values_list("kind", "date")
        )
        return agreement if wanted and wanted <= existing else None

    def check(self, values, context, record) -> str | None:
        if values.get("_agreement") is None and values.get("agreement"):
            return gettext(
                "No agreement has the reference “%(reference)s”: import the agreements first."
            ) % {"reference": values["agreement"]}
        if not self._actions(values):
            return gettext("No date of any treaty action in this row.")
        return None

    def differs(self, record, values) -> bool:
        return False  # found means every action is recorded already

    @staticmethod
    def _actions(values) -> set:
        return {
            (kind, values[name]) for name, (kind, _h) in ACTION_COLUMNS.items() if values.get(name)
        }

    def write(self, values, record, context) -> list:
        agreement = values["_agreement"]
        party, written = party_of(agreement, values["party"], context)
        for kind, on in sorted(self._actions(values), key=lambda pair: pair[1]):
            if TreatyAction.objects.filter(party=party, kind=kind, date=on).exists():
                continue
            action = TreatyAction(agreement=agreement, party=party, kind=kind, date=on)
            services.save(action, context.user, channel=context.channel, comment=context.comment)
            written.append((action, True, None))
        agreement_services.refresh_dates(agreement)
        return written
