"""The words that commitments, actions, organisations (and later events and requests) share.

Editable reference data, seeded by migrations and kept in the admin. The tables keep the names
they had in the apps these models came from (``db_table``): moving a model moved no data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TranslatedNameModel


class ActionType(TranslatedNameModel):
    """A kind of concrete action (internship, open day, ...).

    Commitments name the action types an organisation promises; actions have one.
    """

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

    class Meta:
        db_table = "actions_actiontype"
        verbose_name = _("action type")
        verbose_name_plural = _("action types")
        ordering = ["position", "name_nl"]


class Audience(TranslatedNameModel):
    """A target audience of actions (primary pupils, jobseekers, ...)."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)

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
