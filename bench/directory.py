"""Benchmark of /ondertekenaars/ and a profile page at growing numbers of signatories."""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import warnings

import django

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PAGES = {
    "list": "/ondertekenaars/",
    "list filtered": "/ondertekenaars/?category=company&category=education&sort=name",
    "list search": "/ondertekenaars/?q=signatory+01",
    "list page 5": "/ondertekenaars/?page=5",
}


def measure(client: Client, path: str, repeat: int) -> dict:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        client.get(path)
    tracemalloc.start()
    client.get(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "queries": len(queries),
        "peak_kib": peak / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from stemcharter.organisations.tests.signatories import make_signatories

        client = Client()
        made = 0
        print(f"database: {connection.vendor}")
        header = ("size", "page", "median ms", "max ms", "queries", "peak KiB")
        print("{:>6}  {:<15} {:>10} {:>8} {:>8} {:>9}".format(*header))
        for size in sorted(args.sizes):
            make_signatories(size - made, start=made)
            made = size
            pages = dict(PAGES, profile="/ondertekenaars/signatory-0003/")
            for label, path in pages.items():
                row = measure(client, path, args.repeat)
                print(
                    f"{size:>6}  {label:<15} {row['median_ms']:>10.1f} {row['max_ms']:>8.1f}"
                    f" {row['queries']:>8} {row['peak_kib']:>9.0f}"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
