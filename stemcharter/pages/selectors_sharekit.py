"""Read queries of a signatory's share kit (issue 14): its badge, its widget and its certificate.

The badge and the widget are embedded on other sites, so each is one or two small queries
whatever the number of actions or signatories (tests: pages/tests/test_sharekit_*.py). Each
returns ``None`` for an organisation that is not a public signatory.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, F, When

from stemcharter.actions.models import Action
from stemcharter.charter.selectors import signatory_list
from stemcharter.organisations.models import Organisation

# The widget lists at most this many current actions (the soonest first).
WIDGET_ACTIONS = 10


def _signatory(slug: str) -> Organisation | None:
    return Organisation.objects.signatories().filter(slug=slug).only("pk", "name", "slug").first()


def signatory_badge_data(*, slug: str) -> dict | None:
    """What the badge of the public signatory ``slug`` shows: ``organisation`` (name and slug
    only) and ``action_count``, the number of its published actions (as organiser or
    partner, past ones too). Two queries."""
    organisation = _signatory(slug)
    if organisation is None:
        return None
    count = Action.objects.published().involving(organisation).count()
    return {"organisation": organisation, "action_count": count}


def signatory_widget_data(*, slug: str, today: date) -> dict | None:
    """What the widget of the public signatory ``slug`` lists: ``organisation``, ``actions``
    (its current published actions, as organiser or partner: on request, or not over on
    ``today``; the soonest first, at most ``WIDGET_ACTIONS``) and ``more`` (whether it has
    more). Two queries."""
    organisation = _signatory(slug)
    if organisation is None:
        return None
    actions = list(
        Action.objects.published()
        .involving(organisation)
        .current(today)
        .only("pk", "title", "slug", "timing", "start_date", "end_date", "revision_of_id")
        .order_by(
            Case(When(timing=Action.Timing.ON_REQUEST, then=1), default=0),
            F("start_date").asc(nulls_last=True),
            "title",
            "pk",
        )[: WIDGET_ACTIONS + 1]
    )
    return {
        "organisation": organisation,
        "actions": actions[:WIDGET_ACTIONS],
        "more": len(actions) > WIDGET_ACTIONS,
    }


@dataclass(frozen=True)
class CertificateData:
    """What the certificate of a signatory says."""

    name: str
    slug: str
    signed_at: datetime | None
    charter_version_number: int
    charter_version_title: str


def signatory_certificate_data(*, slug: str) -> CertificateData | None:
    """The public signatory ``slug`` with its approved signature's date and charter version
    (number and title), for its certificate. One query."""
    row = (
        signatory_list()
        .filter(slug=slug)
        .annotate(charter_version_title=F("signatures__charter_version__title"))
        .values("name", "slug", "signed_at", "charter_version_number", "charter_version_title")
        .first()
    )
    return CertificateData(**row) if row else None
