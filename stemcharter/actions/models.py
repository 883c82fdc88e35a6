from datetime import date
from typing import ClassVar

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import DateRangeField
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import F, Func, Q, Value
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.common.calendar import sequence_raised
from stemcharter.common.fragments import kept_card_version, shown_version
from stemcharter.images.models import WithImages
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.reviews.models import Reviewable, ReviewableQuerySet

ORGANISER_WITHOUT_WEBSITE = _(
    "Your organisation's profile has no website, so people cannot reach you that way. "
    "Choose a website or an email address to sign up, or add your website to the profile."
)

# What the calendar entry of a dated action shows: a change raises its SEQUENCE.
CALENDAR_FIELDS = ("title", "timing", "start_date", "end_date", "location")


def action_period() -> Func:
    """An action's days as one range, both ends included (the GiST index's expression)."""
    return Func(
        F("start_date"),
        F("end_date"),
        Value("[]"),
        function="daterange",
        output_field=DateRangeField(),
    )


class ActionQuerySet(ReviewableQuerySet):
    def current(self, today: date) -> "ActionQuerySet":
        """Actions that are not over: on request, or ending today or later."""
        return self.filter(Q(timing=Action.Timing.ON_REQUEST) | Q(end_date__gte=today))

    def ongoing(self, today: date) -> "ActionQuerySet":
        """Dated actions that started before ``today`` and are not over.

        On PostgreSQL through the GiST index on the period (``action_published_period``):
        reading them in the date index would walk past every action that is over.
        """
        started = self.filter(start_date__lt=today, end_date__gte=today)
        if connections[self.db].vendor != "postgresql":
            return started
        return started.alias(period=action_period()).filter(period__contains=today)

    def upcoming(self, today: date) -> "ActionQuerySet":
        """Dated actions from ``today`` on (``end_date`` is never before ``start_date``)."""
        return self.filter(start_date__gte=today)

    def undated(self) -> "ActionQuerySet":
        """Actions without dates: those on request (``services`` clears their dates)."""
        return self.filter(start_date__isnull=True)

    def involving(self, organisation) -> "ActionQuerySet":
        """Actions the organisation organises or takes part in as a partner.

        One ``id IN (… UNION ALL …)`` of both indexed lookups: ``organisation OR id IN
        (partners)`` made PostgreSQL scan the whole table for every signatory page.
        """
        organised = Action.objects.filter(organisation=organisation).order_by().values("pk")
        partnered = (
            Action.partners.through.objects.filter(organisation=organisation)
            .order_by()
            .values("action_id")
        )
        return self.filter(pk__in=organised.union(partnered, all=True))


