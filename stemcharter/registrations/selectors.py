"""What pages read about registrations: the places of an item, and the organiser's lists."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse

from stemcharter.common.fragments import until_content_changes

from .links import personal_link_token
from .models import Registration
from .registry import RegistrationMode, registrable_type_for
from .services import registration_closed_reason


@dataclass(frozen=True)
class Places:
    capacity: int | None  # None: unlimited
    taken: int
    waiting: int  # registrations on the waitlist
    mode: str
    closed_reason: str  # "" while it takes registrations

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity

    @property
    def is_open(self) -> bool:
        return not self.closed_reason

    @property
    def on_approval(self) -> bool:
        return self.mode == RegistrationMode.ON_APPROVAL


def item_places(*, item, kept: bool = False) -> Places:
    """The places of ``item`` now, in one query. With ``kept`` (a public page for an
    anonymous visitor), the numbers are kept until public content changes
    (``common.fragments.until_content_changes``): what the page cache would show that visitor
    anyway, a minute old at most and exact on what a visitor acts on, since making the item
    full or freeing its last seat moves public content on (``services._locked``); no query on
    a hit. Whether it takes registrations now is worked out at each call."""
    registrable_type = registrable_type_for(item)
    if kept:
        counts = until_content_changes(
            "item-places", lambda: _seat_counts(item), item._meta.label_lower, item.pk
        )
    else:
        counts = _seat_counts(item)
    return Places(
        capacity=registrable_type.capacity(item),
        taken=counts["taken"] or 0,
        waiting=counts["waiting"] or 0,
        mode=registrable_type.mode(item),
        closed_reason=registration_closed_reason(item=item),
    )


def _seat_counts(item) -> dict:
    return Registration.objects.for_item(item).aggregate(
        taken=Sum("seats", filter=Q(state__in=Registration.SEAT_STATES)),
        waiting=Count("pk", filter=Q(state=Registration.State.WAITLISTED)),
    )


def _per_item(model, states) -> QuerySet:
    return (
        Registration.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            state__in=states,
        )
        .order_by()
        .values("object_id")
    )


def seats_taken_subquery(model) -> Coalesce:
    """The seats held on the outer row (an item of ``model``), for ``annotate`` or
    ``filter``: a subquery per row of one query, so a list needs no query per item."""
    rows = _per_item(model, Registration.SEAT_STATES).annotate(total=Sum("seats")).values("total")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def registrations_count_subquery(model, *states: str) -> Coalesce:
    """How many registrations of the outer row (an item of ``model``) are in ``states``."""
    rows = _per_item(model, states).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def seats_taken_of(model, pks) -> dict[int, int]:
    """The seats held on each item of ``model`` among ``pks`` (absent: none), in one query."""
    pks = list(pks)
    if not pks:
        return {}
    rows = (
        Registration.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=pks,
            state__in=Registration.SEAT_STATES,
        )
        .order_by()
        .values("object_id")
        .annotate(total=Sum("seats"))
    )
    return {row["object_id"]: row["total"] for row in rows}


def registration_list(*, item, state: str = "", search: str = "") -> QuerySet:
    """The organiser's list: every registration of ``item`` (the waitlist in its order)."""
    registrations = Registration.objects.for_item(item).select_related("user")
    if state:
        registrations = registrations.filter(state=state)
    if search:
        registrations = registrations.filter(
            Q(name__icontains=search) | Q(email__icontains=search) | Q(group_name__icontains=search)
        )
    return registrations.order_by("state", "waitlisted_at", "created_at", "pk")


def with_waitlist_position(registrations: QuerySet) -> QuerySet:
    """``registrations`` (of one item, not searched) annotated with ``position``: 1 for the
    head of the waitlist, and so on; None for the others. In the query (a window), so a page
    of the list shows the right positions."""
    return registrations.annotate(
        waitlist_row=Window(
            RowNumber(),
            partition_by=[F("state")],
            order_by=[F("waitlisted_at").asc(), F("pk").asc()],
        )
    ).annotate(
        position=Case(
            When(state=Registration.State.WAITLISTED, then=F("waitlist_row")),
            default=None,
            output_field=IntegerField(),
        )
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the head of the waitlist; None when not on it."""
    if registration.state != Registration.State.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            content_type_id=registration.content_type_id, object_id=registration.object_id
        )
        .waitlist()
        .filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def seats_attended(*, item) -> int:
    """The people who came to ``item``: the seats of the registrations checked in or marked
    as attended (a group counts its pupils and adults), in one query."""
    total = Registration.objects.for_item(item).filter(attended=True).aggregate(seats=Sum("seats"))
    return total["seats"] or 0


def registered_user_ids(*, item) -> QuerySet:
    """The accounts registered for ``item`` that still hold or held a seat (for the
    organisations that took part)."""
    return (
        Registration.objects.for_item(item)
        .filter(user__isnull=False)
        .filter(Q(attended=True) | Q(state__in=Registration.SEAT_STATES))
        .values("user_id")
    )


def own_registration_url(*, item, user) -> str:
    """The address of the page of ``user``'s own registration for ``item`` that still counts
    (see, confirm or cancel it), for the item's page; "" when they have none. No query for an
    anonymous visitor: their page is the cached one, the same for everyone."""
    if user is None or not user.is_authenticated:
        return ""
    registration = (
        Registration.objects.for_item(item).active().filter(user=user).order_by("-pk").first()
    )
    if registration is None:
        return ""
    return reverse(
        "registrations:registration", kwargs={"token": personal_link_token(registration)}
    )
