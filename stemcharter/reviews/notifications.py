"""Emails about the review of an item: to the author's organisation, and to its reviewers."""

from django.urls import reverse
from django.utils.functional import lazystr

from stemcharter.accounts.models import User
from stemcharter.notifications.services import email_send_to_user

from .models import Review, Reviewable
from .registry import reviewable_type_for


def _organisation_members(item: Reviewable) -> list[User]:
    """The members of the author's organisation; none for an item without one (an event the
    STEM-charter itself organises): never the users without a membership."""
    if item.organisation_id is None:
        return []
    return list(
        User.objects.filter(memberships__organisation=item.organisation, is_active=True)
        .distinct()
        .order_by("pk")
    )


def reviewers_of(item: Reviewable) -> list[User]:
    """The contact points of the item's subregions; the coordinators when it has none. Never
    a member of an organisation named on the item: they may not review it (the rule of
    ``Reviewable.has_conflict_of_interest``)."""
    users = User.objects.filter(is_active=True).exclude(
        memberships__organisation__in=item.named_organisations()
    )
    contact_points = list(
        users.filter(contact_point_for__in=item.subregions.all()).distinct().order_by("pk")
    )
    if contact_points:
        return contact_points
    return list(users.filter(is_coordinator=True).order_by("pk"))


def notify_transition(
    *, item: Reviewable, event: str, review: Review | None = None, reason: str = ""
) -> None:
    """Tell the members of the author's organisation what happened to their item."""
    reviewable_type = reviewable_type_for(item)
    context = {
        "item": item,
        "title": lazystr(item),  # in each recipient's language (a report's title is)
        "type_label": reviewable_type.label,
        "event": event,
        "review": review,
        "assessments": list(review.assessments.select_related("criterion")) if review else [],
        "reason": reason,
        "portal_url": reviewable_type.portal_url(item.live_item if event == "published" else item),
    }
    for user in _organisation_members(item):
        email_send_to_user(user=user, template="reviews/email/transition", context=context)


def notify_reviewers(*, item: Reviewable) -> None:
    reviewable_type = reviewable_type_for(item)
    url = reverse(
        "backoffice:review-detail", kwargs={"type_key": reviewable_type.key, "pk": item.pk}
    )
    context = {
        "item": item,
        "title": lazystr(item),  # in each recipient's language (a report's title is)
        "type_label": reviewable_type.label,
        "review_url": url,
    }
    for user in reviewers_of(item):
        email_send_to_user(user=user, template="reviews/email/to_review", context=context)


def notify_partner_left(*, item: Reviewable, organisation) -> None:
    """Tell the author's organisation that another organisation took itself off the item."""
    reviewable_type = reviewable_type_for(item)
    context = {
        "item": item,
        "title": lazystr(item),  # in each recipient's language (a report's title is)
        "type_label": reviewable_type.label,
        "organisation": organisation,
        "portal_url": reviewable_type.portal_url(item),
    }
    for user in _organisation_members(item):
        email_send_to_user(user=user, template="reviews/email/partner_left", context=context)
