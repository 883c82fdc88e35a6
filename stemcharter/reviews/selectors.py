from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from stemcharter.accounts.rules import is_coordinator

from .models import Assessment, CriteriaSet, Review, Reviewable
from .registry import reviewable_types


def review_queue(*, user) -> list[Reviewable]:
    """Everything waiting for a review that this user may review, oldest submission first.

    A coordinator sees all of it; a contact point what concerns their subregions. Items of
    the user's own organisations are left out (nobody reviews their own work).
    """
    items: list[Reviewable] = []
    for reviewable_type in reviewable_types():
        queryset = reviewable_type.model.objects.awaiting_review()
        if not is_coordinator(user):
            queryset = queryset.filter(subregions__contact_points=user).distinct()
        queryset = queryset.exclude(organisation__memberships__user=user)
        items.extend(
            queryset.select_related("organisation", "reviewer", "revision_of").order_by(
                "submitted_at", "pk"
            )
        )
    return sorted(items, key=lambda item: (item.submitted_at, item.pk))


def review_history(*, item: Reviewable) -> QuerySet[Review]:
    """All reviews of the item and of its revisions, newest first, with their verdicts."""
    return (
        Review.objects.filter(
            content_type=ContentType.objects.get_for_model(item), subject_id=item.live_item.pk
        )
        .select_related("reviewer", "criteria_set")
        .prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.select_related("criterion"))
        )
    )


def review_published(*, item: Reviewable) -> Review | None:
    """The review that published the current version of a live item, for the public page."""
    return review_history(item=item).filter(decision=Review.Decision.PUBLISH).first()


def criteria_sets_current() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.current().prefetch_related("criteria").order_by("name_nl")
