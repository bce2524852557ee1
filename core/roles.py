"""The role groups and the model permissions each one holds."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from core.permissions import ROLE_ACTIONS

# The models that the roles act on. Reference data (areas, org units) is kept in the admin.
ROLE_MODELS = [
    "partners.partner",
    "partners.person",
    "partners.position",
    "core.note",
    "agreements.agreement",
    "agreements.agreementparty",
    "agreements.treatyaction",
    "agreements.agreementrelation",
    "actions.action",
    "documents.document",
    "engagements.meeting",
    "engagements.jointcommittee",
    "engagements.participant",
    "engagements.agendaitem",
    "engagements.decision",
    "multilateral.membership",
    "multilateral.governingbody",
    "multilateral.seat",
    "multilateral.electedpost",
    "multilateral.candidacy",
    "multilateral.contribution",
    "multilateral.nationalposition",
    "initiatives.initiative",
    "initiatives.initiativepartner",
    "initiatives.funding",
    "initiatives.result",
    "initiatives.resultperiod",
    "initiatives.exchangerate",
]


def sync_roles(**kwargs) -> None:
    """Create the role groups and give each exactly its permissions. Safe to run again."""
    models = [m for m in (_model(label) for label in ROLE_MODELS) if m is not None]
    codenames = {
        f"{action}_{m._meta.model_name}"
        for m in models
        for action in ("view", "add", "change", "delete")
    }
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label__in={m._meta.app_label for m in models}, codename__in=codenames
        )
    }
    for role, actions in ROLE_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = [
            perms[f"{a}_{m._meta.model_name}"]
            for m in models
            for a in actions
            if f"{a}_{m._meta.model_name}" in perms
        ]
        group.permissions.set(wanted)


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None
