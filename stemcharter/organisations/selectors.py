"""Read queries for organisations: sectors, subregions, the portal's invitations and join
requests. The public directory of signatories is the charter's (``charter.selectors``)."""

import unicodedata

from django.db.models import QuerySet
from django.utils import timezone

from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import Sector

from .models import Invitation, JoinRequest


def _sort_key(text: str) -> str:
    """Case and accents ignored, so that "Élan" sorts with the E's (the lists are short)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sector_list() -> list[Sector]:
    """All sectors, sorted by their name in the current language (also the filter's choices)."""
    return sorted(Sector.objects.all(), key=lambda sector: _sort_key(sector.name))


def subregion_list() -> list[Subregion]:
    """All subregions with their province, in province order (for grouped filters)."""
    return list(Subregion.objects.with_province())


def invitations_open_for(*, user) -> QuerySet[Invitation]:
    """Pending, unexpired invitations to the user's email, for organisations they are not in."""
    return (
        Invitation.objects.filter(
            email__iexact=user.email,
            status=Invitation.Status.PENDING,
            expires_at__gt=timezone.now(),
        )
        .exclude(organisation__memberships__user=user)
        .select_related("organisation", "invited_by")
    )


def join_requests_pending_of(*, user) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).select_related(
        "organisation"
    )
