"""What the page ``/open-data/`` and the downloads read."""

from django.conf import settings

from .datasets import dataset_list
from .exports import (
    ARCHIVE_NAME,
    FORMATS,
    LICENCE_NAME,
    LICENCE_URL,
    current_export,
    dataset_columns,
)
from .models import OpenDataExport


def open_data_page() -> dict:
    """The page's content, in two queries whatever the data: the current (newest ready) build
    and whether a newer one is being built. Per registered dataset its title, description,
    columns (the data dictionary) and, when the current build has it, its rows and each
    file's size; a dataset registered after that build has no files until the next one."""
    export = current_export()
    files = export.files if export else {}
    datasets = []
    for dataset in dataset_list():
        downloads = [
            {"format": extension, "size": files[f"{dataset.key}.{extension}"]["size"]}
            for extension in FORMATS
            if f"{dataset.key}.{extension}" in files
        ]
        csv_file = files.get(f"{dataset.key}.csv")
        datasets.append(
            {
                "dataset": dataset,
                "columns": dataset_columns(dataset),
                "rows": csv_file["rows"] if csv_file else None,
                "downloads": downloads,
            }
        )
    return {
        "export": export,
        "archive": files.get(ARCHIVE_NAME),
        "building": OpenDataExport.objects.building().exists(),
        "datasets": datasets,
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
