"""The open-data downloads (issue 15): every registered dataset (``datasets.py``) as CSV and
JSON, and one archive of them all, built by the task worker once a day
(``manage.py build_open_data``, ``tasks.open_data_build_task``). docs/open-data.md describes
the files for those who use them.

How a build goes (``open_data_build``):

1. ``open_data_build_start`` makes an ``OpenDataExport`` in the state ``building``. A
   database constraint allows one such row, so a second start while one builds is refused
   (``OpenDataBuildRunning``); a build older than ``OPEN_DATA_BUILD_TIMEOUT_MINUTES`` counts
   as failed first (a worker that died leaves its row behind), so the next one may start.
2. The files of every older build but the newest ready one are deleted: the downloads keep
   being served whole from that one while the new one is written.
3. Each dataset's queryset is read once, in chunks (``QuerySet.iterator``), each row written
   to its CSV and its JSON file in a temporary directory at the same time: memory holds a
   chunk, never the table. Then the archive, then everything to the default storage (S3 in
   production, ``MEDIA_ROOT`` in embedded mode) under ``opendata/<pk>/``.
4. Only then does the row become ``ready`` (only if it is still ``building``: a build that
   timed out meanwhile deletes its files and stays failed). The page and the downloads switch
   to it in one step; the previous build's files stay until the next build starts, so a
   download that began before the switch still ends whole.

The CSV (``write_csv_row``): UTF-8 with a byte order mark and ``;`` between columns, each
text cell made safe for spreadsheets, as every CSV of the platform (``common.csv_export``);
one column per serializer field, a nested object's fields as ``object.field`` columns, a list
of values joined with ``"; "``, a list of objects as compact JSON, ``true``/``false`` for
booleans, empty for nothing. The JSON is an object: the dataset's metadata (title,
description, licence, the fields with their descriptions in Dutch and English, when it was
built) and ``rows``, each row exactly as the API gives it, then ``count``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import gc
import json
import logging
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import fields as drf_fields
from rest_framework import relations, serializers
from rest_framework.utils.encoders import JSONEncoder

from stemcharter.common.csv_export import DELIMITER, csv_cell

from .datasets import Dataset, dataset_list
from .models import OpenDataExport

logger = logging.getLogger(__name__)

ARCHIVE_NAME = "stemcharter-open-data.zip"
FORMATS = ("csv", "json")
STORAGE_PREFIX = "opendata"
# Rows read from the database at a time (also with prefetch_related, which needs a size).
CHUNK_SIZE = 1000
LIST_SEPARATOR = "; "
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LANGUAGES = ("nl", "en")


class OpenDataBuildRunning(Exception):
    """A build is running already (``running``): a second one may not start."""

    def __init__(self, running: OpenDataExport | None):
        self.running = running
        super().__init__(
            f"An open-data build is running already (build {running.pk if running else '?'})."
        )


class OpenDataBuildTimedOut(Exception):
    """The build took longer than ``OPEN_DATA_BUILD_TIMEOUT_MINUTES`` and was marked failed
    meanwhile (another build may have started): its files were deleted."""


# --- the columns: the data dictionary ---------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a dataset's CSV: ``name`` (``province.name_nl`` for a field of a nested
    object), the ``path`` of keys to its value in a row of the serializer, its description
    (the field's ``help_text``) and what kind of value it holds, in words."""

    name: str
    path: tuple[str, ...]
    description: Promise | str
    kind: Promise | str


def _kind(field: drf_fields.Field) -> Promise | str:
    if isinstance(
        field,
        serializers.ListSerializer | relations.ManyRelatedField | drf_fields.ListField,
    ):
        return _("list")
    if isinstance(field, drf_fields.BooleanField):
        return _("true or false")
    if isinstance(field, drf_fields.IntegerField):
        return _("whole number")
    if isinstance(field, drf_fields.FloatField | drf_fields.DecimalField):
        return _("number")
    if isinstance(field, drf_fields.DateTimeField):
        return _("date and time (ISO 8601)")
    if isinstance(field, drf_fields.DateField):
        return _("date (YYYY-MM-DD)")
    if isinstance(field, drf_fields.URLField | relations.HyperlinkedRelatedField):
        return _("web address")
    return _("text")


def _columns(fields: dict, prefix: tuple[str, ...], inherited: Promise | str) -> list[Column]:
    found = []
    for name, field in fields.items():
        if field.write_only:
            continue
        path = (*prefix, name)
        description = field.help_text or inherited or ""
        if isinstance(field, serializers.BaseSerializer) and not isinstance(
            field, serializers.ListSerializer
        ):
            found += _columns(field.fields, path, description)
        else:
            found.append(Column(".".join(path), path, description, _kind(field)))
    return found


