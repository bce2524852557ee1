"""Demo agreements: a realistic spread over the lifecycle, written through the services so
that dates, treaty actions and timelines are what a real record would show. The titles
are plausible but fictional."""

import random
from datetime import date

from django.db import transaction

from agreements import services
from agreements.choices import (
    AgreementType,
    EntryIntoForceRule,
    PartyRole,
    Status,
    TermKind,
    TreatyActionKind,
)
from agreements.models import Agreement, AgreementParty, StatusChange, TreatyAction
from core.choices import ChangeChannel, Classification
from core.models import AreaOfCooperation, OrgUnit
from core.services import save
from core.text import normalize
from partners.choices import PartnerKind
from partners.models import Partner

# reference, type, English title, Arabic title, counterpart (ISO code or acronym), desk,
# status, signature date, term (kind, length, renewal, notice months, review years),
# entry-into-force rule, classification, areas
DEMO = [
    (
        "EG-JP-2019-01",
        AgreementType.MOU,
        "Memorandum of Understanding on Cooperation in the Field of ICT",
        "مذكرة تفاهم للتعاون في مجال الاتصالات وتكنولوجيا المعلومات",
        "JP",
        "asian-desk",
        Status.IN_FORCE,
        date(2019, 5, 20),
        (TermKind.TACIT_RENEWAL, 5, 2, 6, None),
        EntryIntoForceRule.ON_SIGNATURE,
        Classification.PUBLIC,
        ["digital-skills", "artificial-intelligence"],
    ),
    (
        "EG-KR-2025-03",
        AgreementType.MOU,
        "Memorandum of Understanding on Digital Government Cooperation",
        "مذكرة تفاهم للتعاون في مجال الحكومة الرقمية",
        "KR",
        "asian-desk",
        Status.NEGOTIATION,
        None,
        (TermKind.FIXED, 3, None, None, None),
        EntryIntoForceRule.ON_SIGNATURE,
        Classification.INTERNAL,
        ["e-government"],
    ),
    (
        "EG-IN-2026-01",
        AgreementType.AGREEMENT,
        "Agreement on Cooperation in Electronics Design and Manufacturing",
        "اتفاقية تعاون في مجال تصميم وتصنيع الإلكترونيات",
        "IN",
        "asian-desk",
        Status.LEGAL_REVIEW,
        None,
        (TermKind.TACIT_RENEWAL, 5, 5, 6, None),
        EntryIntoForceRule.LAST_NOTIFICATION,
        Classification.CONFIDENTIAL,
        ["electronics"],
    ),
    (
        "EG-KE-2026-02",
        AgreementType.MOU,
        "Memorandum of Understanding on Digital Skills for Young People",
        "مذكرة تفاهم بشأن المهارات الرقمية للشباب",
        "KE",
        "african-desk",
        Status.DRAFTING,
        None,
        (TermKind.FIXED, 3, None, None, None),
        EntryIntoForceRule.ON_SIGNATURE,
        Classification.INTERNAL,
        ["digital-skills", "digital-inclusion"],
    ),
    (
        "EG-FR-2025-07",
        AgreementType.PROTOCOL,
        "Protocol on Cooperation in Cybersecurity",
        "بروتوكول تعاون في مجال الأمن السيبراني",
        "FR",
        "european-desk",
        Status.SIGNED,
        date(2025, 10, 14),
        (TermKind.UNTIL_NOTICE, None, None, 6, None),
        EntryIntoForceRule.DAYS_AFTER_LAST,
        Classification.CONFIDENTIAL,
        ["cybersecurity"],
    ),
    (
        "EG-SA-2026-04",
        AgreementType.LETTER_OF_INTENT,
        "Letter of Intent on Submarine Cable Connectivity",
        "خطاب نوايا بشأن الربط بالكابلات البحرية",
        "SA",
        "arab-desk",
        Status.APPROVED,
        None,
        (TermKind.FIXED, 2, None, None, None),
        EntryIntoForceRule.ON_SIGNATURE,
        Classification.INTERNAL,
        ["submarine-cables"],
    ),
    (
        "EG-MA-2018-02",
        AgreementType.MOU,
        "Memorandum of Understanding on Spectrum Management",
        "مذكرة تفاهم بشأن إدارة الطيف الترددي",
        "MA",
        "arab-desk",
        Status.IN_FORCE,
        date(2018, 3, 12),
        (TermKind.FIXED, 3, None, None, None),
        EntryIntoForceRule.ON_SIGNATURE,
        Classification.PUBLIC,
        ["spectrum"],
    ),
    (
        "EG-DE-2021-05",
        AgreementType.AGREEMENT,
        "Agreement on Technical Cooperation in Digital Transformation",
        "اتفاقية التعاون الفني في مجال التحول الرقمي",
        "DE",
        "european-desk",
        Status.IN_FORCE,
        date(2021, 6, 2),
        (TermKind.INDEFINITE_REVIEW, None, None, None, 3),
        EntryIntoForceRule.ON_SIGNATURE,
        Classification.PUBLIC,
        ["digital-transformation"],
    ),
]


