"""Read queries for signatures and charter versions, mostly for the back office, what makes an
organisation a signatory, and the public directory of signatories."""

import re
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from stemcharter.audit.models import AuditEntry, AuditEntryQuerySet
from stemcharter.common.fragments import with_card_versions
from stemcharter.common.months import month_key, month_keys
from stemcharter.organisations.cards import card_notes_annotate
from stemcharter.organisations.models import Category, Invitation, Membership, Organisation
from stemcharter.organisations.validators import normalise_name
from stemcharter.regions.models import Subregion

from .models import CharterVersion, Commitment, Signature

# Sort keys the lists accept from the URL, mapped to the ORDER BY they mean.
SIGNATURE_SORTS = {
    "submitted": ["submitted_at", "created_at", "pk"],
    "-submitted": ["-submitted_at", "-created_at", "-pk"],
    "organisation": ["organisation__name", "pk"],
    "-organisation": ["-organisation__name", "-pk"],
    "status": ["status", "submitted_at", "pk"],
    "-status": ["-status", "submitted_at", "pk"],
}
ORGANISATION_SORTS = {
    "name": ["name", "pk"],
    "-name": ["-name", "-pk"],
    "created": ["created_at", "pk"],
    "-created": ["-created_at", "-pk"],
}
NO_SIGNATURE = "none"
SIGNATORY_COUNTS_CACHE_KEY = "charter:signatory-counts"
SIGNATORY_COUNTS_CACHE_SECONDS = 60


# A signatory is an organisation with an approved signature: it is shown in public, and its
# members publish actions and stories. This is the one definition. A question about one
# organisation asks ``is_signatory``, a query about many uses ``signatory_exists`` or
# ``Organisation.objects.signatories()`` (which takes ``signatory_condition``: organisations
# lies below the charter, so the charter registers it in ``CharterConfig.ready``).


def signatory_condition() -> Q:
    """Organisations that are signatories, as a join on their signatures: a query that reads
    the approved signature after it (``F("signatures__decided_at")``) reuses that join."""
    return Q(signatures__status=Signature.Status.APPROVED)


def signatory_exists(outer_ref: str = "pk") -> Exists:
    """An annotation or a filter: the organisation (``pk`` of an organisation query, or the
    name of a foreign key to one) is a signatory, so it has a public page."""
    return Exists(Signature.objects.approved().filter(organisation=OuterRef(outer_ref)))


def is_signatory(organisation: Organisation | None) -> bool:
    return (
        organisation is not None
        and Signature.objects.approved().filter(organisation=organisation).exists()
    )


SIGN = "sign"
PORTAL = "portal"


def sign_call_for(user) -> str:
    """What the site's "Sign the charter" buttons offer ``user``: ``SIGN`` to a visitor and to
    someone none of whose organisations signed or is signing (they may sign for a new one);
    ``PORTAL`` to a member of an organisation that did (their portal instead); nothing ("") to
    the back office, which does not sign."""
    if not user.is_authenticated:
        return SIGN
    if user.is_backoffice_user:
        return ""
    signing = Signature.objects.filter(
        Q(status=Signature.Status.APPROVED) | Q(status__in=Signature.OPEN_STATUSES),
        organisation__memberships__user=user,
    )
    return PORTAL if signing.exists() else SIGN


# The public directory of signatories (/ondertekenaars/ and each signatory's page).


def signatory_list() -> QuerySet[Organisation]:
    """Public signatories with what a card needs, in a constant number of queries.

    ``signed_at`` and ``charter_version_number`` come from the approved signature: an annotation
    after ``signatories()`` reuses its filtered join, and the database allows one approved
    signature per organisation, so there is exactly one row per organisation. Filter on other
    multi-valued relations with ``Exists`` (not a join) to keep it so. The notes the apps above
    add to a card (``organisations.cards``, such as "Did not report on 2025") are annotated
    too, as subqueries of the same query.
    """
    return card_notes_annotate(
        Organisation.objects.signatories()
        .annotate(
            signed_at=F("signatures__decided_at"),
            charter_version_number=F("signatures__charter_version__number"),
        )
        .select_related("sector")
    )


