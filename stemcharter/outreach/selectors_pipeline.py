"""Read queries of the outreach pipeline (issue 14, lane pipeline): the back office's list of
prospects, its counts and CSV download, and what a prospect's page shows beside it."""

import datetime
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stemcharter.accounts.models import User
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.models import Invitation
from stemcharter.organisations.validators import format_enterprise_number, normalise_name

from .models import Prospect, ProspectGroup

# ``?sort=``: the list's orders (a value not here: by name). Each ends on the primary key, so a
# page of results is stable.
PROSPECT_SORTS = {
    "name": ["name", "pk"],
    "-name": ["-name", "-pk"],
    "status": ["status", "name", "pk"],
    "-status": ["-status", "name", "pk"],
    "next": [F("next_step_on").asc(nulls_last=True), "name", "pk"],
    "-next": [F("next_step_on").desc(nulls_last=True), "name", "pk"],
}
NEXT_STEP_DAYS = 7
NOBODY = "nobody"
CLOSED_STATUSES = (Prospect.Status.SIGNED, Prospect.Status.DECLINED)


def prospect_list() -> QuerySet[Prospect]:
    """Every prospect with its owner and signatory (the list shows them) and groups."""
    return Prospect.objects.select_related("owner", "organisation").prefetch_related("groups")


def prospect_sorted(prospects: QuerySet[Prospect], sort: str) -> QuerySet[Prospect]:
    return prospects.order_by(*PROSPECT_SORTS.get(sort, PROSPECT_SORTS["name"]))


def prospect_status_counts(prospects: QuerySet[Prospect]) -> list[dict]:
    """How many of ``prospects`` have each status (one query), in the statuses' order:
    ``{"value", "label", "count"}`` each."""
    counts = dict(prospects.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Prospect.Status.choices
    ]


def prospect_search(text: str) -> Q:
    """A prospect whose name, other name, notes, contact address or enterprise number holds
    ``text`` (the name also without accents, case or legal form)."""
    condition = (
        Q(name__icontains=text)
        | Q(also_known_as__icontains=text)
        | Q(notes__icontains=text)
        | Q(next_step__icontains=text)
        | Q(contact_email__icontains=text)
    )
    normalised = normalise_name(text)
    if normalised:
        condition |= Q(normalised_name__contains=normalised) | Q(
            normalised_also_known_as__contains=normalised
        )
    digits = "".join(character for character in text if character.isdigit())
    if len(digits) >= 4:
        condition |= Q(enterprise_number__contains=digits)
    return condition


def prospect_next_step(prospects: QuerySet[Prospect], when: str) -> QuerySet[Prospect]:
    """``overdue``: open prospects whose next step's day has passed; ``week``: those whose
    next step is today or in the next ``NEXT_STEP_DAYS`` days."""
    today = timezone.localdate()
    if when == "overdue":
        return prospects.filter(next_step_on__lt=today).exclude(status__in=CLOSED_STATUSES)
    if when == "week":
        return prospects.filter(
            next_step_on__gte=today, next_step_on__lte=today + datetime.timedelta(NEXT_STEP_DAYS)
        ).exclude(status__in=CLOSED_STATUSES)
    return prospects


def prospect_owner_candidates() -> QuerySet[User]:
    """Who may own a prospect: the coordinators (active accounts), and whoever owns one now."""
    owners = Prospect.objects.filter(owner__isnull=False).values("owner_id")
    return User.objects.filter(Q(is_coordinator=True, is_active=True) | Q(pk__in=owners)).order_by(
        "name", "email"
    )


def prospect_owner_choices() -> list[tuple[str, str]]:
    """The owner filter's choices: nobody, then each candidate owner."""
    return [
        (NOBODY, _("Nobody")),
        *((str(user.pk), user.name or user.email) for user in prospect_owner_candidates()),
    ]


def prospect_group_choices() -> list[tuple[str, str]]:
    return [(str(group.pk), group.name) for group in ProspectGroup.objects.order_by("name")]


def prospect_export_header() -> list[str]:
    """The column names of ``prospect_export_rows``, in the current language."""
    return [
        _("Organisation"),
        _("Also known as"),
        _("Status"),
        _("Proposed under"),
        _("Owner"),
        _("Next step"),
        _("Next step on"),
        _("Contact email address"),
        _("Enterprise number"),
        _("Signatory"),
        _("Signed at"),
        _("Notes"),
    ]


def prospect_export_rows(prospects: QuerySet[Prospect]) -> Iterator[list]:
    """One row per prospect of the list, in its order, for the CSV download (read in chunks:
    a constant number of queries per 500 prospects)."""
    for prospect in prospects.iterator(chunk_size=500):
        yield [
            prospect.name,
            prospect.also_known_as,
            str(prospect.get_status_display()),
            ", ".join(group.name for group in prospect.groups.all()),
            (prospect.owner.name or prospect.owner.email) if prospect.owner else "",
            prospect.next_step,
            prospect.next_step_on.isoformat() if prospect.next_step_on else "",
            prospect.contact_email,
            format_enterprise_number(prospect.enterprise_number),
            prospect.organisation.name if prospect.organisation else "",
            timezone.localtime(prospect.signed_at).date().isoformat() if prospect.signed_at else "",
            prospect.notes,
        ]


def prospect_get(*, pk: int) -> Prospect:
    """One prospect with what its page shows; raises Prospect.DoesNotExist."""
    return prospect_list().get(pk=pk)


INVITATIONS_SHOWN = 50


def prospect_invitations(prospect: Prospect) -> list[Invitation]:
    """The invitations to sign that name ``prospect``: sent to its contact address, or to an
    organisation whose name (normalised) is its name or other name; newest first."""
    keys = {key for key in (prospect.normalised_name, prospect.normalised_also_known_as) if key}
    condition = Q(pk__in=[])
    if prospect.contact_email:
        condition |= Q(email__iexact=prospect.contact_email)
    for key in keys:
        # A first cut in the database (a word of the name), the exact match below.
        condition |= Q(invitee_organisation_name__icontains=max(key.split(), key=len))
    candidates = (
        Invitation.objects.filter(condition, kind=Invitation.Kind.SIGNING)
        .select_related("organisation", "invited_by")
        .order_by("-created_at", "-pk")[: INVITATIONS_SHOWN * 4]
    )
    return [
        invitation
        for invitation in candidates
        if normalise_name(invitation.invitee_organisation_name) in keys
        or (prospect.contact_email and invitation.email.lower() == prospect.contact_email.lower())
    ][:INVITATIONS_SHOWN]


def prospect_audit_entries(prospect: Prospect) -> QuerySet[AuditEntry]:
    """What happened to the prospect, newest first."""
    return (
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(Prospect), target_id=str(prospect.pk)
        )
        .select_related("actor", "target_type")
        .order_by("-created_at", "-pk")
    )