@transaction.atomic
def load_demo(home, user=None) -> int:
    """Create the demo agreements that are missing (matched by reference). Idempotent."""
    if home is None:
        return 0
    created = 0
    countries = {p.iso_alpha2: p for p in Partner.objects.filter(kind=PartnerKind.COUNTRY)}
    desks = {u.code: u for u in OrgUnit.objects.all()}
    areas = {a.code: a for a in AreaOfCooperation.objects.all()}
    for (
        reference,
        type_,
        title_en,
        title_ar,
        other,
        desk,
        status,
        signed,
        term,
        eif,
        classification,
        area_codes,
    ) in DEMO:
        if Agreement.objects.filter(reference=reference).exists() or other not in countries:
            continue
        kind, length, renewal, notice, review = term
        agreement = Agreement(
            reference=reference,
            type=type_,
            title_en=title_en,
            title_ar=title_ar,
            owner_unit=desks.get(desk),
            signature_date=signed,
            signature_place="Cairo" if signed else "",
            eif_rule=eif,
            eif_days=30 if eif == EntryIntoForceRule.DAYS_AFTER_LAST else None,
            term_kind=kind,
            term_length=length,
            renewal_length=renewal,
            notice_months=notice,
            review_years=review,
            classification=classification,
            status=status,
        )
        save(
            agreement,
            user,
            channel=ChangeChannel.COMMAND,
            m2m={"areas": [areas[c] for c in area_codes if c in areas]},
        )
        parties = [
            AgreementParty.objects.create(agreement=agreement, partner=home, signed_on=signed),
            AgreementParty.objects.create(
                agreement=agreement, partner=countries[other], signed_on=signed
            ),
        ]
        if status == Status.SIGNED and eif == EntryIntoForceRule.DAYS_AFTER_LAST:
            # One party has notified completion of its procedures; the other has not yet.
            TreatyAction.objects.create(
                agreement=agreement,
                party=parties[0],
                kind=TreatyActionKind.NOTIFICATION,
                date=date(2026, 2, 3),
            )
        StatusChange.objects.create(
            agreement=agreement, to_status=status, comment="Recorded from the demo register."
        )
        services.refresh_dates(agreement)
        created += 1
    return created


def load_scale(home, scale: int, seed: int = 2026) -> int:
    """`scale` x 100 synthetic agreements with two parties each, bulk-inserted, for
    benchmarks (dates computed once at the end). Adds only what is missing."""
    rng = random.Random(seed)
    countries = list(
        Partner.objects.filter(kind=PartnerKind.COUNTRY).exclude(pk=home.pk).order_by("iso_alpha2")
    )
    have = Agreement.objects.filter(reference__startswith="SYN-").count()
    statuses, types = list(Status.values), list(AgreementType.values)
    levels = list(Classification.values)
    new = []
    for i in range(have, scale * 100):
        signed = date(2000 + rng.randrange(26), rng.randrange(1, 13), rng.randrange(1, 29))
        title_ar = f"اتفاقية تعاون تجريبية {i:07d}"
        new.append(
            Agreement(
                reference=f"SYN-{i:07d}",
                type=rng.choice(types),
                title_en=f"Synthetic cooperation agreement {i:07d}",
                title_ar=title_ar,
                status=rng.choice(statuses),
                signature_date=signed,
                entry_into_force=signed,
                term_kind=TermKind.TACIT_RENEWAL,
                term_length=5,
                notice_months=6,
                classification=rng.choice(levels),
                search_text=normalize(f"Synthetic cooperation agreement {i:07d} {title_ar}"),
            )
        )
    Agreement.objects.bulk_create(new, batch_size=1000)
    created = Agreement.objects.filter(reference__startswith="SYN-", parties__isnull=True)
    AgreementParty.objects.bulk_create(
        [
            AgreementParty(agreement=a, partner=p, role=PartyRole.PARTY)
            for a in created
            for p in (home, rng.choice(countries))
        ],
        batch_size=2000,
    )
    return len(new)
