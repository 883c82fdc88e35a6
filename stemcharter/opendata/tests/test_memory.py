"""The build's memory stays flat whatever the size of a dataset: rows are read in chunks and
written as they come (100,000 actions must not be held at once)."""

import tracemalloc

import pytest

from stemcharter.opendata.exports import open_data_build
from stemcharter.regions.models import Subregion

pytestmark = pytest.mark.django_db


def _add(province, start: int, count: int) -> None:
    Subregion.objects.bulk_create(
        Subregion(
            province=province,
            name_nl=f"Subregio {i:06d}",
            name_en=f"Subregion {i:06d}",
            slug=f"m-{i}",
        )
        for i in range(start, start + count)
    )


def _peak(dataset) -> tuple[int, int]:
    tracemalloc.start()
    try:
        export = open_data_build(datasets=[dataset])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, export.files["test-subregions.csv"]["rows"]


def test_the_peak_memory_of_a_build_does_not_grow_with_the_rows(dataset, province):
    _add(province, 0, 10)
    open_data_build(datasets=[dataset])  # what is read once per process (templates, ...)
    Subregion.objects.filter(slug__startswith="m-").delete()
    _add(province, 0, 1_500)
    small, rows = _peak(dataset)
    assert rows == 1_500
    _add(province, 1_500, 6_000)
    large, rows = _peak(dataset)
    assert rows == 7_500
    # Five times the rows, about the same peak.
    # (Rows held at once would make it about five times; a chunk of 1,000 rows, the writers
    # and what a first build reads once make it about the same.)
    assert large < small * 2, (small, large)
