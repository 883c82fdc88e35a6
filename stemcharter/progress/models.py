"""The yearly progress report (issue 15, point 2): what a signatory did in a calendar year, in
its own words beside the platform's own records, reviewed with the one review workflow
(``reviews``), and the follow-up of each signatory's reporting per year (reminders, "did not
report")."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.reviews.models import Reviewable, ReviewableQuerySet


class ProgressReport(Reviewable):
    """One signatory's report on one calendar year (``year``): a look back, next year's
    intentions, and ``record``, the platform's records of that year (``record.year_record``),
    refreshed when the report is started and when it is sent for review. One per organisation
    and year (a working copy of a published report beside it is the same report)."""

    revision_fields: ClassVar[list[str]] = ["year", "looking_back", "intentions", "record"]
    revision_m2m_fields: ClassVar[list[str]] = ["subregions"]
    # Its title is made from its year in the reader's language (``title``), never stored.
    title_written: ClassVar[bool] = False

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="progress_reports",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year reported on"))
    # Only so a working copy copies it like any reviewable (``reviews.services.revision_start``);
    # the report's address is its organisation's page.
    slug = models.SlugField(_("slug"), max_length=20, blank=True, editable=False)
    looking_back = models.TextField(_("looking back"), max_length=5000, blank=True)
    intentions = models.TextField(_("intentions for next year"), max_length=3000, blank=True)
    record = models.JSONField(_("records of the platform"), default=dict, blank=True)
    # The organisation's subregions when the report was started: their contact points review it.
    subregions = models.ManyToManyField(
        "regions.Subregion", related_name="progress_reports", verbose_name=_("regions")
    )

    objects = ReviewableQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-year", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(revision_of__isnull=True),
                name="progress_report_one_per_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="progress_report_year_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """ "Progress report 2026" in the current language, as the review pages, the portal,
        the emails (rendered in the recipient's language) and the audit trail
        (``audit_labels``: from the year in its stored name) name it."""
        return gettext("Progress report %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        """The organisation's public page, at the report (published reports are shown there)."""
        return (
            reverse("organisations:organisation-detail", kwargs={"slug": self.organisation.slug})
            + f"#voortgang-{self.year}"
        )

    def review_problems(self) -> list[str]:
        """Besides a region (``Reviewable``): both texts written."""
        problems = super().review_problems()
        if not self.looking_back.strip():
            problems.append(gettext("Write how the year went."))
        if not self.intentions.strip():
            problems.append(gettext("Write your intentions for next year."))
        return problems


class YearlyReporting(models.Model):
    """The follow-up of one signatory's report on one year: when it was reminded, and whether
    a coordinator decided to show in public that it did not report (``services``)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="yearly_reporting",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year reported on"))
    first_reminder_at = models.DateTimeField(_("first reminder sent at"), null=True, blank=True)
    second_reminder_at = models.DateTimeField(_("second reminder sent at"), null=True, blank=True)
    shown_as_not_reported_at = models.DateTimeField(
        _("shown in public as not reported since"), null=True, blank=True
    )
    shown_as_not_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shown as not reported by"),
    )

    class Meta:
        verbose_name = _("yearly reporting")
        verbose_name_plural = _("yearly reporting")
        ordering = ["-year", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="yearly_reporting_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}"
