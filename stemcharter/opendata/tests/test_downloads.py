"""The downloads: served whole from the newest ready build, also while a new one is built;
503 with Retry-After before the first build; headers for caches and browsers."""

from unittest import mock

import pytest
from django.test import Client

from stemcharter.opendata import exports
from stemcharter.opendata.datasets import Dataset, registered
from stemcharter.opendata.exports import ARCHIVE_NAME, open_data_build
from stemcharter.opendata.models import OpenDataExport

from .conftest import SubregionRowSerializer, make_subregions, public_subregions, stored

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CSV_URL = "/en/open-data/test-subregions.csv"
JSON_URL = "/en/open-data/test-subregions.json"
ZIP_URL = "/en/open-data/stemcharter-open-data.zip"


def _body(response) -> bytes:
    # Reading it to the end closes it (the test client's wrapper): the file is closed, and the
    # database connection is kept, as close() would not.
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, ZIP_URL, "/open-data/test-subregions.csv"])
def test_before_the_first_build_a_download_answers_503_with_retry_after(dataset, url):
    response = Client().get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "3600"
    assert "no-cache" in response["Cache-Control"]
    assert not response.get("Content-Disposition")


def test_while_the_first_build_runs_the_503_says_so(dataset):
    exports.open_data_build_start()
    response = Client().get(CSV_URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert b"being built right now" in response.content


def test_a_download_is_the_stored_file_with_headers_for_browsers_and_caches(dataset, province):
    make_subregions(province, 3)
    export = open_data_build(datasets=[dataset])
    for url, name, content_type in (
        (CSV_URL, "test-subregions.csv", "text/csv; charset=utf-8"),
        (JSON_URL, "test-subregions.json", "application/json"),
        (ZIP_URL, ARCHIVE_NAME, "application/zip"),
    ):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert _body(response) == stored(export.files[name]["path"])
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["Content-Length"] == str(export.files[name]["size"])
        assert response["Cache-Control"] == "public, max-age=60"
        assert response["ETag"] == f'"opendata-{export.pk}-{name}"'
        assert response["Last-Modified"]
        assert "X-Page-Cache" not in response  # streamed, never kept in the page cache
        again = Client().get(url, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304
        assert again["ETag"] == response["ETag"]
        assert not again.content


def test_a_download_for_a_logged_in_person_is_private(dataset, admin, client):
    open_data_build(datasets=[dataset])
    client.force_login(admin)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    _body(response)


def test_unknown_datasets_and_formats_are_not_found(dataset):
    open_data_build(datasets=[dataset])
    assert Client().get("/en/open-data/nothing.csv").status_code == 404
    assert Client().get("/en/open-data/test-subregions.xlsx").status_code == 404
    assert Client().post(CSV_URL).status_code == 405


def test_a_dataset_registered_after_the_last_build_answers_503_until_the_next(dataset):
    open_data_build(datasets=[dataset])
    later = Dataset(
        key="test-later",
        title="Later",
        description="Registered after the build.",
        queryset=public_subregions,
        serializer_class=SubregionRowSerializer,
    )
    with registered(later):
        assert Client().get("/en/open-data/test-later.json").status_code == 503
        response = Client().get(CSV_URL)
        assert response.status_code == 200
        _body(response)


def test_during_a_rebuild_the_previous_build_is_served_whole(dataset, province):
    make_subregions(province, 3)
    previous = open_data_build(datasets=[dataset])
    old_csv = stored(previous.files["test-subregions.csv"]["path"])
    old_zip = stored(previous.files[ARCHIVE_NAME]["path"])
    make_subregions(province, 2, start=3)  # the new build has more rows
    seen = {}
    original_save = exports.default_storage.save

    def save(name, content, *args, **kwargs):
        # Halfway through writing the new build's files to the storage, a visitor downloads.
        saved = original_save(name, content, *args, **kwargs)
        if name.endswith("test-subregions.json") and "during" not in seen:
            assert OpenDataExport.objects.building().exists()
            seen["during"] = {url: Client().get(url) for url in (CSV_URL, ZIP_URL)}
            seen["page"] = Client().get("/en/open-data/")
        return saved

    with mock.patch.object(exports.default_storage, "save", save):
        new = open_data_build(datasets=[dataset])
    csv_during = seen["during"][CSV_URL]
    assert csv_during.status_code == 200
    assert csv_during["ETag"] == f'"opendata-{previous.pk}-test-subregions.csv"'
    assert _body(csv_during) == old_csv
    assert old_csv.decode("utf-8").count("\n") == 4  # the header and the 3 rows of then
    assert _body(seen["during"][ZIP_URL]) == old_zip
    assert b"A new build is running" in seen["page"].content

    # After the switch: the new file; a download begun before it ends with the old one whole.
    began = Client().get(CSV_URL)
    assert began["ETag"] == f'"opendata-{new.pk}-test-subregions.csv"'
    assert _body(began).decode("utf-8").count("\n") == 6


def test_a_download_begun_before_the_switch_ends_with_the_old_file_whole(dataset, province):
    make_subregions(province, 3)
    previous = open_data_build(datasets=[dataset])
    old = stored(previous.files["test-subregions.csv"]["path"])
    response = Client().get(CSV_URL)
    chunks = iter(response.streaming_content)
    first = next(chunks)
    make_subregions(province, 2, start=3)
    open_data_build(datasets=[dataset])  # a new build becomes current meanwhile
    assert first + b"".join(chunks) == old