def dataset_columns(dataset: Dataset) -> list[Column]:
    """The columns of ``dataset``'s CSV, in the serializer's order: its fields, those of a
    nested serializer (one object, not a list) flattened to ``object.field``. Write-only
    fields are left out. A field without ``help_text`` of its own takes its object's."""
    return _columns(dataset.serializer_class().fields, (), "")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        if any(isinstance(item, dict | list) for item in value):
            return json.dumps(value, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":"))
        return LIST_SEPARATOR.join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def csv_values(row: dict, columns: list[Column]) -> list[Any]:
    """The cells of one row of the serializer (``row``) for ``columns`` (see the module):
    ``None`` (also for a missing nested object) empty, whole numbers as numbers, the rest as
    text, each through ``common.csv_export.csv_cell``."""
    cells = []
    for column in columns:
        value: Any = row
        for key in column.path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            cells.append(csv_cell(value))
        else:
            cells.append(csv_cell(_text(value)))
    return cells


# --- starting, finishing, cleaning up --------------------------------------------------------


def build_timeout() -> datetime.timedelta:
    """How long a build may take before it counts as failed
    (``OPEN_DATA_BUILD_TIMEOUT_MINUTES``)."""
    return datetime.timedelta(minutes=settings.OPEN_DATA_BUILD_TIMEOUT_MINUTES)


def open_data_build_expire(*, now: datetime.datetime | None = None) -> int:
    """Marks each build that has been building longer than ``build_timeout()`` as failed (its
    worker died or hangs), so a new one may start. Returns how many it marked."""
    now = now or timezone.now()
    minutes = settings.OPEN_DATA_BUILD_TIMEOUT_MINUTES
    return (
        OpenDataExport.objects.building()
        .filter(started_at__lt=now - build_timeout())
        .update(
            status=OpenDataExport.Status.FAILED,
            finished_at=now,
            error=f"Timed out: still building after {minutes} minutes.",
        )
    )


def open_data_build_start(*, now: datetime.datetime | None = None) -> OpenDataExport:
    """A new build in the state ``building``, after expiring the stuck ones
    (``open_data_build_expire``). Raises ``OpenDataBuildRunning`` while another builds: the
    constraint ``opendata_export_one_building`` refuses the second row, also when two workers
    start at the same moment."""
    now = now or timezone.now()
    open_data_build_expire(now=now)
    try:
        with transaction.atomic():
            return OpenDataExport.objects.create(started_at=now)
    except IntegrityError:
        raise OpenDataBuildRunning(OpenDataExport.objects.building().first()) from None


def _build_folder(export_pk: int) -> str:
    return f"{STORAGE_PREFIX}/{export_pk}"


def _delete_files(export_pk: int) -> None:
    """Deletes whatever the build ``export_pk`` left in the storage (also the files of a build
    whose worker died before it recorded them)."""
    folder = _build_folder(export_pk)
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    # A local folder stays behind empty otherwise; S3 has no folders (nor path()).
    with contextlib.suppress(NotImplementedError, OSError):
        Path(default_storage.path(folder)).rmdir()


def open_data_cleanup(*, keep: OpenDataExport) -> int:
    """Deletes the files and rows of every build but ``keep`` (the new one), the newest ready
    one (still served while ``keep`` is written) and any other that is building. Returns how
    many builds it deleted."""
    newest_ready = current_export()
    kept = {keep.pk} | ({newest_ready.pk} if newest_ready else set())
    old = OpenDataExport.objects.exclude(pk__in=kept).exclude(status=OpenDataExport.Status.BUILDING)
    count = 0
    for pk in old.values_list("pk", flat=True):
        _delete_files(pk)
        OpenDataExport.objects.filter(pk=pk).delete()
        count += 1
    return count


def current_export() -> OpenDataExport | None:
    """The newest ready build: the one the page shows and the downloads serve (one query)."""
    return OpenDataExport.objects.ready().order_by("-finished_at", "-pk").first()


# --- writing ---------------------------------------------------------------------------------


class _SiteRequest(HttpRequest):
    """A request for ``SITE_URL``, so that serializers that write absolute addresses (DRF's
    hyperlinked fields) write the site's own in the files."""

    def __init__(self):
        super().__init__()
        site = urlsplit(settings.SITE_URL)
        self._site_scheme = site.scheme or "https"
        self.META["HTTP_HOST"] = site.netloc
        self.META["SERVER_NAME"] = site.hostname or ""
        self.META["SERVER_PORT"] = str(site.port or (443 if self._site_scheme == "https" else 80))
        self.method = "GET"
        self.path = self.path_info = "/"

    def _get_scheme(self) -> str:
        return self._site_scheme


def _in_languages(text: Promise | str) -> dict[str, str]:
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


def _attribution() -> Promise | str:
    return _("Source: STEM-charter, %(url)s, licence CC BY 4.0") % {"url": _page_url()}


def _page_url() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL.rstrip("/") + reverse("opendata:open-data")


def _json_head(dataset: Dataset, columns: list[Column], built_at: datetime.datetime) -> dict:
    return {
        "dataset": dataset.key,
        "title": _in_languages(dataset.title),
        "description": _in_languages(dataset.description),
        "source": _page_url(),
        "licence": {
            "name": LICENCE_NAME,
            "url": LICENCE_URL,
            "attribution": {language: _attribution_in(language) for language in LANGUAGES},
        },
        "built_at": built_at.isoformat(),
        "fields": [
            {
                "name": column.name,
                "description": _in_languages(column.description),
                "kind": _in_languages(column.kind),
            }
            for column in columns
        ],
    }


