"""The build of the open-data files: what they hold, one build at a time, stuck and failed
builds, and which builds' files are kept."""

import csv
import datetime
import io
import json
import zipfile
from io import StringIO
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from stemcharter.opendata import exports
from stemcharter.opendata.datasets import dataset_get
from stemcharter.opendata.exports import (
    ARCHIVE_NAME,
    OpenDataBuildRunning,
    OpenDataBuildTimedOut,
    open_data_build,
    open_data_build_start,
)
from stemcharter.opendata.models import OpenDataExport
from stemcharter.regions.tests.factories import SubregionFactory

from .conftest import make_subregions, stored

pytestmark = pytest.mark.django_db
Status = OpenDataExport.Status


def _csv_rows(path: str) -> list[list[str]]:
    text = stored(path).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_build_writes_each_dataset_as_csv_and_json_with_only_the_public_rows(dataset, province):
    first, second, third = make_subregions(province, 3)
    first.neighbours.add(second, third)
    SubregionFactory(province=province, name_nl="Verborgen", slug="verborgen")  # not public
    third.name_nl = "Subregio =SUM(A1) Élan"
    third.save()

    export = open_data_build(datasets=[dataset])

    assert export.status == Status.READY
    assert export.finished_at
    assert not export.error
    csv_file = export.files["test-subregions.csv"]
    assert csv_file["path"] == f"opendata/{export.pk}/test-subregions.csv"
    assert csv_file["rows"] == 3
    assert csv_file["size"] == default_storage.size(csv_file["path"])
    rows = _csv_rows(csv_file["path"])
    assert rows[0] == ["slug", "name", "province.slug", "province.name", "neighbours", "id"]
    assert rows[1] == ["t-0", "Subregio 0000", "test-west", "West", "t-1; t-2", str(first.pk)]
    assert rows[2][4] == "t-0"  # symmetrical neighbours
    # A text a spreadsheet would take for a formula is neutralised; the letters stay.
    assert [row[1] for row in rows[1:]] == [
        "Subregio 0000",
        "Subregio 0001",
        "Subregio =SUM(A1) Élan",
    ]
    assert "verborgen" not in stored(csv_file["path"]).decode()

    data = json.loads(stored(export.files["test-subregions.json"]["path"]))
    assert data["dataset"] == "test-subregions"
    assert data["count"] == 3 == export.files["test-subregions.json"]["rows"]
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "/open-data/" in data["licence"]["attribution"]["en"]
    assert data["title"]["en"] == "Regions"
    assert [field["name"] for field in data["fields"]] == rows[0]
    assert data["fields"][2]["description"]["en"] == "The province's code in addresses."
    assert data["rows"][0] == {
        "slug": "t-0",
        "name": "Subregio 0000",
        "province": {"slug": "test-west", "name": "West"},
        "neighbours": ["t-1", "t-2"],
        "id": first.pk,
    }
    assert data["rows"][2]["name"] == "Subregio =SUM(A1) Élan"  # JSON keeps the exact value


def test_build_writes_an_archive_of_every_file_with_a_readme(dataset, province):
    make_subregions(province, 2)
    export = open_data_build(datasets=[dataset])
    archive = export.files[ARCHIVE_NAME]
    assert archive["path"] == f"opendata/{export.pk}/{ARCHIVE_NAME}"
    with zipfile.ZipFile(io.BytesIO(stored(archive["path"]))) as zipped:
        assert sorted(zipped.namelist()) == [
            "README.txt",
            "test-subregions.csv",
            "test-subregions.json",
        ]
        assert zipped.read("test-subregions.csv") == stored(
            export.files["test-subregions.csv"]["path"]
        )
        readme = zipped.read("README.txt").decode()
    assert "CC BY 4.0" in readme
    assert "https://creativecommons.org/licenses/by/4.0/" in readme
    assert "province.name" in readme
    assert "The province's name in Dutch." in readme


def test_an_empty_dataset_gives_a_header_and_no_rows(dataset):
    export = open_data_build(datasets=[dataset])
    assert _csv_rows(export.files["test-subregions.csv"]["path"]) == [
        ["slug", "name", "province.slug", "province.name", "neighbours", "id"]
    ]
    data = json.loads(stored(export.files["test-subregions.json"]["path"]))
    assert data["rows"] == []
    assert data["count"] == 0


def test_build_reads_the_rows_in_chunks(dataset, province, monkeypatch):
    """The queryset is iterated, never loaded whole (memory stays flat at any size)."""
    make_subregions(province, 5)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    calls = []
    original = type(dataset.queryset()).iterator

    def iterator(self, chunk_size=None):
        calls.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    with mock.patch.object(type(dataset.queryset()), "iterator", iterator):
        export = open_data_build(datasets=[dataset])
    assert calls == [2]
    assert export.files["test-subregions.csv"]["rows"] == 5


