from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    """From pledge to proof (issue 15): what each signatory delivered against its commitments,
    per year, and its yearly progress report (prefilled from the platform's records, reviewed
    with the one review workflow)."""

    name = "stemcharter.progress"
    label = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        # --- proof ---
        # --- end of proof ---
        # --- report ---
        from stemcharter.common.page_cache import register_public_content
        from stemcharter.organisations.cards import CardNote, card_note_register
        from stemcharter.reviews.registry import ReviewableType, register

        from . import (  # noqa: F401
            audit_labels,
            checks,
            personal_data,
            rules,
        )
        from .models import ProgressReport, YearlyReporting
        from .portal import PROGRESS_REPORT_PORTAL
        from .selectors import not_reported_year_shown, report_review_context
        from .services import EDITING_RULES, progress_report_refresh_record

        # Published reports, and the "did not report" line a coordinator decides on, are
        # shown on the signatory's public page: a change makes cached pages stale.
        register_public_content(ProgressReport, YearlyReporting)
        # The yearly progress report, described once for the one review workflow; the
        # platform's records in it are refreshed when it is sent.
        register(
            ReviewableType(
                key="progress-report",
                model=ProgressReport,
                label=_("progress report"),
                editing=EDITING_RULES,
                portal=PROGRESS_REPORT_PORTAL,
                before_submit=progress_report_refresh_record,
                preview_template="progress/includes/_review_preview.html",
                # The reviewer judges the report against what the organisation promised.
                review_context=report_review_context,
            )
        )
        # The signatory's card in the lists says it too, in short (organisations.cards).
        card_note_register(
            CardNote(
                key="not_reported",
                expression=not_reported_year_shown,
                text=lambda year: gettext("Did not report on %(year)s") % {"year": year},
            )
        )
        # --- end of report ---
        pass