def _attribution_in(language: str) -> str:
    with translation.override(language):
        return str(_attribution())


def _write_dataset(dataset: Dataset, folder: Path, built_at: datetime.datetime) -> int:
    """Writes ``<key>.csv`` and ``<key>.json`` of ``dataset`` into ``folder`` in one pass over
    its queryset; returns the number of rows."""
    columns = dataset_columns(dataset)
    serializer = dataset.serializer_class(context={"request": _SiteRequest()})
    encoder = JSONEncoder(ensure_ascii=False)
    count = 0
    csv_path = folder / f"{dataset.key}.csv"
    json_path = folder / f"{dataset.key}.json"
    with (
        csv_path.open("w", encoding="utf-8", newline="") as csv_file,
        json_path.open("w", encoding="utf-8") as json_file,
    ):
        csv_file.write("\ufeff")
        writer = csv.writer(csv_file, delimiter=DELIMITER)
        writer.writerow([csv_cell(column.name) for column in columns])
        head = encoder.encode(_json_head(dataset, columns, built_at))
        json_file.write(head[:-1] + ', "rows": [')
        for row in dataset.queryset().iterator(chunk_size=CHUNK_SIZE):
            data = serializer.to_representation(row)
            writer.writerow(csv_values(data, columns))
            json_file.write(("\n" if count == 0 else ",\n") + encoder.encode(data))
            count += 1
            if count % CHUNK_SIZE == 0:
                # A prefetched row and its related querysets refer to each other: without a
                # collection now and then, rows done with would pile up until a full one.
                gc.collect()
        json_file.write(f'\n], "count": {count}}}\n')
    return count


def _write_archive(folder: Path, names: list[str], datasets: list[Dataset]) -> Path:
    readme = "\n\n".join(_readme_in(language, datasets) for language in LANGUAGES)
    archive = folder / ARCHIVE_NAME
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("README.txt", readme)
        for name in names:
            zipped.write(folder / name, arcname=name)
    return archive


def _readme_in(language: str, datasets: list[Dataset]) -> str:
    with translation.override(language):
        return render_to_string(
            "opendata/README.txt",
            {
                "datasets": [
                    {"dataset": dataset, "columns": dataset_columns(dataset)}
                    for dataset in datasets
                ],
                "page_url": _page_url(),
                "licence_name": LICENCE_NAME,
                "licence_url": LICENCE_URL,
                "attribution": _attribution(),
                "list_separator": LIST_SEPARATOR.strip(),
            },
        )


def _finish(export: OpenDataExport, files: dict) -> bool:
    """Marks ``export`` ready with ``files``, only if it is still building."""
    return bool(
        OpenDataExport.objects.filter(pk=export.pk, status=OpenDataExport.Status.BUILDING).update(
            status=OpenDataExport.Status.READY, finished_at=timezone.now(), files=files
        )
    )


def _fail(export: OpenDataExport, error: str) -> None:
    OpenDataExport.objects.filter(pk=export.pk, status=OpenDataExport.Status.BUILDING).update(
        status=OpenDataExport.Status.FAILED, finished_at=timezone.now(), error=error[:2000]
    )


def open_data_build(*, datasets: list[Dataset] | None = None) -> OpenDataExport:
    """Builds the downloads of ``datasets`` (every registered one by default) and makes them
    the current ones; returns the build, ``ready``. See the module for the steps.

    Raises ``OpenDataBuildRunning`` when another build runs (nothing done),
    ``OpenDataBuildTimedOut`` when this one took so long that it was marked failed meanwhile,
    and whatever writing raised (the build is then ``failed`` with the error, and its files are
    deleted; the previous ready build stays current).
    """
    datasets = dataset_list() if datasets is None else datasets
    export = open_data_build_start()
    try:
        open_data_cleanup(keep=export)
        files: dict[str, dict] = {}
        folder_name = _build_folder(export.pk)
        with tempfile.TemporaryDirectory(prefix="opendata-") as temporary:
            folder = Path(temporary)
            names = []
            with translation.override(settings.LANGUAGE_CODE):
                for dataset in datasets:
                    rows = _write_dataset(dataset, folder, export.started_at)
                    for extension in FORMATS:
                        name = f"{dataset.key}.{extension}"
                        names.append(name)
                        files[name] = {"rows": rows}
            _write_archive(folder, names, datasets)
            files[ARCHIVE_NAME] = {}
            for name, info in files.items():
                path = folder / name
                with path.open("rb") as handle:
                    info["path"] = default_storage.save(f"{folder_name}/{name}", File(handle))
                info["size"] = path.stat().st_size
    except Exception as error:
        logger.exception("The open-data build %s failed.", export.pk)
        _fail(export, f"{type(error).__name__}: {error}")
        _delete_files(export.pk)
        raise
    if not _finish(export, files):
        _delete_files(export.pk)
        raise OpenDataBuildTimedOut(
            f"The open-data build {export.pk} timed out and was marked failed; its files "
            "were deleted."
        )
    export.refresh_from_db()
    logger.info("The open-data build %s is ready: %s files.", export.pk, len(files))
    return export