def _subregions() -> Prefetch:
    return Prefetch("subregions", queryset=Subregion.objects.order_by("name_nl"))


def signatory_card_list(organisations) -> list[Organisation]:
    """``organisations`` (loaded with ``signatory_list``) as a list ready for cards: the
    regions prefetched, and each card's key (``Organisation.card_version``) computed from
    them (``common.fragments.with_card_versions``)."""
    return with_card_versions(organisations, _subregions())


def signatory_get(*, slug: str) -> Organisation:
    """One public signatory by slug, with its regions; raises ``Organisation.DoesNotExist``
    for any other."""
    return signatory_list().prefetch_related(_subregions()).get(slug=slug)


def signatory_commitments(*, organisation: Organisation) -> list[Commitment]:
    """The commitments of the organisation's approved signature, with their action types."""
    return list(
        Commitment.objects.filter(
            signature__organisation=organisation,
            signature__status=Signature.Status.APPROVED,
        ).prefetch_related("action_types")
    )


def signatory_latest(*, limit: int = 6) -> list[Organisation]:
    """The ``limit`` most recent signatories (newest approval first), as ``signatory_list``."""
    return signatory_card_list(signatory_list().order_by("-signed_at", "name", "pk")[:limit])


def _counts_per_category(queryset: QuerySet[Organisation]) -> dict[str, int]:
    return dict(
        queryset.order_by()
        .values_list("category")
        .annotate(n=Count("pk", distinct=True))
        .values_list("category", "n")
    )


def signatory_counts_forget() -> None:
    """Drop the cached counts of all signatories (``receivers``: a signature or an
    organisation was saved or deleted)."""
    cache.delete(SIGNATORY_COUNTS_CACHE_KEY)


def signatory_counts(*, queryset: QuerySet[Organisation] | None = None) -> dict:
    """Number of signatories per category, with labels, and the total.

    Counts all public signatories, or those in ``queryset`` (for example the current search
    without its category filter, so each category shows how many a click would add). The
    counts of all signatories (the home page) come from the cache: a count over every
    signature is the home page's slowest query; saving or deleting a signature or an
    organisation forgets them, and they expire after ``SIGNATORY_COUNTS_CACHE_SECONDS`` anyway
    (a change that no signal reports, such as a bulk update, shows within that time).
    """
    if queryset is None:
        rows = cache.get(SIGNATORY_COUNTS_CACHE_KEY)
        if rows is None:
            rows = _counts_per_category(Organisation.objects.signatories())
            cache.set(SIGNATORY_COUNTS_CACHE_KEY, rows, SIGNATORY_COUNTS_CACHE_SECONDS)
    else:
        rows = _counts_per_category(queryset)
    per_category = [
        {"value": value, "label": label, "count": rows.get(value, 0)}
        for value, label in Category.choices
    ]
    return {"total": sum(rows.values()), "per_category": per_category}


