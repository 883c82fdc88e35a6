"""Demo progress reports (issue 15): reports in each state the coordinator meets, on the
latest year whose reporting period has opened, and one signatory the coordinator chose to show
as "did not report" on the year before (its period is over).

A signatory reports only on years it had signed by (``progress.selectors.signed_by_end_of``);
the demo's signatures are backdated from today, so a report or decision that does not fit is
left out. Voorbeeld Chemie nv's report is left to the demo signatory to start.
"""

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.organisations.models import Organisation
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.reporting import reporting_year
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
# Did not report on the year before; the coordinator decided its public page says so.
NOT_REPORTED = "Fictieve Sectorfederatie Technologie vzw"


def demo_progress_load(*, coordinator: User) -> int:
    """Create the demo reports; returns how many. Skips a report whose organisation is
    missing, not a signatory or signed after the year, and the "did not report" decision
    while that year's reports are still accepted."""
    today = timezone.localdate()
    year = today.year if today >= reporting_year(today.year).opens else today.year - 1
    # A day inside the reporting period on ``year``: reports on it can be started then.
    opened = reporting_year(year).opens
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
                organisation=organisations[NOT_REPORTED], year=year - 1, by=coordinator
            )
    return created
