"""The words that commitments, actions, organisations (and later events and requests) share.

Editable reference data, seeded by migrations and kept in the admin. The tables keep the names
they had in the apps these models came from (``db_table``): moving a model moved no data.
"""

from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TranslatedNameModel


class ActionType(TranslatedNameModel):
    """A kind of concrete action (internship, open day, ...).

    Commitments name the action types an organisation promises; actions have one.
    """

    class Unit(models.TextChoices):
        """What an action of this type has a number of: what "3 left" counts."""

        PLACES = "places", _("places for participants")
        COPIES = "copies", _("copies to borrow")
        CLASSES = "classes", _("classes that can book")

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Read by the search of actions (``actions.services.action_search_vector``): an action of
    # this type is found by its name and by these words.
    search_terms_nl = models.TextField(
        _("search terms (Dutch)"),
        blank=True,
        help_text=_(
            "Other words people type for this type, separated by commas, for example "
            "plurals and synonyms: opendeurdag, infodag. The search also finds the name."
        ),
    )
    search_terms_en = models.TextField(
        _("search terms (English)"),
        blank=True,
        help_text=_("The same in English, for example: open house, open days."),
    )
    unit = models.CharField(
        _("what the number available counts"),
        max_length=16,
        choices=Unit.choices,
        default=Unit.PLACES,
        help_text=_("A loan kit has copies, a guest lesson room for classes, an open day places."),
    )
    booked_for_a_class = models.BooleanField(
        _("booked by teachers for a class"),
        default=False,
        help_text=_(
            "A teacher books it for their pupils (a guest lesson, a loan kit): the catalogue "
            "finds it under the audiences that book for a class (teachers) too."
        ),
    )

    requestable = models.BooleanField(
        _("schools can ask for it"),
        default=False,
        help_text=_(
            "Offered as a kind of help in a school's support request (a guest lesson, "
            "materials on loan, a company visit, internship places, a project partner)."
        ),
    )

    class Meta:
        db_table = "actions_actiontype"
        verbose_name = _("action type")
        verbose_name_plural = _("action types")
        ordering = ["position", "name_nl"]

    def available_heading(self) -> str:
        """The heading of the number available: "Places", "Copies", "Classes"."""
        return {
            self.Unit.PLACES: gettext("Places"),
            self.Unit.COPIES: gettext("Copies"),
            self.Unit.CLASSES: gettext("Classes"),
        }[self.unit]

    def available_text(self, number: int | None) -> str:
        """``number`` available in words of this type's unit; None: not limited."""
        unit = self.Unit(self.unit)
        if number is None:
            return {
                self.Unit.PLACES: gettext("No limit on the number of participants"),
                self.Unit.COPIES: gettext("No limit on the number of copies"),
                self.Unit.CLASSES: gettext("No limit on the number of classes"),
            }[unit]
        if number == 0:
            return {
                self.Unit.PLACES: gettext("No places left"),
                self.Unit.COPIES: gettext("No copies left"),
                self.Unit.CLASSES: gettext("No room for more classes"),
            }[unit]
        if unit == self.Unit.COPIES:
            text = ngettext("%(counter)s copy available", "%(counter)s copies available", number)
        elif unit == self.Unit.CLASSES:
            text = ngettext("Room for %(counter)s class", "Room for %(counter)s classes", number)
        else:
            text = ngettext("%(counter)s place available", "%(counter)s places available", number)
        return text % {"counter": number}


class Audience(TranslatedNameModel):
    """A target audience of actions (primary pupils, jobseekers, ...)."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    books_for_a_class = models.BooleanField(
        _("books for a class"),
        default=False,
        help_text=_(
            "People in this audience book actions for their pupils (teachers): looking for "
            "this audience also finds the types booked by teachers for a class."
        ),
    )

    class Meta:
        db_table = "actions_audience"
        verbose_name = _("target audience")
        verbose_name_plural = _("target audiences")
        ordering = ["position", "name_nl"]


class Discipline(TranslatedNameModel):
    """A STEM discipline: science, technology, engineering, mathematics, ICT."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "actions_discipline"
        verbose_name = _("STEM discipline")
        verbose_name_plural = _("STEM disciplines")
        ordering = ["position", "name_nl"]


class Sector(TranslatedNameModel):
    """The sector an organisation works in (construction, energy, care, ...)."""

    class Meta:
        db_table = "organisations_sector"
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name_nl"]
