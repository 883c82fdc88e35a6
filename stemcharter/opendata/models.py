"""One build of the open-data downloads (``exports.open_data_build``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OpenDataExportQuerySet(models.QuerySet):
    def ready(self) -> "OpenDataExportQuerySet":
        return self.filter(status=OpenDataExport.Status.READY)

    def building(self) -> "OpenDataExportQuerySet":
        return self.filter(status=OpenDataExport.Status.BUILDING)


class OpenDataExport(models.Model):
    """One build of every dataset's CSV and JSON and the archive of them all, under
    ``opendata/<pk>/`` in the default storage.

    ``files`` maps each file's name (``actions.csv``, ``stemcharter-open-data.zip``) to
    ``{"path": name in the storage, "size": bytes, "rows": rows}`` (no ``rows`` for the
    archive). At most one build is ``building`` at a time (a constraint, so two workers
    cannot both start); one building longer than ``OPEN_DATA_BUILD_TIMEOUT_MINUTES`` is
    marked failed when the next one starts. The downloads are served from the newest
    ``ready`` build.
    """

    class Status(models.TextChoices):
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.BUILDING
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    files = models.JSONField(_("files"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = OpenDataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("open-data build")
        verbose_name_plural = _("open-data builds")
        constraints = [
            # One build at a time: a second start while one builds fails on this.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="building"),
                name="opendata_export_one_building",
            ),
            models.CheckConstraint(
                condition=Q(status="building") | Q(finished_at__isnull=False),
                name="opendata_export_finished_unless_building",
            ),
        ]
        indexes = [
            # The downloads and the page read the newest ready build.
            models.Index(fields=["status", "-finished_at"], name="opendata_export_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"
