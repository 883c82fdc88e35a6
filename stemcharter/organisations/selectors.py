"""Read queries for organisations: sectors, subregions, the portal's invitations and join
requests, the search of an organisation by its name in the public lists' filters. The public
directory of signatories is the charter's (``charter.selectors``)."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import get_language, ngettext

from stemcharter.common.fragments import PAGE_DATA_CACHE, until_content_changes
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import Sector

from .models import DoNotContact, Invitation, JoinRequest, Organisation
from .validators import normalise_name


def _sort_key(text: str) -> str:
    """Case and accents ignored, so that "Élan" sorts with the E's (the lists are short)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sector_list() -> list[Sector]:
    """All sectors, sorted by their name in the current language (also the filter's choices).
    Kept until public content changes (``common.fragments.until_content_changes``)."""
    return until_content_changes(
        "sectors",
        lambda: sorted(Sector.objects.all(), key=lambda sector: _sort_key(sector.name)),
        get_language(),
        store=PAGE_DATA_CACHE,
    )


def subregion_list() -> list[Subregion]:
    """All subregions with their province, in province order (for grouped filters). Kept until
    public content changes (``common.fragments.until_content_changes``)."""
    return until_content_changes(
        "subregions", lambda: list(Subregion.objects.with_province()), store=PAGE_DATA_CACHE
    )


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


# The pause after a declined request to join (``services.join_request_create``).
JOIN_REQUEST_RETRY_DAYS = 30


