from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TranslatedNameModel

DUPLICATE_NAME_MESSAGE = _("This province already has a subregion with this name.")


def one_line_name(name: str) -> str:
    """A name as it is kept: without spaces around it and with one space between words, so
    "Leuven", " leuven " and "Sint  Niklaas" are compared (and stored) as people read them."""
    return " ".join(name.split())


class Province(TranslatedNameModel):
    """A province (or the Brussels-Capital Region): the top level of our regions."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["position", "name_nl"]


class SubregionQuerySet(models.QuerySet):
    def named(self, *, province_id: int, name_nl: str) -> "SubregionQuerySet":
        """The subregions of the province with this Dutch name in any case: the comparison
        of the database's unique constraint (``Lower``), so the check and the constraint agree
        on every letter."""
        return self.alias(lower_name_nl=Lower("name_nl")).filter(
            province_id=province_id, lower_name_nl=Lower(models.Value(one_line_name(name_nl)))
        )

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
        constraints = [
            # One subregion of a name per province, whatever its case ("Leuven", "LEUVEN");
            # the spaces are evened out before saving (``one_line_name``).
            models.UniqueConstraint(
                Lower("name_nl"),
                "province",
                name="regions_subregion_name_nl_unique_in_province",
                violation_error_message=DUPLICATE_NAME_MESSAGE,
            ),
        ]

    def clean(self) -> None:
        """Even out the spaces of the names, and refuse a Dutch name that the province already
        has in any case (the admin's form; the back office goes through ``services``)."""
        self.name_nl = one_line_name(self.name_nl)
        self.name_en = one_line_name(self.name_en)
        if self.province_id and self.name_nl:
            others = Subregion.objects.named(
                province_id=self.province_id, name_nl=self.name_nl
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"name_nl": DUPLICATE_NAME_MESSAGE}, code="duplicate")

    def get_absolute_url(self) -> str:
        # The public region page (served by pages, in the ``regions`` namespace: config/urls.py).
        return reverse("regions:subregion-detail", kwargs={"slug": self.slug})