def test_a_second_build_while_one_builds_is_refused(dataset):
    running = open_data_build_start()
    with pytest.raises(OpenDataBuildRunning) as refused:
        open_data_build(datasets=[dataset])
    assert refused.value.running == running
    assert OpenDataExport.objects.count() == 1
    out = StringIO()
    call_command("build_open_data", "--now", stdout=out)
    assert "running already" in out.getvalue()
    assert OpenDataExport.objects.count() == 1


def test_a_stuck_build_times_out_so_a_new_one_may_start(dataset, settings):
    settings.OPEN_DATA_BUILD_TIMEOUT_MINUTES = 60
    stuck = open_data_build_start(now=timezone.now() - datetime.timedelta(minutes=59))
    with pytest.raises(OpenDataBuildRunning):
        open_data_build(datasets=[dataset])
    OpenDataExport.objects.filter(pk=stuck.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    new = open_data_build_start()
    assert new.status == Status.BUILDING
    stuck.refresh_from_db()
    assert stuck.status == Status.FAILED
    assert "Timed out" in stuck.error
    assert stuck.finished_at


def test_after_a_stuck_build_the_next_daily_build_runs_and_clears_it(dataset, settings):
    stuck = open_data_build_start(now=timezone.now() - datetime.timedelta(minutes=61))
    export = open_data_build(datasets=[dataset])
    assert export.status == Status.READY
    assert not OpenDataExport.objects.filter(pk=stuck.pk).exists()


def test_a_build_that_timed_out_meanwhile_stays_failed_and_leaves_no_files(dataset, province):
    make_subregions(province, 1)
    original = exports._write_archive

    def slow(*args, **kwargs):
        # Meanwhile the build counted as stuck and the next one began.
        OpenDataExport.objects.building().update(
            started_at=timezone.now() - datetime.timedelta(hours=2)
        )
        assert exports.open_data_build_expire() == 1
        return original(*args, **kwargs)

    with mock.patch.object(exports, "_write_archive", slow), pytest.raises(OpenDataBuildTimedOut):
        open_data_build(datasets=[dataset])
    export = OpenDataExport.objects.get()
    assert export.status == Status.FAILED
    assert export.files == {}
    assert default_storage.listdir("opendata") == ([], []) or not default_storage.exists(
        f"opendata/{export.pk}/test-subregions.csv"
    )
    assert exports.current_export() is None


def test_a_failed_build_records_its_error_and_the_previous_one_stays_current(dataset, province):
    make_subregions(province, 1)
    previous = open_data_build(datasets=[dataset])
    with (
        mock.patch.object(
            dataset.serializer_class, "to_representation", side_effect=RuntimeError("broken")
        ),
        pytest.raises(RuntimeError),
    ):
        open_data_build(datasets=[dataset])
    failed = OpenDataExport.objects.exclude(pk=previous.pk).get()
    assert failed.status == Status.FAILED
    assert failed.error == "RuntimeError: broken"
    assert not default_storage.exists(f"opendata/{failed.pk}/test-subregions.csv")
    assert exports.current_export() == previous
    assert default_storage.exists(previous.files["test-subregions.csv"]["path"])


def test_a_new_build_keeps_only_the_newest_ready_one_and_deletes_older_files(dataset, province):
    make_subregions(province, 1)
    first = open_data_build(datasets=[dataset])
    second = open_data_build(datasets=[dataset])
    # The previous build stays until the next one starts (a download of it may be running).
    assert default_storage.exists(first.files["test-subregions.csv"]["path"])
    third = open_data_build(datasets=[dataset])
    assert not OpenDataExport.objects.filter(pk=first.pk).exists()
    for name in first.files:
        assert not default_storage.exists(first.files[name]["path"])
    assert set(OpenDataExport.objects.values_list("pk", flat=True)) == {second.pk, third.pk}
    assert default_storage.exists(second.files[ARCHIVE_NAME]["path"])
    assert exports.current_export() == third


def test_the_command_queues_the_task_which_builds_every_registered_dataset(dataset, province):
    make_subregions(province, 2)
    out = StringIO()
    call_command("build_open_data", stdout=out)  # the tests' task backend runs it at once
    assert "Queued" in out.getvalue()
    export = exports.current_export()
    assert export.files["test-subregions.csv"]["rows"] == 2
    assert dataset_get("test-subregions") is dataset


def test_the_command_builds_now(dataset, province):
    make_subregions(province, 2)
    out = StringIO()
    call_command("build_open_data", "--now", stdout=out)
    assert "is ready" in out.getvalue()
    assert exports.current_export().status == Status.READY
