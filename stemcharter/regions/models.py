from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TranslatedNameModel


class Province(TranslatedNameModel):
    """A province (or the Brussels-Capital Region): the top level of our regions."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["position", "name_nl"]


class SubregionQuerySet(models.QuerySet):
    def with_province(self) -> "SubregionQuerySet":
        return self.select_related("province").order_by("province__position", "name_nl")


class Subregion(TranslatedNameModel):
    """A subregion (by default an administrative arrondissement) with its contact points."""

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="subregions"
    )
    contact_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact points"),
        blank=True,
        related_name="contact_point_for",
    )
    # The subregions it shares a border with (symmetrical): an empty search in one subregion
    # suggests its neighbours. Flanders' arrondissements: migration 0003_subregion_neighbours.
    neighbours = models.ManyToManyField(
        "self", verbose_name=_("neighbouring subregions"), blank=True
    )

    objects = SubregionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subregion")
        verbose_name_plural = _("subregions")
        ordering = ["province__position", "name_nl"]

    def get_absolute_url(self) -> str:
        # The public region page (served by pages, in the ``regions`` namespace: config/urls.py).
        return reverse("regions:subregion-detail", kwargs={"slug": self.slug})
