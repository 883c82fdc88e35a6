"""Events: regional STEM events run by contact points and coordinators, or proposed by
signatories through the review workflow (``reviews``), and their programme."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.common.calendar import sequence_raised
from stemcharter.common.fragments import kept_card_version, shown_version
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.reviews.models import Reviewable, ReviewableQuerySet

# A capacity above this is a typing error, not an event of ours (the largest hall in Flanders
# seats fewer); the form and the services say so.
CAPACITY_MAX = 10_000

# What a change to these fields means to a calendar that holds the event: its SEQUENCE rises
# (RFC 5545 §3.8.7.4), so Google Calendar, Outlook and Apple Calendar update their copy.
CALENDAR_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "online_url",
    "event_status",
)

# The fields whose change everyone registered is told of by email, with the updated calendar
# entry: the time and the place (``registrations_item_changed``). A new title alone reaches
# calendars by their SEQUENCE.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "online_url")


class EventQuerySet(ReviewableQuerySet):
    def upcoming(self, now=None) -> "EventQuerySet":
        """Events that have not ended yet (cancelled ones too: their page says so)."""
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None) -> "EventQuerySet":
        return self.filter(ends_at__lt=now or timezone.now())

    def in_subregions_of(self, user) -> "EventQuerySet":
        """The events a contact point looks after: those in one of their subregions."""
        return self.filter(
            pk__in=Event.objects.filter(subregions__contact_points=user).values("pk")
        )


class Event(Reviewable):
    """A regional STEM event: a meeting where signatories (or anyone) exchange knowledge,
    experience and practice examples.

    ``organisation`` is the signatory that proposed it (through review); an event a contact
    point or a coordinator creates in the back office has none: it is organised by the
    STEM-charter in its subregion (``organiser_name``) and published at once, since they are
    its reviewers.
    """

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        SIGNATORIES = "signatories", _("Signatories only")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        FINISHED = "finished", _("Finished")

    revision_fields: ClassVar[list[str]] = [
        "title",
        "summary",
        "description",
        "venue_name",
        "venue_address",
        "online_url",
        "starts_at",
        "ends_at",
        "audience",
        "capacity",
        "registration_mode",
        "registration_deadline",
    ]
    revision_m2m_fields: ClassVar[list[str]] = ["subregions"]

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences that appear in the list of events."),
    )
    description = models.TextField(
        _("description"),
        max_length=10_000,
        help_text=_("What happens, for whom, what participants need. You can use Markdown."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organiser"),
        help_text=_("Empty for an event of the STEM-charter itself (made in the back office)."),
    )
    # One subregion in practice (the forms ask one); a many-to-many because the review workflow
    # finds an item's contact points through ``subregions`` (``reviews.models.Reviewable``).
    subregions = models.ManyToManyField(
        "regions.Subregion", related_name="events", verbose_name=_("region")
    )
    venue_name = models.CharField(_("venue"), max_length=150, blank=True)
    venue_address = models.CharField(_("address"), max_length=250, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    # Empty only in a draft a signatory is still writing (``review_problems`` names them).
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    audience = models.CharField(
        _("for whom"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the number of participants is not limited."),
    )
    registration_mode = models.CharField(
        _("who gets a place"),
        max_length=16,
        choices=RegistrationMode.choices,
        default=RegistrationMode.FIRST_COME,
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    event_status = models.CharField(
        _("event status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    # The people who came, as its organiser recorded when closing it with a report (the seats
    # checked in, corrected where needed; ``pages.event_report``); empty until then.
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True, editable=False)
    # Raised whenever what a calendar shows changes (CALENDAR_FIELDS): the iCalendar SEQUENCE.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    cancellation_reason = models.CharField(
        _("why it is cancelled"), max_length=500, blank=True, editable=False
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(revision_of__isnull=True), name="event_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1, capacity__lte=CAPACITY_MAX),
                name="event_capacity_sane",
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("starts_at")),
                name="event_deadline_not_after_start",
            ),
        ]
        indexes = [
            # The two tabs of /evenementen/: upcoming soonest first, past newest first. Partial:
            # only published originals are ever listed.
            models.Index(
                fields=["ends_at", "starts_at", "id"],
                condition=Q(status="published", revision_of__isnull=True),
                name="event_published_by_time",
            ),
            models.Index(
                fields=["-starts_at", "-id"],
                condition=Q(status="published", revision_of__isnull=True),
                name="event_published_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """Raise ``sequence`` when a live row changes what a calendar shows (whoever changes
        it: the back office, or the review workflow publishing a new version)."""
        update_fields = kwargs.get("update_fields")
        raised = self.revision_of_id is None and sequence_raised(
            self, CALENDAR_FIELDS, update_fields=update_fields
        )
        if raised and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"slug": self.live_item.slug})

    @property
    def is_cancelled(self) -> bool:
        return self.event_status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue_name

    @property
    def is_past(self) -> bool:
        return self.ends_at is not None and self.ends_at < timezone.now()

    # The times as the forms ask them: a date and a time in Brussels time (None when empty).
    def _local_part(self, name: str, part: str):
        value = getattr(self, name)
        if value is None:
            return None
        local = timezone.localtime(value)
        return local.date() if part == "date" else local.time()

    start_date = property(lambda self: self._local_part("starts_at", "date"))
    start_time = property(lambda self: self._local_part("starts_at", "time"))
    end_date = property(lambda self: self._local_part("ends_at", "date"))
    end_time = property(lambda self: self._local_part("ends_at", "time"))
    deadline_date = property(lambda self: self._local_part("registration_deadline", "date"))
    deadline_time = property(lambda self: self._local_part("registration_deadline", "time"))

    @property
    def subregion_id(self) -> int | None:
        """The event's region (one in practice; the forms ask one). Reads ``subregions``."""
        first = next(iter(self.subregions.all()), None)
        return first.pk if first else None

    @property
    def is_finished(self) -> bool:
        return self.event_status == self.Status.FINISHED or (not self.is_cancelled and self.is_past)

    @property
    def card_version(self) -> str:
        """A version of every row the event's row in a list shows
        (``events/includes/_event_row.html``): the event and its regions (names). The row's
        key (``common.fragments``): a change to this event or its regions makes a new one, a
        change to another event does not. ``selectors.event_card_list`` computes it when a page
        of the list is loaded and keeps it with the page; elsewhere it is computed at each call
        (the regions read if they were not prefetched)."""
        return kept_card_version(self) or shown_version(self, self.subregions.all())

    @property
    def for_signatories_only(self) -> bool:
        return self.audience == self.Audience.SIGNATORIES

    @property
    def location_text(self) -> str:
        """The place in one line, for calendars: venue and address, or the online link."""
        place = ", ".join(part for part in (self.venue_name, self.venue_address) if part)
        return place or self.online_url

    def organiser_name(self, subregions=None) -> str:
        """Who organises it, in words: the signatory, or "STEM-charter <subregion>"."""
        if self.organisation_id:
            return self.organisation.name
        subregions = list(subregions if subregions is not None else self.subregions.all())
        if subregions:
            return gettext("STEM-charter %(region)s") % {"region": subregions[0].name}
        return gettext("STEM-charter")

    def review_problems(self) -> list[str]:
        from .services import event_errors  # services imports this module

        problems = super().review_problems()
        values = {name: getattr(self, name) for name in self.revision_fields}
        problems.extend(str(message) for message in event_errors(values).values())
        if self.starts_at and self.starts_at < timezone.now():
            problems.append(gettext("The event has started already: change its date."))
        return problems

    def revision_copied(self, copy: "Event") -> None:
        EventSession.objects.bulk_create(
            EventSession(
                event=copy,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                title=session.title,
                speaker=session.speaker,
            )
            for session in self.sessions.all()
        )

    def revision_applied(self, live: "Event") -> None:
        # What changed for those registered, from the row as it still is: told once the new
        # version is saved (``services.event_published``).
        before = type(live)._base_manager.filter(pk=live.pk).values(*NOTIFIED_FIELDS).first()
        live.notified_changes = {
            name: (before[name], getattr(live, name))
            for name in NOTIFIED_FIELDS
            if before and before[name] != getattr(live, name)
        }
        live.sessions.all().delete()
        self.sessions.update(event=live)


class EventSession(models.Model):
    """One part of an event's programme: a talk, a workshop, a break."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="eventsession_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventSignature(models.Model):
    """A signature of the charter made at an event (the signer followed the event page's "Sign
    the charter here": ``receivers``), or set by a coordinator. The event's page names the
    organisation once that signature is approved (``selectors.event_signatories``).

    One per organisation and event (a second signing there replaces the first: e.g. after a
    refusal), one event per signature. Holds nothing of a person: the organisation and the
    signature, which has its own personal data rules.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("event")
    )
    signature = models.OneToOneField(
        "charter.Signature",
        on_delete=models.CASCADE,
        related_name="signed_at_event",
        verbose_name=_("signature"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature at an event")
        verbose_name_plural = _("signatures at events")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="event_signature_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.event_id}"