class Action(WithImages, Reviewable):
    """A concrete initiative of a signatory: an internship, an open day, a guest lesson, ..."""

    class Timing(models.TextChoices):
        DATE = "date", _("On one day")
        PERIOD = "period", _("During a period")
        ON_REQUEST = "on_request", _("On request")

    class Participation(models.TextChoices):
        LINK = "link", _("Through a website")
        EMAIL = "email", _("By email")
        ORGANISER = "organiser", _("Through the organiser's website")
        # Places, a waitlist, confirmations and check-in here (stemcharter.registrations).
        REGISTRATION = "registration", _("Register on this site")

    revision_fields: ClassVar[list[str]] = [
        "title",
        "summary",
        "description",
        "action_type",
        "location",
        "timing",
        "start_date",
        "end_date",
        "places",
        "group_min",
        "group_max",
        "cost",
        "participation",
        "participation_url",
        "participation_email",
        "registration_mode",
        "registration_deadline",
    ]
    revision_m2m_fields: ClassVar[list[str]] = [
        "partners",
        "subregions",
        "audiences",
        "disciplines",
    ]
    # The organiser and the partners: members of neither review the action.
    named_organisation_fields: ClassVar[tuple[str, ...]] = ("organisation", "partners")

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences that appear on the card in the list."),
    )
    description = models.TextField(
        _("description"),
        max_length=10_000,
        help_text=_("What happens, for whom, what participants need. You can use Markdown."),
    )
    action_type = models.ForeignKey(
        "vocabulary.ActionType",
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("type"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("organiser"),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="partner_actions",
        verbose_name=_("partners"),
    )
    subregions = models.ManyToManyField(
        "regions.Subregion", related_name="actions", verbose_name=_("regions")
    )
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("An address, a town, or for example “at your school” or “online”."),
    )
    audiences = models.ManyToManyField(
        "vocabulary.Audience", related_name="actions", verbose_name=_("target audiences")
    )
    disciplines = models.ManyToManyField(
        "vocabulary.Discipline",
        blank=True,
        related_name="actions",
        verbose_name=_("STEM disciplines"),
    )
    timing = models.CharField(_("when"), max_length=16, choices=Timing.choices)
    start_date = models.DateField(_("date or first day"), null=True, blank=True)
    # For a single day the end date equals the start date, so "still current" is one column.
    end_date = models.DateField(_("last day"), null=True, blank=True)
    places = models.PositiveIntegerField(
        _("places available"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the number of participants is not limited."),
    )
    group_min = models.PositiveSmallIntegerField(
        _("smallest group"),
        null=True,
        blank=True,
        help_text=_("For a group or class that comes or books together. Leave empty if not."),
    )
    group_max = models.PositiveSmallIntegerField(
        _("largest group"),
        null=True,
        blank=True,
        help_text=_("For example 28 for a class. Leave empty if there is no limit."),
    )
    cost = models.CharField(
        _("cost"),
        max_length=150,
        blank=True,
        help_text=_("For example “free” or “€ 3 per pupil”. Leave empty if it does not apply."),
    )
    participation = models.CharField(
        _("how to take part"), max_length=16, choices=Participation.choices
    )
    participation_url = models.URLField(_("website to sign up"), blank=True, max_length=500)
    participation_email = models.EmailField(_("email address to sign up"), blank=True)
    registration_mode = models.CharField(
        _("who gets a place"),
        max_length=16,
        choices=RegistrationMode.choices,
        default=RegistrationMode.FIRST_COME,
    )
    registration_deadline = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take registrations until the action starts."),
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # Deleting an action deletes its registrations (no column: registrations point here).
    registrations = GenericRelation("registrations.Registration")
    # The iCalendar SEQUENCE of a dated action's entry (``/acties/<slug>/agenda.ics``): raised
    # whenever the live action's title, days or place change (``save``), so calendars that
    # hold it update their copy.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(revision_of__isnull=True), name="action_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="action_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(timing="on_request")
                | Q(start_date__isnull=False, end_date__isnull=False),
                name="action_dated_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(group_min__isnull=True)
                | Q(group_max__isnull=True)
                | Q(group_max__gte=F("group_min")),
                name="action_group_max_at_least_min",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "end_date"]),
            # The public lists read the first page of published actions in one of two orders:
            # the catalogue's (soonest first) and "newest first" (the catalogue's sort, the
            # feeds, the home page). Partial: only published originals are ever listed.
            models.Index(
                fields=["start_date", "end_date", "-id"],
                condition=Q(status="published", revision_of__isnull=True),
                name="action_published_by_date",
            ),
            models.Index(
                fields=["-first_published_at", "-id"],
                condition=Q(status="published", revision_of__isnull=True),
                name="action_published_newest",
            ),
            # "Current" (on request, or not over) on its own: the catalogue counts its results
            # from this index alone (an index-only scan) instead of reading the whole table.
            models.Index(
                fields=["end_date", "timing"],
                condition=Q(status="published", revision_of__isnull=True),
                name="action_published_current",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """Raise ``calendar_sequence`` when a live action changes what a calendar shows: a new
        version published through review copies its fields onto the live row and saves it."""
        update_fields = kwargs.get("update_fields")
        raised = self.revision_of_id is None and sequence_raised(
            self,
            CALENDAR_FIELDS,
            sequence_field="calendar_sequence",
            update_fields=update_fields,
        )
        if raised and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "calendar_sequence"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", kwargs={"slug": self.live_item.slug})

    @property
    def card_version(self) -> str:
        """A version of every row the action's card shows (``actions/includes/_card.html``):
        the action, its type (name, unit), its organiser (name), its regions and its images,
        and its places left (registrations change them without saving the action).
        The card's key (``common.fragments``): a change to this action or to anything on its
        card makes a new one, a change to another action does not. Lists compute it when they
        load their rows, relations prefetched, and keep it with them
        (``selectors.action_card_list``: a kept row is a snapshot, never saved); elsewhere it
        is computed at each call, the relations read if they were not prefetched."""
        return kept_card_version(self) or shown_version(
            self,
            self.action_type,
            self.organisation,
            self.subregions.all(),
            self.images.all(),
            self.places_left,
        )

    @property
    def available_heading(self) -> str:
        """ "Places", "Copies"...: what the number available counts, by the type's unit."""
        return self.action_type.available_heading()

    @property
    def available_text(self) -> str:
        """The number available in the words of the type's unit ("2 copies available"): for
        an action that takes registrations here, the places left (``places_left``)."""
        return self.action_type.available_text(self.places_left)

    @property
    def places_left(self) -> int | None:
        """The places still free: for a live action that takes registrations on this site,
        its places less the seats registrations hold (the lists annotate them as
        ``registration_seats_taken``; else one query); for any other action, or a working
        copy, the number the organiser gave (they keep it up to date themselves)."""
        if (
            self.places is None
            or self.participation != self.Participation.REGISTRATION
            or self.revision_of_id is not None
        ):
            return self.places
        taken = self.__dict__.get("registration_seats_taken")
        if taken is None:
            from stemcharter.registrations.services import seats_taken

            taken = seats_taken(item=self)
        return max(self.places - taken, 0)

    @property
    def group_size_text(self) -> str:
        """The size of a group that may come or book, in words; "" when it does not apply."""
        low, high = self.group_min, self.group_max
        if low and high:
            if low == high:
                return gettext("%(size)s per group") % {"size": high}
            return gettext("%(min)s to %(max)s per group") % {"min": low, "max": high}
        if high:
            return gettext("At most %(max)s per group") % {"max": high}
        if low:
            return gettext("At least %(min)s per group") % {"min": low}
        return ""

    def review_problems(self) -> list[str]:
        problems = super().review_problems()
        if not self.audiences.exists():
            problems.append(gettext("Choose at least one target audience."))
        if self.participation == self.Participation.ORGANISER and not self.organisation.website:
            problems.append(str(ORGANISER_WITHOUT_WEBSITE))
        return problems
