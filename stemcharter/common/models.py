from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def translated(dutch: str, english: str) -> str:
    """The English text when the active language is English and there is one; else Dutch."""
    if (get_language() or "nl").startswith("en") and english:
        return english
    return dutch


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TranslatedNameModel(TimeStampedModel):
    """Editable reference data with a Dutch and an English name."""

    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)

    class Meta:
        abstract = True
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self.name_nl, self.name_en)
