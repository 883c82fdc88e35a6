"""The public pages timed inside one process (Django's test client, no network, no server).

What the app's own work costs per request, without gunicorn, wrk or the other load of a busy
machine in between: each page is requested ``--repeat`` times after ``--warmup`` requests, and
the median and the best time are printed, the median CPU time of this process (the Python side
of a request, which a busy machine disturbs less), the number of queries and their time. The
database is one that ``bench/run`` built (``stem_bench_<scale>``); ``--profile PAGE`` prints
the functions that take the most time on that page (cProfile).

    .venv/bin/python bench/inprocess.py --scale large
    .venv/bin/python bench/inprocess.py --scale large --pages catalogue --profile catalogue
    .venv/bin/python bench/inprocess.py --scale large --pages catalogue --after-change
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from run import PAGES, database_url, django_setup, page_paths  # noqa: E402


def measure(
    client, path: str, *, repeat: int, warmup: int, language: str, cold: bool, after_change: bool
) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stemcharter.common.fragments import forget_kept
    from stemcharter.common.page_cache import content_changed

    headers = {"Accept-Language": language}
    for _ in range(warmup):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
    timings, cpu = [], []
    for _ in range(repeat):
        if cold:
            forget_kept()
        if after_change:
            # What the save of an action this page does not show does to the caches (the
            # generation of public content moves on), without writing to the database.
            content_changed()
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(path, headers=headers)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    if cold:
        forget_kept()
    if after_change:
        content_changed()
    with CaptureQueriesContext(connection) as queries:
        client.get(path, headers=headers)
    return {
        "median": statistics.median(timings),
        "best": min(timings),
        # CPU time of this process alone (Python: views, templates, the ORM, the driver), which
        # other processes on a busy machine disturb much less than the wall-clock time.
        "cpu": statistics.median(cpu),
        "queries": len(queries),
        "query_ms": sum(float(query["time"]) for query in queries) * 1000,
        "slowest": max((float(query["time"]) * 1000, query["sql"]) for query in queries)
        if queries
        else (0, ""),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "large"], default="large")
    names = [name for name in PAGES if name != "sitemap section"]
    parser.add_argument("--pages", nargs="+", choices=names, default=names)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--language", default="nl")
    parser.add_argument("--profile", choices=names, help="cProfile this page")
    parser.add_argument("--show-sql", action="store_true", help="print each page's slowest query")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the fragments' cache (cards, panels, cached queries) before each request: "
        "the first request after a change to public content",
    )
    parser.add_argument(
        "--after-change",
        action="store_true",
        help="move the generation of public content on before each request, as the save of "
        "an item the page does not show does (nothing is written): the first request after "
        "someone else's change",
    )
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Uncached, as bench/run measures by default: the page cache stores nothing.
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
    # The cache the pages use, as bench/run gives it to gunicorn (it is emptied first).
    os.environ.setdefault("CACHE_URL", os.environ.get("BENCH_CACHE_URL", "locmemcache://bench"))
    django_setup(database_url(args.scale))
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from stemcharter.common.page_cache import content_changed

    # Not setup_test_environment(): its instrumented rendering copies every template context.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    cache.clear()
    client = Client()
    paths = page_paths(args.pages)
    print(
        f"{'page':22} {'median ms':>10} {'best ms':>8} {'cpu ms':>7} {'queries':>8} {'query ms':>9}"
    )
    for name, path in paths.items():
        result = measure(
            client,
            path,
            repeat=args.repeat,
            warmup=args.warmup,
            language=args.language,
            cold=args.cold,
            after_change=args.after_change,
        )
        print(
            f"{name:22} {result['median']:10.1f} {result['best']:8.1f} {result['cpu']:7.1f} "
            f"{result['queries']:8d} {result['query_ms']:9.1f}"
        )
        if args.show_sql:
            print(f"    slowest {result['slowest'][0]:.1f} ms: {result['slowest'][1][:400]}")
    if args.profile:
        path = paths.get(args.profile) or page_paths([args.profile])[args.profile]
        profiler = cProfile.Profile()
        for _ in range(args.repeat):
            if args.after_change:
                content_changed()
            profiler.enable()
            client.get(path, headers={"Accept-Language": args.language})
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
