"""One registration of a person or a group for something with places (an action, an event).

The states (``services.py`` holds every transition)::

    visitor ─register─▶ unconfirmed ─confirm (email link)─┐
    member of a signatory ─register (one click)───────────┤
                                                          ▼
        first come, first served:  registered  (seats fit)  |  waitlisted ─promote─▶ registered
        on approval:               applied ─accept─▶ accepted  |  ─decline─▶ declined
    any active state ─cancel─▶ cancelled (by the personal link, or the item is cancelled)

Attendance is recorded beside the state: ``checked_in_at`` on the day, ``attended`` after.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stemcharter.common.models import TimeStampedModel

# The most seats one registration may take: a whole school year, not a typo of zeros.
MAX_SEATS = 1_000


class RegistrationQuerySet(models.QuerySet):
    def for_item(self, item) -> "RegistrationQuerySet":
        content_type = ContentType.objects.get_for_model(item)
        return self.filter(content_type=content_type, object_id=item.pk)

    def active(self) -> "RegistrationQuerySet":
        return self.filter(state__in=Registration.ACTIVE_STATES)

    def holding_seats(self) -> "RegistrationQuerySet":
        return self.filter(state__in=Registration.SEAT_STATES)

    def waitlist(self) -> "RegistrationQuerySet":
        """The waitlist in order of joining it."""
        return self.filter(state=Registration.State.WAITLISTED).order_by("waitlisted_at", "pk")


class Registration(TimeStampedModel):
    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Not confirmed yet")
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        APPLIED = "applied", _("Waiting for the organiser")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", pgettext_lazy("a registration", "Cancelled")

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Just me")
        GROUP = "group", _("A group or a class")

    # Hold a seat: counted against the capacity.
    SEAT_STATES = (State.REGISTERED, State.ACCEPTED)
    # Still counting as a registration: one per email address per item.
    ACTIVE_STATES = (
        State.UNCONFIRMED,
        State.REGISTERED,
        State.WAITLISTED,
        State.APPLIED,
        State.ACCEPTED,
    )

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    state = models.CharField(_("status"), max_length=16, choices=State.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150, blank=True)
    # As typed; duplicates are found in lower case (the constraint below).
    email = models.EmailField(_("email address"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    language = models.CharField(_("language"), max_length=8, default="nl")
    group_name = models.CharField(_("group"), max_length=100, blank=True)
    pupils = models.PositiveSmallIntegerField(_("pupils"), default=0)
    adults = models.PositiveSmallIntegerField(_("accompanying adults"), default=0)
    # People it brings: 1 for an individual, pupils + adults for a group.
    seats = models.PositiveIntegerField(_("places"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("on the waitlist since"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_message = models.TextField(_("message"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Cancelled by the organiser (``services.registration_cancel_by_organiser``), not by the
    # person: their page says so.
    cancelled_by_organiser = models.BooleanField(default=False, editable=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=MAX_SEATS), name="registration_seats_range"
            ),
            models.CheckConstraint(
                condition=Q(kind="group") | Q(seats=1), name="registration_individual_one_seat"
            ),
            # One active registration per address per item, in any letter case.
            models.UniqueConstraint(
                Lower("email"),
                "content_type",
                "object_id",
                condition=Q(
                    state__in=[
                        "unconfirmed",
                        "registered",
                        "waitlisted",
                        "applied",
                        "accepted",
                    ]
                )
                & ~Q(email=""),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(state="waitlisted") | Q(waitlisted_at__isnull=False),
                name="registration_waitlisted_has_time",
            ),
        ]
        indexes = [
            # Seats taken, the waitlist in order, the organiser's list by state.
            models.Index(
                fields=["content_type", "object_id", "state", "waitlisted_at"],
                name="registration_item_state",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.GROUP and self.group_name:
            return f"{self.group_name} ({self.name})" if self.name else self.group_name
        return self.name or self.email or str(_("(erased)"))

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def holds_seats(self) -> bool:
        return self.state in self.SEAT_STATES
