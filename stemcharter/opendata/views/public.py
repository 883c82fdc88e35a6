"""The public open-data page and its downloads (``/open-data/``)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from ..datasets import dataset_get
from ..exports import ARCHIVE_NAME, current_export
from ..models import OpenDataExport
from ..selectors import open_data_page

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "zip": "application/zip",
}
# Seconds a client should wait before asking again when there is nothing to serve yet: a build
# takes minutes, the daily one comes at most a day later.
RETRY_WHILE_BUILDING = 300
RETRY_BEFORE_ANY_BUILD = 3600


class OpenDataView(TemplateView):
    """``/open-data/``: what is offered, the licence, the date of the current build, and per
    dataset its title, description, rows, files and data dictionary
    (``selectors.open_data_page``)."""

    template_name = "opendata/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(open_data_page())
        return context


def _unavailable(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: no build is ready yet (or its file is gone)."""
    building = OpenDataExport.objects.building().exists()
    response = TemplateResponse(
        request, "opendata/unavailable.html", {"building": building}, status=503
    )
    response["Retry-After"] = str(RETRY_WHILE_BUILDING if building else RETRY_BEFORE_ANY_BUILD)
    return response


def _serve(request: HttpRequest, export: OpenDataExport | None, filename: str) -> HttpResponse:
    """The file ``filename`` of the current (newest ready) build, streamed from the storage.

    A build being written is never served: only a ready build's files are, and they stay until
    the next build starts, so a download that began before a new build became current ends
    with the whole of the old file. ``ETag`` names the build and the file, so a client that
    has it gets ``304`` (``ConditionalGetMiddleware``); public for ``PUBLIC_PAGES_MAX_AGE``
    like any anonymous page (``CacheControlMiddleware``), and never stored by the page cache
    (a streaming response).
    """
    info = export.files.get(filename) if export else None
    if info is None:
        return _unavailable(request)
    etag = f'"opendata-{export.pk}-{filename}"'
    last_modified = int(export.finished_at.timestamp())
    # Answered here, before the file is opened: ConditionalGetMiddleware would answer 304 too,
    # but would drop the open file of the response it replaces without closing it.
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    try:
        handle = default_storage.open(info["path"], "rb")
    except FileNotFoundError:
        return _unavailable(request)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[filename.rsplit(".", 1)[1]],
    )
    response["Content-Length"] = str(info["size"])
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


@require_safe
def download(request: HttpRequest, dataset: str, extension: str) -> HttpResponse:
    """``/open-data/<dataset>.<csv|json>``: one dataset's file of the current build; 503
    before the first build, 404 for a dataset that is not registered."""
    export = current_export()
    if export is None:
        return _unavailable(request)
    try:
        dataset_get(dataset)
    except KeyError:
        raise Http404("No such dataset.") from None
    return _serve(request, export, f"{dataset}.{extension}")


@require_safe
def download_all(request: HttpRequest) -> HttpResponse:
    """``/open-data/stemcharter-open-data.zip``: every file of the current build with a README
    (the licence and the data dictionary); 503 before the first build."""
    return _serve(request, current_export(), ARCHIVE_NAME)
