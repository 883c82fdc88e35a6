from typing import ClassVar

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stemcharter.common.fragments import kept_card_version, shown_version
from stemcharter.images.models import WithImages
from stemcharter.reviews.models import Reviewable, ReviewableQuerySet


class Story(WithImages, Reviewable):
    """An inspiring text with images: a collaboration, a young person's story, a practice."""

    class Kind(models.TextChoices):
        COLLABORATION = "collaboration", _("Collaboration story")
        YOUTH = "youth", _("Youth story")
        PRACTICE = "practice", _("Practice example")

    revision_fields: ClassVar[list[str]] = ["title", "kind", "summary", "body"]
    revision_m2m_fields: ClassVar[list[str]] = ["organisations", "actions", "subregions"]
    # The author and the other organisations in the story: members of neither review it.
    named_organisation_fields: ClassVar[tuple[str, ...]] = ("organisation", "organisations")

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170)
    kind = models.CharField(_("kind of story"), max_length=16, choices=Kind.choices)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences that appear on the card in the list."),
    )
    body = models.TextField(
        _("story"), max_length=20_000, help_text=_("You can use Markdown for headings and lists.")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="stories",
        verbose_name=_("author organisation"),
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="linked_stories",
        verbose_name=_("other organisations in the story"),
    )
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="stories", verbose_name=_("related actions")
    )
    subregions = models.ManyToManyField(
        "regions.Subregion", related_name="stories", verbose_name=_("regions")
    )
    # The event this story reports on: the report with which its organiser closed it
    # (``pages.event_report``). Data, like ``actions``: a string reference, so stories imports
    # nothing of events; the event's page reads it back through ``Event.stories``.
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="stories",
        verbose_name=_("event"),
    )
    # The school's support request this story tells about: written from it with one click
    # (``pages.support_story``). A string reference, like ``event``: stories imports nothing
    # of support.
    support_request = models.ForeignKey(
        "support.SupportRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="stories",
        verbose_name=_("support request"),
    )
    # The full-text search of /verhalen/ on PostgreSQL, filled when a story is published
    # (``services.story_search_vector``); a GIN index made by a migration, PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ReviewableQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(revision_of__isnull=True), name="story_unique_slug"
            ),
        ]
        indexes = [
            # /verhalen/, the feeds and the home page list published stories newest first.
            models.Index(
                fields=["-first_published_at", "-id"],
                condition=Q(status="published", revision_of__isnull=True),
                name="story_published_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:story-detail", kwargs={"slug": self.live_item.slug})

    @property
    def card_version(self) -> str:
        """A version of every row the story's card shows (``stories/includes/_card.html``):
        the story, its author organisation (name), its regions and its images; the card's key,
        as ``Action.card_version`` (computed when a list loads its rows:
        ``selectors.story_card_list``)."""
        return kept_card_version(self) or shown_version(
            self, self.organisation, self.subregions.all(), self.images.all()
        )