def join_request_retry_date(*, organisation: Organisation, user) -> date | None:
    """The day from which someone whose request to join ``organisation`` was declined may ask
    again (JOIN_REQUEST_RETRY_DAYS after the decline), if still ahead; else None."""
    since = timezone.now() - timedelta(days=JOIN_REQUEST_RETRY_DAYS)
    declined_at = (
        organisation.join_requests.filter(
            user=user, status=JoinRequest.Status.DECLINED, decided_at__gt=since
        )
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    if declined_at is None:
        return None
    return timezone.localdate(declined_at + timedelta(days=JOIN_REQUEST_RETRY_DAYS))


def join_request_retry_rule() -> str:
    """The pause after a declined request to join in words, with its number of days
    (JOIN_REQUEST_RETRY_DAYS), for wherever the day of ``join_request_retry_date`` is shown
    (the page to ask to join, the refusal of ``services.join_request_create``), which
    otherwise only names a day. In the current language."""
    return ngettext(
        "You can ask to join an organisation again %(days)s day after an admin declined your "
        "request.",
        "You can ask to join an organisation again %(days)s days after an admin declined your "
        "request.",
        JOIN_REQUEST_RETRY_DAYS,
    ) % {"days": JOIN_REQUEST_RETRY_DAYS}


def organisation_name_condition(text: str) -> Q:
    """Organisations whose name contains ``text``, folded as in the directory's search (case,
    accents, punctuation and legal forms), so "cafe" finds "Café bvba"."""
    condition = Q(name__icontains=text.strip())
    words = normalise_name(text)
    if words:
        condition |= Q(normalised_name__contains=words)
    return condition


def organisations_filtered(*, text: str, named: Organisation | None) -> QuerySet[Organisation]:
    """The organisations a list's organisation filter stands for, as a subquery of their
    primary keys: the one ``organisation_match`` found by its slug (``named``), else every
    organisation whose name matches ``text`` (``organisation_name_condition``)."""
    condition = Q(pk=named.pk) if named is not None else organisation_name_condition(text)
    return Organisation.objects.filter(condition).values("pk")


def organisation_match(
    candidates: QuerySet[Organisation], *, text: str
) -> tuple[bool, Organisation | None]:
    """What a list's organisation filter means by ``text``, in one query.

    Returns whether one of ``candidates`` (the organisations the list can show, such as the
    organisers of published actions) matches by slug or by name
    (``organisation_name_condition``), and that organisation when ``text`` is its slug (links
    from a signatory page), else ``None`` (a search in the names).
    """
    found = (
        candidates.filter(Q(slug=text) | organisation_name_condition(text))
        .annotate(
            is_named=Case(
                When(slug=text, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-is_named", "pk")
        .only("pk", "slug", "name")
        .first()
    )
    if found is None:
        return False, None
    return True, found if found.is_named else None


def invitation_repeat_from(created_at) -> date:
    """The first day an address invited at ``created_at`` may be invited again
    (settings.INVITATION_REPEAT_DAYS later, in the local calendar): the rule of
    ``services.invitation_guard``, shared so the lists offer "invite again" only when it can
    succeed."""
    return timezone.localdate(created_at) + timedelta(days=settings.INVITATION_REPEAT_DAYS)


def invitations_mark_invite_again(
    invitations: Iterable[Invitation], *, organisation: Organisation, kind: str
) -> None:
    """Set on each ended invitation of ``invitations`` (expired or revoked,
    ``Invitation.is_ended``; of ``organisation``, all of ``kind``) whether its address can be
    invited again today, by the anti-abuse rules of ``services.invitation_guard`` (two
    queries, whatever the number of invitations):

    - ``invite_again_refused``: True when the address is on the do-not-contact list;
    - ``invite_again_from``: the first day a new invitation can be sent, when that is after
      today (the address was invited less than settings.INVITATION_REPEAT_DAYS ago), else None;
    - ``invited_again_on``: the day ``organisation`` sent a newer invitation (of ``kind``) to
      the same address, else None: that row then offers nor promises a new one (the newer
      row is the one to follow; "Invite again" once left the old row saying "you can invite
      this address again from …" beside the invitation just sent).

    Invitations that have not ended get these attributes too (False, None, None).
    """
    invitations = list(invitations)
    for invitation in invitations:
        invitation.invite_again_refused = False
        invitation.invite_again_from = None
        invitation.invited_again_on = None
    _mark_invite_again(
        [invitation for invitation in invitations if invitation.is_ended],
        organisation=organisation,
        kind=kind,
    )


def _mark_invite_again(
    invitations: list[Invitation], *, organisation: Organisation, kind: str
) -> None:
    """Set ``invite_again_refused`` and ``invite_again_from`` (see
    ``invitations_mark_invite_again``) on every one of ``invitations``, whatever its status."""
    if not invitations:
        return
    emails = {invitation.email.lower() for invitation in invitations}
    refused = {
        email.lower()
        for email in DoNotContact.objects.filter(email__in=emails).values_list("email", flat=True)
    }
    since = timezone.now() - timedelta(days=settings.INVITATION_REPEAT_DAYS)
    # One query for both rules: the pause (recent invitations, by any organisation for an
    # invitation to sign) and the newer invitations of this organisation (any age).
    related = Invitation.objects.filter(kind=kind).filter(
        reduce(or_, (Q(email__iexact=email) for email in emails))
    )
    if kind == Invitation.Kind.COLLEAGUE:
        related = related.filter(organisation=organisation)
    else:
        related = related.filter(Q(created_at__gt=since) | Q(organisation=organisation))
    last: dict[str, Any] = {}
    own: dict[str, list[tuple[Any, int]]] = {}
    for pk, email, created_at, organisation_id in related.values_list(
        "pk", "email", "created_at", "organisation_id"
    ):
        key = email.lower()
        if created_at > since and (key not in last or created_at > last[key]):
            last[key] = created_at
        if organisation_id == organisation.pk:
            own.setdefault(key, []).append((created_at, pk))
    today = timezone.localdate()
    for invitation in invitations:
        key = invitation.email.lower()
        invitation.invite_again_refused = key in refused
        invitation.invite_again_from = None
        newer = [
            created_at
            for created_at, pk in own.get(key, [])
            if pk != invitation.pk and created_at > invitation.created_at
        ]
        invitation.invited_again_on = timezone.localdate(max(newer)) if newer else None
        if key in last:
            again = invitation_repeat_from(last[key])
            invitation.invite_again_from = again if again > today else None


@dataclass(frozen=True)
class InviteAgain:
    """Whether the address of an invitation can be invited again now (``possible``) and, when
    not, why (``reason``) and from which day it can (``from_date``, None: not by waiting).

    Reasons: ``accepted`` (the invitation was used), ``do_not_contact`` (the address asked
    not to be invited), ``invited_again`` (the organisation sent a newer invitation to the
    address; ``from_date``: the day it did), ``open`` (it can still be used; ``from_date``: the
    first day it may have expired with the pause over), ``paused`` (the anti-abuse pause is
    not over).
    """

    possible: bool
    reason: str = ""
    from_date: date | None = None


def invitation_invite_again(invitation: Invitation) -> InviteAgain:
    """Can ``invitation``'s address be invited again now, by the rules of
    ``services.invitation_guard`` and of the lists (``invitations_mark_invite_again``)? Two
    queries at most. A revoked invitation counts as one that expired: revoking does not reset
    the pause."""
    if invitation.status == Invitation.Status.ACCEPTED:
        return InviteAgain(possible=False, reason="accepted")
    _mark_invite_again([invitation], organisation=invitation.organisation, kind=invitation.kind)
    if invitation.invite_again_refused:
        return InviteAgain(possible=False, reason="do_not_contact")
    if invitation.invited_again_on is not None:
        return InviteAgain(
            possible=False, reason="invited_again", from_date=invitation.invited_again_on
        )
    if invitation.status == Invitation.Status.PENDING and not invitation.is_expired:
        until = timezone.localdate(invitation.expires_at)
        paused_until = invitation.invite_again_from or until
        return InviteAgain(possible=False, reason="open", from_date=max(until, paused_until))
    if invitation.invite_again_from is not None:
        return InviteAgain(possible=False, reason="paused", from_date=invitation.invite_again_from)
    return InviteAgain(possible=True)


def invitation_pause_rule(*, kind: str) -> str:
    """The anti-abuse pause of ``services.invitation_guard`` in words, for the pages where it
    applies (the invitation forms and lists, which otherwise only name a day); empty when
    settings.INVITATION_REPEAT_DAYS is 0 (no pause)."""
    days = settings.INVITATION_REPEAT_DAYS
    if not days:
        return ""
    if kind == Invitation.Kind.COLLEAGUE:
        text = ngettext(
            "Your organisation can invite an address again %(days)s day after it last invited "
            "it, whatever became of that invitation.",
            "Your organisation can invite an address again %(days)s days after it last invited "
            "it, whatever became of that invitation.",
            days,
        )
    else:
        text = ngettext(
            "An address can be invited to sign again %(days)s day after its last invitation to "
            "sign, by any organisation, whatever became of that invitation.",
            "An address can be invited to sign again %(days)s days after its last invitation to "
            "sign, by any organisation, whatever became of that invitation.",
            days,
        )
    return text % {"days": days}