def portal_memberships(*, user) -> QuerySet[Membership]:
    """The user's memberships (organisation and sector joined), by organisation name, each
    organisation with its signatures newest first in ``portal_signatures`` (the portal home)."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__sector")
        .prefetch_related(
            Prefetch(
                "organisation__signatures",
                queryset=Signature.objects.select_related("charter_version").order_by(
                    "-created_at", "-pk"
                ),
                to_attr="portal_signatures",
            )
        )
        .order_by("organisation__name")
    )


def signature_list(
    *, status: str = "", query: str = "", sort: str = "submitted", reviewer=None
) -> QuerySet[Signature]:
    """Signatures for the review queue: by status (empty for all), organisation name search.

    With ``reviewer``, the signatures of their own organisations are left out, in every
    status: they may not decide on those (``charter.review_signature``), so the queue does not
    offer them (the rule of the review queue of actions and stories).
    """
    signatures = Signature.objects.select_related("organisation", "signer", "charter_version")
    if reviewer is not None:
        signatures = signatures.without_conflict_of_interest(reviewer)
    if status:
        signatures = signatures.filter(status=status)
    if query:
        signatures = signatures.filter(_organisation_search(query, prefix="organisation__"))
    return signatures.order_by(*SIGNATURE_SORTS.get(sort, SIGNATURE_SORTS["submitted"]))


def signature_counts() -> dict[str, int]:
    """The numbers on the back-office home page."""
    per_status = dict(
        Signature.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "submitted": per_status.get(Signature.Status.SUBMITTED, 0),
        "awaiting_email": per_status.get(Signature.Status.AWAITING_EMAIL, 0),
        "signatories": Organisation.objects.signatories().count(),
        "organisations": Organisation.objects.count(),
    }


def signature_queue_oldest(*, limit: int = 5, reviewer=None) -> list[Signature]:
    """The oldest signatures waiting for a decision (for ``reviewer``: see signature_list)."""
    return list(signature_list(status=Signature.Status.SUBMITTED, reviewer=reviewer)[:limit])


def signature_get(*, pk: int) -> Signature:
    """One signature with everything its review page shows. Raises Signature.DoesNotExist."""
    return (
        Signature.objects.select_related(
            "organisation",
            "organisation__sector",
            "signer",
            "charter_version",
            "decided_by",
            "referred_by",  # who brought it in (issue 14)
            "invitation",
        )
        .prefetch_related("commitments__action_types", "organisation__subregions")
        .get(pk=pk)
    )


def signature_history(*, organisation: Organisation) -> QuerySet[Signature]:
    """All signatures of one organisation, newest first."""
    return (
        Signature.objects.filter(organisation=organisation)
        .select_related("charter_version", "decided_by")
        .order_by("-created_at", "-pk")
    )


def signature_audit_entries(*, signature: Signature) -> AuditEntryQuerySet:
    """The audit trail of a signature and of its organisation, newest first."""
    return (
        AuditEntry.objects.for_object(signature)
        | AuditEntry.objects.for_object(signature.organisation)
    ).select_related("actor", "target_type")


def organisation_audit_entries(*, organisation: Organisation) -> AuditEntryQuerySet:
    """The audit trail of an organisation and of all its signatures, newest first."""
    signature_ids = [str(pk) for pk in organisation.signatures.values_list("pk", flat=True)]
    entries = AuditEntry.objects.for_object(organisation) | AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Signature), target_id__in=signature_ids
    )
    return entries.select_related("actor", "target_type")


def organisation_list(
    *, query: str = "", category: str = "", signature_status: str = "", sort: str = "name"
) -> QuerySet[Organisation]:
    """All organisations with the status of their latest signature (``latest_status``)."""
    latest = Signature.objects.filter(organisation=OuterRef("pk")).order_by("-created_at", "-pk")
    organisations = Organisation.objects.select_related("sector").annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_signature_pk=Subquery(latest.values("pk")[:1]),
        member_count=Count("memberships", distinct=True),
    )
    if query:
        organisations = organisations.filter(_organisation_search(query))
    if category:
        organisations = organisations.filter(category=category)
    if signature_status == NO_SIGNATURE:
        organisations = organisations.filter(latest_status__isnull=True)
    elif signature_status:
        organisations = organisations.filter(latest_status=signature_status)
    return organisations.order_by(*ORGANISATION_SORTS.get(sort, ORGANISATION_SORTS["name"]))


def organisation_export_rows(organisations: QuerySet[Organisation]) -> Iterator[list]:
    """One row per organisation of ``organisation_list(...)``, in its order, for the CSV
    download: the columns of ``ORGANISATION_EXPORT_HEADER``. Read in chunks (a constant number
    of queries per 500 organisations), so the whole list is never in memory."""
    status_labels = dict(Signature.Status.choices)
    subregions = Prefetch("subregions", queryset=Subregion.objects.order_by("name_nl"))
    for organisation in organisations.prefetch_related(subregions).iterator(chunk_size=500):
        yield [
            organisation.name,
            organisation.enterprise_number_display,
            organisation.get_category_display(),
            organisation.sector.name if organisation.sector else "",
            organisation.town,
            ", ".join(subregion.name for subregion in organisation.subregions.all()),
            organisation.website,
            organisation.member_count,
            str(status_labels.get(organisation.latest_status, "")),
            organisation.created_at.astimezone(timezone.get_current_timezone()).date().isoformat(),
        ]


def organisation_export_header() -> list[str]:
    """The column names of ``organisation_export_rows``, in the current language."""
    return [
        _("Name"),
        _("Enterprise number"),
        _("Category"),
        _("Sector"),
        _("Town or municipality"),
        _("Subregions"),
        _("Website"),
        _("Members"),
        _("Latest signature"),
        _("Registered at"),
    ]


def _organisation_search(query: str, *, prefix: str = "") -> Q:
    """Match a name (also without accents or legal form) or an enterprise number."""
    condition = Q(**{f"{prefix}name__icontains": query})
    normalised = normalise_name(query)
    if normalised:
        condition |= Q(**{f"{prefix}normalised_name__contains": normalised})
    digits = re.sub(r"\D", "", query)
    if len(digits) >= 4:
        condition |= Q(**{f"{prefix}enterprise_number__contains": digits})
    return condition


def charter_version_list() -> QuerySet[CharterVersion]:
    return (
        CharterVersion.objects.select_related("published_by")
        .annotate(
            signature_count=Count("signatures", distinct=True),
            approved_count=Count(
                "signatures", filter=Q(signatures__status=Signature.Status.APPROVED), distinct=True
            ),
        )
        .order_by("-number")
    )


def charter_version_signature_counts(*, version: CharterVersion) -> list[dict]:
    """Signatures of one version per status, with labels, in the order of the statuses."""
    rows = dict(
        version.signatures.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [
        {"value": value, "label": label, "count": rows.get(value, 0)}
        for value, label in Signature.Status.choices
    ]


# --- signing (issue 14: signing through an invitation) ---


# What an invitation's token can be (``secrets.token_urlsafe``; the column holds 64).
INVITATION_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def signing_invitation_get(*, token: str) -> Invitation | None:
    """The invitation to sign with this token (kind SIGNING, whatever its status), with its
    organisation and inviter; None for an unknown token or a colleague's invitation, and
    without a query for what cannot be a token (a NUL byte would be an error on PostgreSQL)."""
    if not INVITATION_TOKEN_RE.fullmatch(token):
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token=token, kind=Invitation.Kind.SIGNING)
        .first()
    )


def invitation_organisation(*, invitation_id: int) -> Organisation | None:
    """The organisation that sent the invitation to sign ``invitation_id`` (None if gone)."""
    return Organisation.objects.filter(
        invitations__pk=invitation_id, invitations__kind=Invitation.Kind.SIGNING
    ).first()


# --- end of signing ---
# --- snowball ---
# The snowball (/sneeuwbal/, issue 14): how the movement grew and who brought whom in, from the
# approved signatures (one per signatory) in two queries whatever their number.

REFERRAL_INVITATION = "invitation"  # Signature.referral_channel of a signing by invitation


def snowball_signatories() -> list[dict]:
    """Every public signatory once, first approved first (one query): ``id``, ``name``,
    ``slug``, ``category``, ``signed_at`` (the approval, an aware datetime),
    ``referred_by_id`` and ``referral_channel`` as the signature has them (the referrer may
    be no public signatory: ``snowball_referrals`` leaves such a link out)."""
    rows = (
        Signature.objects.approved()
        .order_by("decided_at", "pk")
        .values_list(
            "organisation_id",
            "organisation__name",
            "organisation__slug",
            "organisation__category",
            "decided_at",
            "referred_by_id",
            "referral_channel",
        )
    )
    keys = ("id", "name", "slug", "category", "signed_at", "referred_by_id", "referral_channel")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def snowball_growth(*, signatories: list[dict], today) -> list[dict]:
    """The number of signatories per month (Brussels time), from the month of the first
    approval to ``today``'s month, gaps filled: ``month`` ("YYYY-MM"), ``new`` (approved that
    month) and ``total`` (approved until the end of that month). No query."""
    if not signatories:
        return []
    new: dict[str, int] = {}
    for row in signatories:
        month = month_key(row["signed_at"])
        new[month] = new.get(month, 0) + 1
    last = max(max(new), f"{today.year:04d}-{today.month:02d}")
    total = 0
    growth = []
    for month in month_keys(min(new), last):
        total += new.get(month, 0)
        growth.append({"month": month, "new": new.get(month, 0), "total": total})
    return growth


def snowball_categories(*, signatories: list[dict]) -> list[dict]:
    """Signatories per category, every category in the charter's order: ``value``, ``label``
    (in the active language), ``count``. No query."""
    counts: dict[str, int] = {}
    for row in signatories:
        counts[row["category"]] = counts.get(row["category"], 0) + 1
    return [
        {"value": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in Category.choices
    ]


def snowball_subregions() -> list[dict]:
    """The subregions where at least one signatory is active, most signatories first (one
    query): ``slug``, ``name`` (in the active language), ``province``, ``count``. A signatory
    active in several subregions counts in each."""
    subregions = (
        Subregion.objects.select_related("province")
        .annotate(
            count=Count(
                "organisations",
                filter=Q(organisations__signatures__status=Signature.Status.APPROVED),
                distinct=True,
            )
        )
        .filter(count__gt=0)
        .order_by("-count", "name_nl", "pk")
    )
    return [
        {
            "slug": subregion.slug,
            "name": subregion.name,
            "province": subregion.province.name,
            "count": subregion.count,
        }
        for subregion in subregions
    ]


def snowball_referrals(*, signatories: list[dict]) -> list[dict]:
    """Who brought whom in, between public signatories only (both approved): ``from`` and
    ``to`` (organisation ids) and ``channel`` ("invitation", a share link's channel, or "");
    in the order the brought-in ones were approved. A signatory never brought itself in. No
    query."""
    public = {row["id"] for row in signatories}
    return [
        {"from": row["referred_by_id"], "to": row["id"], "channel": row["referral_channel"]}
        for row in signatories
        if row["referred_by_id"] in public and row["referred_by_id"] != row["id"]
    ]


def snowball_brought_in(*, signatories: list[dict], referrals: list[dict]) -> list[dict]:
    """Per public signatory that brought at least one other in: ``id``, ``name``, ``slug``,
    ``count``, ``by_invitation`` (of them, through an invitation), most first, then by name.
    No query."""
    by_id = {row["id"]: row for row in signatories}
    counts: dict[int, list[int]] = {}
    for edge in referrals:
        tally = counts.setdefault(edge["from"], [0, 0])
        tally[0] += 1
        tally[1] += edge["channel"] == REFERRAL_INVITATION
    rows = [
        {
            "id": pk,
            "name": by_id[pk]["name"],
            "slug": by_id[pk]["slug"],
            "count": count,
            "by_invitation": by_invitation,
        }
        for pk, (count, by_invitation) in counts.items()
    ]
    rows.sort(key=lambda row: (-row["count"], row["name"].casefold(), row["id"]))
    return rows


def snowball_data(*, today) -> dict:
    """Everything the snowball page and its JSON show, in two queries whatever the number of
    signatories: ``signatories`` (``snowball_signatories``), ``growth``, ``categories``,
    ``subregions``, ``referrals`` and ``brought_in`` (see each function)."""
    signatories = snowball_signatories()
    referrals = snowball_referrals(signatories=signatories)
    return {
        "signatories": signatories,
        "growth": snowball_growth(signatories=signatories, today=today),
        "categories": snowball_categories(signatories=signatories),
        "subregions": snowball_subregions(),
        "referrals": referrals,
        "brought_in": snowball_brought_in(signatories=signatories, referrals=referrals),
    }


# --- end of snowball ---
