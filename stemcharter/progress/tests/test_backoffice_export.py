"""The CSV download of the back office's overview of the yearly reports
(``/beheer/voortgang/export.csv``): the page's rows with its filters, labels not codes, the
same access (a contact point only the signatories of their subregions), bad filters refused."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.progress.models import YearlyReporting
from stemcharter.progress.selectors import REPORT_STATUSES

from .conftest import NOT_REPORTED, many_signatories
from .test_backoffice import OVERVIEW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EXPORT = "/en/beheer/voortgang/export.csv"


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


def test_the_address():
    assert reverse("backoffice:progress-report-export") == EXPORT


def test_the_page_links_to_the_download_with_its_filters(client, today, signatories, coordinator):
    today(NOT_REPORTED)
    client.force_login(coordinator)
    page = client.get(OVERVIEW, {"jaar": "2026", "status": "not_reported"})
    assert f'href="{EXPORT}?jaar=2026&amp;status=not_reported"' in page.text
    assert "Download these 3 signatories as a spreadsheet (CSV)" in page.text


def test_the_rows_of_the_filters_with_labels(client, today, signatories, coordinator):
    today(NOT_REPORTED)
    YearlyReporting.objects.create(organisation=signatories["draft"], year=2026)
    client.force_login(coordinator)
    header, *rows = rows_of(client.get(EXPORT, {"jaar": "2026", "status": "not_reported"}))
    assert header[:3] == ["Signatory", "Year reported on", "Report"]
    assert [row[:3] for row in rows] == [
        ["A none", "2026", "Not reported"],
        ["B draft", "2026", "Not reported"],
        ["F elsewhere", "2026", "Not reported"],
    ]
    everyone = rows_of(client.get(EXPORT, {"jaar": "2026"}))[1:]
    assert {row[0]: row[2] for row in everyone}["E published"] == "Published"
    assert len(everyone) == 6


def test_a_contact_point_gets_only_their_subregions(client, today, signatories, contact_point):
    client.force_login(contact_point)
    names = [row[0] for row in rows_of(client.get(EXPORT, {"jaar": "2026"}))[1:]]
    assert names == ["A none", "B draft", "C sent", "D changes", "E published"]
    assert "F elsewhere" not in names


def test_who_may_download(client, today, signatories):
    assert client.get(EXPORT).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(EXPORT).status_code == 403


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"jaar": "1999"}, "There are no reports on “1999”: choose a year from 2024 to 2026."),
        ({"jaar": "abc"}, "There are no reports on “abc”: choose a year from 2024 to 2026."),
        ({"jaar": "2027"}, "There are no reports on “2027”: choose a year from 2024 to 2026."),
        (
            {"jaar": "2026", "status": "zzz"},
            "There is no status “zzz”: choose one of “Not started” (status=none), "
            "“Draft” (status=draft),",
        ),
    ],
)
def test_bad_filters_are_refused(client, today, signatories, coordinator, params, message):
    client.force_login(coordinator)
    response = client.get(EXPORT, params)
    assert response.status_code == 400
    # As every CSV download with filters (common.csv_export.csv_refused).
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "The CSV file was not made: a filter is not valid." in response.text
    assert message in response.text
    assert "so we show" not in response.text  # no file is shown: the page's words are not true


def test_a_bad_status_is_refused_naming_the_statuses_by_their_labels(
    client, today, signatories, coordinator
):
    """The choices in the reader's words (the filter's labels), the link's code only beside
    each: never a sentence of codes ("none, draft, waiting")."""
    client.force_login(coordinator)
    response = client.get(EXPORT, {"jaar": "2026", "status": "zzz"})
    assert response.status_code == 400
    for code, label in REPORT_STATUSES.items():
        assert f"“{label}” (status={code})" in response.text
    assert "none, draft" not in response.text
    assert "or leave the status out for every signatory." in response.text


@pytest.mark.parametrize("size", [1, 12])
def test_the_query_count_does_not_grow(client, today, coordinator, subregion, size):
    many_signatories(subregion, size)
    client.force_login(coordinator)
    client.get(OVERVIEW)  # the session and permissions warmed up
    with CaptureQueriesContext(connection) as queries:
        assert len(rows_of(client.get(EXPORT, {"jaar": "2026"}))) == size + 1
    assert len(queries) == EXPECTED_EXPORT_QUERIES


# The session and user, the permission check, the (cached) content generation and the rows:
# the same at every size (the overview's page less its count).
EXPECTED_EXPORT_QUERIES = 4


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/en", "progress-reports-2026-not-reported.csv"),
        ("", "voortgangsrapporten-2026-niet-gerapporteerd.csv"),
    ],
)
def test_the_file_name_is_in_the_request_language(
    client, today, signatories, coordinator, prefix, expected
):
    today(NOT_REPORTED)
    client.force_login(coordinator)
    response = client.get(
        f"{prefix}/beheer/voortgang/export.csv", {"jaar": "2026", "status": "not_reported"}
    )
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
