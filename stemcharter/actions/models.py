from django.db import models
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TranslatedNameModel


class ActionType(TranslatedNameModel):
    """A kind of concrete action (internship, open day, ...): editable data.

    Commitments name the action types an organisation promises; the actions issue adds the
    actions themselves to this app.
    """

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("action type")
        verbose_name_plural = _("action types")
        ordering = ["position", "name_nl"]
