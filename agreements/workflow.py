"""The lifecycle of an agreement: which status may follow which, and who may move it.

The table is the whole policy: a transition not listed here is refused, and so is one made
by a role that is not listed for it.
"""

from dataclasses import dataclass

from agreements.choices import Status
from core.choices import Role

DRAFTERS = frozenset({Role.OFFICER, Role.LEGAL_ADVISER, Role.MANAGER, Role.ADMINISTRATOR})
MANAGERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
LEGAL = frozenset({Role.LEGAL_ADVISER})


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset
    comment_required: bool = False


TRANSITIONS = [
    Transition(Status.PROPOSAL, Status.DRAFTING, DRAFTERS),
    Transition(Status.DRAFTING, Status.NEGOTIATION, DRAFTERS),
    Transition(Status.NEGOTIATION, Status.DRAFTING, DRAFTERS, comment_required=True),
    Transition(Status.DRAFTING, Status.LEGAL_REVIEW, DRAFTERS),
    Transition(Status.NEGOTIATION, Status.LEGAL_REVIEW, DRAFTERS),
    # Sent back by the legal adviser (or withdrawn by the desk) with the reasons.
    Transition(Status.LEGAL_REVIEW, Status.NEGOTIATION, DRAFTERS, comment_required=True),
    # Approval for signature: a manager, once a legal adviser has passed the review.
    Transition(Status.LEGAL_REVIEW, Status.APPROVED, MANAGERS),
    Transition(Status.APPROVED, Status.NEGOTIATION, MANAGERS, comment_required=True),
    Transition(Status.APPROVED, Status.SIGNED, DRAFTERS),
    Transition(Status.SIGNED, Status.IN_FORCE, DRAFTERS),
    Transition(Status.IN_FORCE, Status.EXPIRED, MANAGERS, comment_required=True),
    Transition(Status.IN_FORCE, Status.TERMINATED, MANAGERS, comment_required=True),
    Transition(Status.IN_FORCE, Status.SUPERSEDED, MANAGERS, comment_required=True),
    Transition(Status.SIGNED, Status.TERMINATED, MANAGERS, comment_required=True),
    # Abandoned before signature.
    *[
        Transition(status, Status.TERMINATED, MANAGERS, comment_required=True)
        for status in (
            Status.PROPOSAL,
            Status.DRAFTING,
            Status.NEGOTIATION,
            Status.LEGAL_REVIEW,
            Status.APPROVED,
        )
    ],
]
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


def find(source: str, target: str) -> Transition | None:
    return _BY_PAIR.get((source, target))


def targets(source: str) -> list[Transition]:
    """The transitions the table allows from `source`, in table order."""
    return [t for t in TRANSITIONS if t.source == source]


def roles_of(user) -> set[str]:
    """The user's roles, from their groups (cached on the user for the request)."""
    from core.permissions import has_role

    has_role(user)  # fills the cache
    return set(getattr(user, "_accord_roles", set()))
