"""The charts of the coordinators' dashboard (``/beheer/inzicht/``): each figure of
``selectors`` as a ``Figure`` (what to draw and to list), drawn with the site's one chart code
(``common.charts``, as ``/sneeuwbal/``) and downloaded as CSV (``common.csv_export``) from the
same rows, so the picture, its table and the file can never disagree.

``FIGURES`` maps each chart's key (its CSV's name in the URL, ``/beheer/inzicht/<key>.csv``)
to the function that builds it; a figure runs only its own selector's queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stemcharter.common.charts import Chart, ChartTable, bar_chart, line_chart
from stemcharter.common.months import month_label
from stemcharter.reviews.registry import reviewable_kinds

from . import selectors
from .selectors import DashboardFilters

LINE = "line"
BAR = "bar"
NOTHING = "–"  # a cell without a value (a month without decisions has no median)


@dataclass(frozen=True)
class Figure:
    """One chart and its table: ``key`` (URL and HTML id), ``section`` (the heading it stands
    under), ``title``, ``description`` (what is counted, for the SVG and the page),
    ``label_header`` (the first column), ``labels`` (shown, and in the CSV beside the codes),
    ``keys`` (the CSV's codes: months as "YYYY-MM", subregions and terms by slug), ``series``
    (title, values), ``kind`` (LINE, BAR)."""

    key: str
    section: str
    title: str
    description: str
    label_header: str
    labels: list[str]
    keys: list[str]
    series: list[tuple[str, list]]
    kind: str = BAR
    options: dict = field(default_factory=dict)
    summary: str = ""  # a sentence under the heading: the figure's headline number

    @property
    def csv_header(self) -> list[str]:
        """The CSV's columns: the code (for machines), the label (for people, in the active
        language), then one per series."""
        return [_("Code"), self.label_header, *(title for title, _values in self.series)]

    def csv_rows(self) -> list[list]:
        """One row per label: its code ("YYYY-MM", a slug, a category's value), the label as the
        page shows it, then the values."""
        return [
            [key, self.labels[index], *(values[index] for _title, values in self.series)]
            for index, key in enumerate(self.keys)
        ]


def _monthly(rows: list[dict]) -> tuple[list[str], list[str], dict]:
    keys = [row["month"] for row in rows]
    options = {
        "x_label_rotation": -45 if len(keys) > 6 else 0,
        "show_minor_x_labels": len(keys) <= 12,
        "x_labels_major_every": max(1, len(keys) // 6),
        "include_x_axis": True,
    }
    return [month_label(key) for key in keys], keys, options


def _per_month(rows: list[dict], **fields) -> Figure:
    """A figure drawn as a line over the months of ``rows`` (each with its "month",
    "YYYY-MM"), labelled as the active language names them; ``fields``: the ``Figure``'s own
    (``key``, ``section``, ``title``, ``description``, ``series``, ``summary``)."""
    labels, keys, options = _monthly(rows)
    return Figure(
        label_header=_("Month"),
        labels=labels,
        keys=keys,
        kind=LINE,
        options=options,
        **fields,
    )


def _signatories_category(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.signatories_by_category(filters=filters)
    return Figure(
        key="ondertekenaars-per-categorie",
        section="signatories",
        title=_("Signatories per category"),
        description=_(
            "Signatories (organisations and private persons) whose signature was approved in "
            "the period, per category. The table gives the same numbers."
        ),
        label_header=_("Category"),
        labels=[row["label"] for row in rows],
        keys=[row["value"] for row in rows],
        series=[(_("Signatories"), [row["count"] for row in rows])],
        options={"horizontal": True},
    )


def _signatories_subregion(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.signatories_by_subregion(filters=filters)
    return Figure(
        key="ondertekenaars-per-subregio",
        section="signatories",
        title=_("Signatories per subregion"),
        description=_(
            "Signatories active in each subregion, approved in the period; one active in "
            "several subregions counts in each. The table gives the same numbers."
        ),
        label_header=_("Subregion"),
        labels=[row["name"] for row in rows],
        keys=[row["slug"] for row in rows],
        series=[(_("Signatories"), [row["count"] for row in rows])],
        options={"horizontal": True},
    )


def _signatories_time(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.signatories_over_time(filters=filters, today=today)
    return _per_month(
        rows,
        key="ondertekenaars-per-maand",
        section="signatories",
        title=_("Signatories over time"),
        description=_(
            "The number of signatories at the end of each month (Brussels time), and how many "
            "were approved that month. The table gives the same numbers."
        ),
        series=[
            (_("Signatories in all"), [row["total"] for row in rows]),
            (_("New that month"), [row["new"] for row in rows]),
        ],
    )


def _terms(key: str, title: str, description: str, header: str, rows: list[dict]) -> Figure:
    return Figure(
        key=key,
        section="actions",
        title=title,
        description=description,
        label_header=header,
        labels=[row["name"] for row in rows],
        keys=[row["slug"] for row in rows],
        series=[(_("Published actions"), [row["count"] for row in rows])],
        options={"horizontal": True},
    )


def _actions_type(filters: DashboardFilters, today: datetime.date) -> Figure:
    return _terms(
        "acties-per-type",
        _("Actions per type"),
        _("Actions first published in the period, per type. The table gives the same numbers."),
        _("Type"),
        selectors.actions_by_type(filters=filters),
    )


def _actions_audience(filters: DashboardFilters, today: datetime.date) -> Figure:
    return _terms(
        "acties-per-doelgroep",
        _("Actions per target audience"),
        _(
            "Actions first published in the period, per target audience; an action for several "
            "audiences counts in each. The table gives the same numbers."
        ),
        _("Target audience"),
        selectors.actions_by_audience(filters=filters),
    )


def _actions_discipline(filters: DashboardFilters, today: datetime.date) -> Figure:
    return _terms(
        "acties-per-discipline",
        _("Actions per STEM discipline"),
        _(
            "Actions first published in the period, per STEM discipline; an action of several "
            "disciplines counts in each. The table gives the same numbers."
        ),
        _("STEM discipline"),
        selectors.actions_by_discipline(filters=filters),
    )


def _reach(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.reach(filters=filters)
    names = {"actions": _("Actions published"), "events": _("Events held")}
    return Figure(
        key="bereik",
        section="reach",
        title=_("Places and participants"),
        description=_(
            "For the actions first published in the period and the events held in it (not "
            "cancelled): the places they offer (those with a number), the places taken, the "
            "registrations on this site and the people present (for events, as their "
            "organisers recorded). The table gives the same numbers and how many have no "
            "limit."
        ),
        label_header=_("Kind"),
        labels=[names[row["kind"]] for row in rows],
        keys=[row["kind"] for row in rows],
        series=[
            (_("Number"), [row["items"] for row in rows]),
            (_("Places offered"), [row["places"] for row in rows]),
            (_("Without a limit"), [row["unlimited"] for row in rows]),
            (_("Places taken"), [row["taken"] for row in rows]),
            (_("Registrations"), [row["registrations"] for row in rows]),
            (_("Present"), [row["attended"] for row in rows]),
        ],
    )


def _stories(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.stories_per_month(filters=filters, today=today)
    return _per_month(
        rows,
        key="verhalen-per-maand",
        section="stories",
        title=_("Stories published per month"),
        description=_(
            "Stories first published per month (Brussels time), counted as the public numbers "
            "count them. The table gives the same numbers."
        ),
        series=[(_("Stories published"), [row["count"] for row in rows])],
        summary=ngettext(
            "%(count)d story published in the period.",
            "%(count)d stories published in the period.",
            sum(row["count"] for row in rows),
        )
        % {"count": sum(row["count"] for row in rows)},
    )


def _median_sentence(days: float | None, decisions: int) -> str:
    if days is None:
        return _("No decision in the period.")
    return ngettext(
        "Median wait: %(days)s days, over %(count)d decision.",
        "Median wait: %(days)s days, over %(count)d decisions.",
        decisions,
    ) % {"days": number_format(days, 1), "count": decisions}


def _support_sentence(data: dict) -> str:
    if not data["asked"]:
        return _("No school request in the period.")
    sentence = _("%(answered)d of %(asked)d requests were answered.") % data
    if data["median_days"] is not None:
        sentence += " " + _("Median time to the first offer: %(days)s days.") % {
            "days": number_format(data["median_days"], 1)
        }
    return sentence


def _review_decisions(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.review_decisions_per_month(filters=filters, today=today)
    return _per_month(
        rows,
        key="beoordelingen-per-maand",
        section="reviews",
        title=_("Review decisions per month"),
        description=_(
            "Decisions on submitted %(kinds)s per month (Brussels time): published, changes "
            "asked, rejected. The table gives the same numbers."
        )
        % {"kinds": reviewable_kinds()},
        series=[
            (_("Published"), [row["publish"] for row in rows]),
            (_("Changes asked"), [row["request_changes"] for row in rows]),
            (_("Rejected"), [row["reject"] for row in rows]),
        ],
    )


def _review_waits(filters: DashboardFilters, today: datetime.date) -> Figure:
    data = selectors.review_waiting_times(filters=filters, today=today)
    return _per_month(
        data["months"],
        key="wachttijd-beoordelingen",
        section="reviews",
        title=_("Waiting time for a review"),
        description=_(
            "The median number of days from a submission to its decision, per month of the "
            "decision. The table gives the same numbers and the number of decisions."
        ),
        series=[
            (_("Median days"), [row["median_days"] for row in data["months"]]),
            (_("Decisions"), [row["decisions"] for row in data["months"]]),
        ],
        summary=_median_sentence(data["median_days"], data["decisions"]),
    )


def _support(filters: DashboardFilters, today: datetime.date) -> Figure:
    data = selectors.support_requests_answered(filters=filters, today=today)
    return _per_month(
        data["months"],
        key="schoolvragen",
        section="support",
        title=_("School requests asked and answered"),
        description=_(
            "School requests per month they were asked (Brussels time), and how many of them "
            "were answered: the school accepted an offer. The table gives the same numbers."
        ),
        series=[
            (_("Asked"), [row["asked"] for row in data["months"]]),
            (_("Answered"), [row["answered"] for row in data["months"]]),
        ],
        summary=_support_sentence(data),
    )


def _gaps_subregion(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.gaps_by_subregion(filters=filters)
    return Figure(
        key="aanbod-per-subregio",
        section="gaps",
        title=_("On offer per subregion, least first"),
        description=_(
            "Actions and events first published in the period, per subregion, the subregions "
            "with the least first. The table gives the same numbers."
        ),
        label_header=_("Subregion"),
        labels=[row["name"] for row in rows],
        keys=[row["slug"] for row in rows],
        series=[
            (_("Actions"), [row["actions"] for row in rows]),
            (_("Events"), [row["events"] for row in rows]),
        ],
        options={"horizontal": True},
    )


def _gaps_audience(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.gaps_by_audience(filters=filters)
    return Figure(
        key="aanbod-per-doelgroep",
        section="gaps",
        title=_("On offer per target audience, least first"),
        description=_(
            "Actions first published in the period, per target audience, the audiences with "
            "the least first. The table gives the same numbers."
        ),
        label_header=_("Target audience"),
        labels=[row["name"] for row in rows],
        keys=[row["slug"] for row in rows],
        series=[(_("Published actions"), [row["count"] for row in rows])],
        options={"horizontal": True},
    )


def _progress_reports(filters: DashboardFilters, today: datetime.date) -> Figure:
    rows = selectors.progress_reports_per_year(filters=filters)
    return Figure(
        key="voortgangsrapporten",
        section="progress",
        title=_("Progress reports per year reported on"),
        description=_(
            "The signatories' yearly progress reports per year they report on: started (in "
            "any state), reported (published, waiting for review or with changes asked; not a "
            "draft, a rejected report or one taken offline), and published. The table gives "
            "the same numbers."
        ),
        label_header=_("Year"),
        labels=[str(row["year"]) for row in rows],
        keys=[str(row["year"]) for row in rows],
        series=[
            (_("Started"), [row["started"] for row in rows]),
            (_("Reported"), [row["reported"] for row in rows]),
            (_("Published"), [row["published"] for row in rows]),
        ],
    )


FigureBuilder = Callable[[DashboardFilters, datetime.date], Figure]

# In the order of the page.
FIGURES: dict[str, FigureBuilder] = {
    "ondertekenaars-per-categorie": _signatories_category,
    "ondertekenaars-per-subregio": _signatories_subregion,
    "ondertekenaars-per-maand": _signatories_time,
    "acties-per-type": _actions_type,
    "acties-per-doelgroep": _actions_audience,
    "acties-per-discipline": _actions_discipline,
    "bereik": _reach,
    "verhalen-per-maand": _stories,
    "beoordelingen-per-maand": _review_decisions,
    "wachttijd-beoordelingen": _review_waits,
    "schoolvragen": _support,
    "aanbod-per-subregio": _gaps_subregion,
    "aanbod-per-doelgroep": _gaps_audience,
    "voortgangsrapporten": _progress_reports,
}


def figure_chart(figure: Figure) -> Chart:
    """``figure`` drawn (``common.charts``), its table's empty cells shown as a dash."""
    draw = line_chart if figure.kind == LINE else bar_chart
    chart = draw(
        name=f"chart-{figure.key}",
        title=figure.title,
        description=figure.description,
        x_labels=figure.labels,
        series=figure.series,
        label_header=figure.label_header,
        **figure.options,
    )
    rows = [[NOTHING if cell is None else cell for cell in row] for row in chart.table.rows]
    return replace(chart, table=ChartTable(chart.table.caption, chart.table.headers, rows))


def dashboard_figures(
    *, filters: DashboardFilters, today: datetime.date, keys: Sequence[str] = ()
) -> list[tuple[Figure, Chart | None]]:
    """Every figure (or those of ``keys``) with its chart; no chart (None) for a figure without
    a row to draw."""
    result = []
    for key, build in FIGURES.items():
        if keys and key not in keys:
            continue
        figure = build(filters, today)
        result.append((figure, figure_chart(figure) if figure.keys else None))
    return result
