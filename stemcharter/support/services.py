"""The business rules of support requests (issue 13), each audited where it changes state."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from stemcharter.audit.services import audit_record
from stemcharter.notifications.services import email_render
from stemcharter.notifications.tasks import email_deliver
from stemcharter.organisations.models import Membership, Organisation

from .digest_links import opt_out_token
from .models import DigestEntry, DigestPreference, SupportRequest
from .selectors import (
    request_town,
    support_digest_requests,
    support_offer_path,
    support_request_match_condition,
)

# --- match: the daily digest of new school requests ------------------------------------------


def _start_of_today(now: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))


def support_digest_set(*, user, receives: bool) -> bool:
    """Turn ``user``'s daily digest on or off (audited when it changes). Returns whether it
    changed."""
    with transaction.atomic():
        preference = _preference_locked(user.pk)
        if preference.receives_digest == receives:
            return False
        preference.receives_digest = receives
        preference.save(update_fields=["receives_digest"])
        audit_record(
            actor=user,
            code="support.digest.turned_on" if receives else "support.digest.turned_off",
            target=user,
        )
    return True


def _preference_locked(user_id: int) -> DigestPreference:
    """The person's digest choice, created if absent, locked until the transaction ends."""
    try:
        with transaction.atomic():
            DigestPreference.objects.get_or_create(user_id=user_id)
    except IntegrityError:  # created at the same moment by another process: it is there now
        pass
    return DigestPreference.objects.select_for_update().get(user_id=user_id)


def _digest_organisations(user) -> list[Organisation]:
    """The approved signatories ``user`` is a member of, by name."""
    return list(Organisation.objects.signatories().for_member(user).order_by("name", "pk"))


def support_digest_due(*, now: datetime | None = None) -> list[int]:
    """The ids of the people who get a digest now: members of an approved signatory, active,
    not opted out, without a digest today, for whom an open request matches one of their
    signatories and was not told to them yet. One query per signatory with members, and two."""
    now = now or timezone.now()
    people = (
        Membership.objects.filter(
            organisation__in=Organisation.objects.signatories(), user__is_active=True
        )
        .exclude(user__email="")
        .exclude(user__support_digest__receives_digest=False)
        .exclude(user__support_digest__last_sent_at__gte=_start_of_today(now))
        .values_list("user_id", "organisation_id")
    )
    organisations_of: dict[int, set[int]] = {}
    for user_id, organisation_id in people:
        organisations_of.setdefault(user_id, set()).add(organisation_id)
    matching: dict[int, set[int]] = {}
    for organisation_id in set().union(*organisations_of.values()):
        matching[organisation_id] = set(
            SupportRequest.objects.open()
            .filter(support_request_match_condition(organisation_id))
            .values_list("pk", flat=True)
        )
    candidates = set().union(*matching.values())
    told = set(
        DigestEntry.objects.filter(
            support_request_id__in=candidates, user_id__in=list(organisations_of)
        ).values_list("user_id", "support_request_id")
    )
    due = []
    for user_id, organisation_ids in organisations_of.items():
        news = set().union(*(matching[pk] for pk in organisation_ids))
        if any((user_id, request_id) not in told for request_id in news):
            due.append(user_id)
    return sorted(due)


def support_digest_send(*, user_id: int, now: datetime | None = None) -> int:
    """Send ``user``'s digest: ONE email with the open requests their signatories can help
    with that were not told to them before (``selectors.support_digest_requests``), at most
    one a day, never to someone who opted out. The email, the requests told
    (``DigestEntry``) and the day of the digest commit together under a lock on the person's
    choice: a failing send stores nothing (the next run tries again), two tasks at once send
    one email. Returns the number of requests told (0: no email)."""
    now = now or timezone.now()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    with transaction.atomic():
        preference = _preference_locked(user.pk)
        if not preference.receives_digest:
            return 0
        if preference.last_sent_at and preference.last_sent_at >= _start_of_today(now):
            return 0
        requests = list(support_digest_requests(user, organisations=_digest_organisations(user)))
        if not requests:
            return 0
        subject, body = email_render(
            language=user.language,
            template="support/email/digest",
            context=_digest_context(user, requests),
        )
        # Sent here, not queued: the send and what it told commit together, or neither does.
        email_deliver(to=[user.email], subject=subject, body=body)
        DigestEntry.objects.bulk_create(
            [DigestEntry(support_request=request, user=user, sent_at=now) for request in requests]
        )
        preference.last_sent_at = now
        preference.save(update_fields=["last_sent_at"])
    return len(requests)


def _digest_context(user, requests: list[SupportRequest]) -> dict:
    site = settings.SITE_URL.rstrip("/")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        for request in requests:
            request.town = request_town(request)
            request.offer_url = site + support_offer_path(
                organisation_slug=request.matched_by, support_request_pk=request.pk
            )
        opt_out_url = site + reverse(
            "support:digest-opt-out", kwargs={"token": opt_out_token(user)}
        )
    return {"user": user, "requests": requests, "opt_out_url": opt_out_url}


# --- end of match ---------------------------------------------------------------------------
