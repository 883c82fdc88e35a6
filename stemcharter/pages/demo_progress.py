"""Demo progress reports (issue 15): last year's reports in each state the coordinator meets,
and one signatory the coordinator chose to show as "did not report".

Last year (Brussels time) is used because its reporting period has an end that may already
have passed; this year's report is left to the demo signatory (Voorbeeld Chemie nv) to start
while the period is open.
"""

from contextlib import suppress
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.organisations.models import Organisation
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.services import (
    progress_report_start,
    progress_report_update,
    show_as_not_reported,
)
from stemcharter.reviews.selectors import criteria_sets_current

from .demo_content import _run_review

PUBLISHED, SUBMITTED, DRAFT = "published", "submitted", "draft"

# Organisation, state of its report on last year, its look back, its intentions.
REPORTS = [
    (
        "Demo Robotica Werkplaats bv",
        PUBLISHED,
        "We ontvingen vier klassen in onze werkplaats en gaven twee gastlessen robotica. "
        "De leerlingen bouwden zelf een grijparm; twee van hen lopen nu stage bij ons.",
        "Volgend jaar openen we de werkplaats ook op woensdagnamiddag voor "
        "basisscholen en zoeken we een partner voor een zomerkamp.",
    ),
    (
        "Voorbeeld Hogeschool Noorderkempen",
        SUBMITTED,
        "Onze open labodagen trokken meer leerlingen dan ooit; de workshops voor "
        "leerkrachten waren volzet.",
        "We willen samen met de scholengroep een STEM-project rond water opzetten.",
    ),
    (
        "Voorbeeld Energie Windkracht cv",
        DRAFT,
        "Dit jaar gaven we drie gastlessen over windenergie.",
        "",
    ),
]
# Did not report on last year; the coordinator decided its public page says so.
NOT_REPORTED = "Fictieve Bouwgroep Zandsteen nv"


def demo_progress_load(*, coordinator: User) -> int:
    """Create the demo reports on last year; returns how many. Skips a report whose
    organisation is missing or not a signatory, and the "did not report" decision while last
    year's reports are still accepted (a demo loaded early in the year)."""
    year = timezone.localdate().year - 1
    # The day the reporting period on last year opened: it is open then, whatever today is.
    opened = date(year, 12, 15)
    criteria_set = criteria_sets_current().filter(key="voortgangsrapport").first()
    organisations = {
        organisation.name: organisation
        for organisation in Organisation.objects.filter(
            name__in=[name for name, *_ in REPORTS] + [NOT_REPORTED]
        )
    }
    created = 0
    for name, status, looking_back, intentions in REPORTS:
        organisation = organisations.get(name)
        if organisation is None:
            continue
        author = organisation.memberships.order_by("pk").first().user
        try:
            report = progress_report_start(organisation=organisation, by=author, today=opened)
        except ValidationError:
            continue
        report = progress_report_update(
            report=report,
            by=author,
            data={"looking_back": looking_back, "intentions": intentions},
        )
        _run_review(
            ProgressReport.objects.get(pk=report.pk),
            status=status,
            author=author,
            reviewer=coordinator,
            criteria_set=criteria_set,
        )
        created += 1
    if NOT_REPORTED in organisations:
        # Refused while last year's reports are still accepted (the period and its grace days).
        with suppress(ValidationError):
            show_as_not_reported(
                organisation=organisations[NOT_REPORTED], year=year, by=coordinator
            )
    return created
