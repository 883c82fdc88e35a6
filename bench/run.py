"""Load benchmark of the public pages: data at a scale, gunicorn, wrk, a report.

One command (``bench/run`` calls this with the project's Python):

    bench/run --scale small            # 1,000 actions; builds its database the first time
    bench/run --scale large            # 5,000 organisations, 100,000 actions, 20,000 stories

Steps: (1) the database ``stem_bench_<scale>`` on the PostgreSQL of ``BENCH_DATABASE_URL``
is built once (migrated, then filled by ``bench/data.py``, seeded; ``--rebuild`` builds it
again); (2) gunicorn serves the app on loopback with production-like settings: DEBUG off,
persistent database connections (``DATABASE_CONN_MAX_AGE=60``), the Redis cache of
``BENCH_CACHE_URL`` (flushed first), 2 sync workers, and the task worker beside it
(``manage.py db_worker``, as its systemd unit runs it); (3) every page is fetched once (it must
answer 200; its HTML is weighed raw and gzip-compressed, with its CSS and JS), then loaded by
wrk after a warm-up, the trivial view ``/robots.txt`` first and last as the floor; (4) the
viral scenario hammers one story page (``--viral-seconds``), through the app and, with
``--via-nginx URL``, through a reverse proxy in front of it, beside that proxy serving a static
file; (5) the report goes to ``bench/results/<scale>-<date>.json`` and ``.md``, with the ratio
to the floor, the worker's peak memory and, when the other scale has a report, large ÷ small.

Uncached by default: every request carries a query parameter of its own
(``nocache=<run>-<thread>-<n>``, which no page reads), so no cache keyed on the URL
(``cache_page``, a proxy's micro-cache) answers it; ``--cached`` sends the same URL every
time. Timing never fails the run; a page that answers anything but 200 (or a broken harness)
does.
"""

import argparse
import datetime
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import statistics
import subprocess  # nosec B404: starts gunicorn and wrk, fixed argument lists
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_CACHE = "redis://127.0.0.1:6379/8"
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
FLOOR = "floor"
# Page name: (kind for the targets, path or a key filled from the database).
PAGES = {
    FLOOR: ("floor", "/robots.txt"),
    "home": ("list", "/"),
    "directory filtered": ("list", "/ondertekenaars/?category=education"),
    "catalogue": ("list", "/acties/"),
    "catalogue subregion": ("list", "/acties/?subregion={subregion}"),
    "catalogue search": ("list", "/acties/?q=robot"),
    "stories": ("list", "/verhalen/"),
    "events": ("list", "/evenementen/"),
    "subregion": ("list", "/regio/{subregion}/"),
    "action": ("item", "/acties/{action}/"),
    "story": ("item", "/verhalen/{story}/"),
    "event": ("item", "/evenementen/{event}/"),
    "signatory": ("item", "/ondertekenaars/{signatory}/"),
    "action feed": ("other", "/acties/feed/rss/"),
    "sitemap section": ("other", "/sitemap-actions.xml?p=1"),
    # Issue 15: the public figures and the API (see SAME_URL).
    "numbers": ("list", "/in-cijfers/"),
    "api actions": ("list", "/api/v1/actions/"),
    "open data": ("other", "/open-data/"),
    # Embedded on other sites (issue 14): a signatory's badge and its widget.
    "badge": ("embed", "/ondertekenaars/{signatory}/badge.svg"),
    "widget": ("embed", "/ondertekenaars/{signatory}/widget/"),
}
# The targets (docs/performance.md): share of the floor's requests/s.
TARGETS = {"list": 0.10, "item": 0.15, "embed": 0.50}
P50_GROWTH_TARGET = 1.2
MEMORY_TARGET_MB = 200
COMPRESSED_TARGET_KB = 100
# Pages loaded with the same URL even in uncached runs: the API refuses a parameter it does not
# know (400, docs/api.md), and the page cache never keeps it (every request meets its rate
# limit), so the same URL measures its own work too.
SAME_URL = {"api actions"}

WRK_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  run = args[1]
  bust = args[2] == "1"
  counter = 0
  sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
end
function request()
  if not bust then return wrk.request() end
  counter = counter + 1
  return wrk.format(nil, wrk.path .. sep .. "nocache=" .. run .. "-" .. tid .. "-" .. counter)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "status_errors": %d, "timeouts": %d, '
    .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, e.status, e.timeout,
    e.connect, e.read, e.write))
end
"""


class HarnessError(Exception):
    """The benchmark could not run as asked (not a slow page: a broken page or setup)."""


# Database


def database_url(scale: str) -> str:
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER).rstrip("/")
    if urlsplit(server).path.strip("/"):
        return server  # a database named in full
    return f"{server}/stem_bench_{scale}"


def build_marker(scale: str, seed: int) -> str:
    # v2: with events and registrations (an older build is built again).
    return f"stemcharter bench v2 scale={scale} seed={seed}"


def database_prepare(url: str, *, scale: str, seed: int, rebuild: bool) -> dict | None:
    """Build the database unless it holds this scale and seed already; returns the timings of
    a build, or None when the database was there."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.strip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        marker = build_marker(scale, seed)
        reuse = row and not rebuild and (row[0] or "").startswith(marker)
        if not reuse:
            print(f"database {name}: building ({scale}, seed {seed})")
            quoted = psycopg.sql.Identifier(name)
            conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(quoted))
    django_setup(url)
    from django.core.management import call_command

    if reuse:
        # Kept from an earlier run: only the migrations added since then.
        print(f"database {name}: {row[0]}")
        call_command("migrate", verbosity=0)
        return None
    import data

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate = time.perf_counter() - start
    print(f"  migrated in {migrate:.0f} s")
    timings = data.generate(scale, seed=seed)
    timings["migrate"] = migrate
    with psycopg.connect(maintenance, autocommit=True) as conn:
        comment = f"{build_marker(scale, seed)} built={datetime.date.today()}"
        conn.execute(
            psycopg.sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                psycopg.sql.Identifier(name), psycopg.sql.Literal(comment)
            )
        )
    return timings


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()


def page_paths(names: list[str]) -> dict[str, str]:
    """The pages' paths, with the slugs of typical rows of this database."""
    from django.db.models import Count

    from stemcharter.actions.models import Action
    from stemcharter.events.models import Event
    from stemcharter.organisations.models import Organisation
    from stemcharter.regions.models import Subregion
    from stemcharter.stories.models import Story

    published_actions = Action.objects.published().order_by("pk")
    action = published_actions.filter(partners__isnull=False, timing="period").first()
    story = Story.objects.published().filter(actions__isnull=False).order_by("pk").first()
    # The signatory with the most actions (as organiser): the heaviest typical page.
    signatory = (
        Organisation.objects.signatories()
        .annotate(count=Count("actions"))
        .order_by("-count", "pk")
        .first()
    )
    subregion = Subregion.objects.order_by("slug").first()
    # An upcoming published event with sessions: the heaviest typical event page.
    event = (
        Event.objects.published()
        .filter(event_status="scheduled", sessions__isnull=False)
        .order_by("pk")
        .first()
    )
    if not (action and story and signatory and subregion and event):
        raise HarnessError("the database has no published action, story, event or signatory")
    slugs = {
        "action": action.slug,
        "story": story.slug,
        "signatory": signatory.slug,
        "subregion": subregion.slug,
        "event": event.slug,
    }
    return {name: PAGES[name][1].format(**slugs) for name in names}


# The app server


def cache_flush(cache_url: str) -> None:
    """Empty the benchmark's Redis database (only that one: FLUSHDB on its number)."""
    import redis

    redis.Redis.from_url(cache_url).flushdb()


def app_environment(*, url: str, cache_url: str, page_cache: bool) -> dict:
    """The environment of the app's processes in a run: gunicorn and the task worker alike."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "60",
        "CACHE_URL": cache_url,
        # Uncached runs measure the app's own work: no page is stored (common.page_cache),
        # so the cache-busting URLs do not pay for storing pages nobody asks for again.
        "PAGE_CACHE_SECONDS": "60" if page_cache else "0",
        "DJANGO_DEBUG": "0",
        # Production also wants object storage for uploads, TLS and its secrets; the
        # development profile with DEBUG off runs the same code for these pages.
        "DJANGO_ENV": "development",
        "LOG_LEVEL": "WARNING",
        # The API's limit per client address (issue 15) would answer the load's one address
        # with 429: the benchmark measures the work behind it, not the refusal.
        "API_RATE": "1000000/second",
    }


def gunicorn_start(
    *, url: str, cache_url: str, port: int, workers: int, log: Path, page_cache: bool
):
    env = app_environment(url=url, cache_url=cache_url, page_cache=page_cache)
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "30",
        "--error-logfile",
        str(log),
        # Our own control socket: another gunicorn on this machine may hold the default one.
        "--control-socket",
        str(Path(tempfile.gettempdir()) / f"bench-gunicorn-{port}.ctl"),
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603  # nosec B603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise HarnessError(f"gunicorn stopped at start, see {log}")
        try:
            fetch(f"http://127.0.0.1:{port}/robots.txt")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise HarnessError("gunicorn did not answer within 30 s")


def task_worker_start(*, url: str, cache_url: str, log: Path, page_cache: bool):
    """The task worker beside gunicorn, by the command line of its systemd unit.

    The production profile runs one (``deploy/systemd/stemcharter-worker.service``); pages
    that leave work to it (``/in-cijfers/`` recounts its figures there) are measured as they
    run in production, not as they run with no worker at all. Its log goes to ``log``.
    """
    env = app_environment(url=url, cache_url=cache_url, page_cache=page_cache)
    command = [sys.executable, "manage.py", "db_worker", "--interval", "1"]
    with log.open("w") as output:
        worker = subprocess.Popen(  # noqa: S603  # nosec B603: fixed argument list
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    time.sleep(1)
    if worker.poll() is not None:
        raise HarnessError(f"the task worker stopped at start, see {log}")
    return worker


def process_stop(server) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class Proxy:
    """The reference nginx running on loopback for one run."""

    def __init__(self, work: Path, url: str):
        self.work = work
        self.url = url

    def nginx(self, *extra: str) -> list[str]:
        work = str(self.work)
        return [
            NGINX,
            "-p",
            work,
            "-c",
            f"{work}/nginx.conf",
            "-e",
            f"{work}/nginx-error.log",
            *extra,
        ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_start(*, app_port: int, work: Path) -> Proxy:
    """The reference configuration (deploy/nginx/stemcharter.conf, rendered for loopback by
    deploy/nginx/render_local.py, as scripts/deploy-smoke does) in front of ``app_port``, with
    a self-signed certificate and the static files collected into ``work``: its HTTPS URL."""
    if not shutil.which(NGINX):
        raise HarnessError(f"--with-nginx needs nginx ({NGINX}): apt-get install nginx")
    work.chmod(0o755)  # nginx's workers (user nobody) read the static files here
    https_port = free_port()
    subprocess.run(  # noqa: S603  # nosec B603
        [
            sys.executable,
            str(ROOT / "deploy" / "nginx" / "render_local.py"),
            str(work),
            str(app_port),
            str(free_port()),
            str(https_port),
        ],
        check=True,
        capture_output=True,
    )
    openssl = shutil.which("openssl") or "/usr/bin/openssl"
    key = ["-newkey", "rsa:2048", "-nodes", "-keyout", str(work / "key.pem")]
    certificate = ["-x509", "-days", "1", "-subj", "/CN=127.0.0.1", "-out", str(work / "cert.pem")]
    subprocess.run(  # noqa: S603  # nosec B603
        [openssl, "req", *key, *certificate],
        check=True,
        capture_output=True,
    )
    subprocess.run(  # nosec B603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "STATIC_ROOT": str(work / "staticfiles")},
        check=True,
    )
    for path in work.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    proxy = Proxy(work, f"https://127.0.0.1:{https_port}")
    started = subprocess.run(proxy.nginx(), capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if started.returncode:
        raise HarnessError(f"nginx did not start: {started.stderr}")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            fetch(proxy.url + "/robots.txt")
            return proxy
        except OSError:
            time.sleep(0.2)
    nginx_stop(proxy)
    raise HarnessError("nginx did not answer within 15 s")


def nginx_stop(proxy: Proxy) -> None:
    subprocess.run(proxy.nginx("-s", "stop"), capture_output=True, check=False)  # noqa: S603  # nosec B603
    shutil.rmtree(proxy.work, ignore_errors=True)


def workers_of(master: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The parent pid is the second field after the command name in parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry))
    return pids


def memory_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler:
    """The highest resident size of any worker while running (VmRSS, every 0.2 s)."""

    def __init__(self, master: int):
        self.master = master
        self.peak_kb = 0
        self.seen: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in workers_of(self.master):
                self.seen.add(pid)
                self.peak_kb = max(self.peak_kb, memory_kb(pid, "VmRSS"))
            self._stop.wait(0.2)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# Requests


def fetch(url: str) -> tuple[int, bytes, dict]:
    """GET without following redirects: status, body and headers (lower-case names)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        # The reference nginx on loopback, with the self-signed certificate of nginx_start.
        conn = http.client.HTTPSConnection(
            parts.hostname,
            parts.port or 443,
            timeout=60,
            context=ssl._create_unverified_context(),  # noqa: S323  # nosec B323: loopback
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path or "/", headers={"Accept-Language": "nl"})
        response = conn.getresponse()
        body = response.read()
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


ASSET = re.compile(
    rb"""<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="(/static/[^"]+)\"""", re.I
)


def weigh(base: str, path: str) -> dict:
    """Fetch the page once: status, HTML bytes raw and gzip-compressed, and the same for the
    page with its own CSS and JS."""
    status, body, headers = fetch(base + path)
    if status != 200:
        raise HarnessError(f"{path} answered {status}")
    html_gz = len(gzip.compress(body, compresslevel=6))
    assets_raw = assets_gz = 0
    for asset in sorted(set(ASSET.findall(body))):
        asset_status, asset_body, _ = fetch(base + asset.decode())
        if asset_status != 200:
            raise HarnessError(f"{asset.decode()} (on {path}) answered {asset_status}")
        assets_raw += len(asset_body)
        assets_gz += len(gzip.compress(asset_body, compresslevel=6))
    return {
        "html_bytes": len(body),
        "html_gzip_bytes": html_gz,
        "with_assets_gzip_bytes": html_gz + assets_gz,
        "cache_control": headers.get("cache-control", ""),
    }


def wrk(url: str, *, seconds: float, connections: int, threads: int, bust: bool, run: str):
    """One wrk run; returns its figures (requests/s, latency percentiles in ms, errors)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-H",
            "Accept-Language: nl",
            "-s",
            script.name,
            url,
            "--",
            run,
            "1" if bust else "0",
        ]
        output = subprocess.run(  # noqa: S603  # nosec B603
            command, capture_output=True, text=True, check=False
        )
    finally:
        os.unlink(script.name)
    line = next((x for x in output.stdout.splitlines() if x.startswith("BENCH ")), None)
    if output.returncode != 0 or line is None:
        raise HarnessError(f"wrk failed on {url}: {output.stderr or output.stdout}")
    raw = json.loads(line[len("BENCH ") :])
    duration = raw["duration_us"] / 1e6
    errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors"))
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / duration if duration else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "non_2xx": raw["status_errors"],
        "timeouts": raw["timeouts"],
        "socket_errors": errors,
    }


def drain(base: str) -> None:
    """Wait until the workers have answered what wrk left queued (a slow page leaves a
    backlog of accepted requests that would be counted against the next page)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        start = time.perf_counter()
        fetch(base + "/robots.txt?drain")
        if time.perf_counter() - start < 0.05:
            return


def load(base: str, path: str, args, *, master: int, bust: bool, run: str, seconds=None):
    """Warm-up, then the measured run, sampling the workers' memory."""
    url = base + path
    drain(base)
    wrk(url, seconds=args.warmup, connections=args.connections, threads=2, bust=bust, run=run + "w")
    drain(base)
    with MemorySampler(master) as sampler:
        result = wrk(
            url,
            seconds=seconds or args.seconds,
            connections=args.connections,
            threads=2,
            bust=bust,
            run=run,
        )
    result["peak_rss_mb"] = sampler.peak_kb / 1024
    return result


# The run


def run(args) -> dict:
    url = database_url(args.scale)
    build = database_prepare(url, scale=args.scale, seed=args.seed, rebuild=args.rebuild)
    django_setup(url)
    names = [FLOOR, *[name for name in args.pages if name != FLOOR]]
    paths = page_paths(names)
    cache_url = os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE)
    cache_flush(cache_url)
    results_dir = Path(args.out)
    results_dir.mkdir(parents=True, exist_ok=True)
    log = results_dir / f"gunicorn-{args.scale}.log"
    base = f"http://127.0.0.1:{args.port}"
    server = gunicorn_start(
        url=url,
        cache_url=cache_url,
        port=args.port,
        workers=args.workers,
        log=log,
        page_cache=args.cached,
    )
    try:
        worker = task_worker_start(
            url=url,
            cache_url=cache_url,
            log=results_dir / f"worker-{args.scale}.log",
            page_cache=args.cached,
        )
    except HarnessError:
        process_stop(server)
        raise
    proxy = None
    if args.with_nginx:
        proxy = nginx_start(app_port=args.port, work=Path(tempfile.mkdtemp(prefix="bench-nginx-")))
        args.via_nginx = proxy.url
    stamp = datetime.datetime.now().strftime("%H%M%S")
    pages = {}
    try:
        for name, path in paths.items():
            pages[name] = {"path": path, "kind": PAGES[name][0], **weigh(base, path)}
        bust = not args.cached
        for name, path in paths.items():
            print(f"  {name:<22} {path}", flush=True)
            page_bust = bust and name not in SAME_URL
            pages[name].update(load(base, path, args, master=server.pid, bust=page_bust, run=stamp))
        # The floor again at the end: the machine's drift during the run.
        floor_end = load(base, paths[FLOOR], args, master=server.pid, bust=bust, run=stamp + "e")
        viral = None
        if args.viral_seconds:
            viral = viral_scenario(base, paths, args, master=server.pid, stamp=stamp)
        workers = workers_of(server.pid)
        hwm_mb = max((memory_kb(pid, "VmHWM") for pid in workers), default=0) / 1024
    finally:
        if proxy is not None:
            nginx_stop(proxy)
        process_stop(server)
        process_stop(worker)
        cache_flush(cache_url)
    floor_rps = statistics.mean([pages[FLOOR]["rps"], floor_end["rps"]])
    for page in pages.values():
        page["floor_share"] = page["rps"] / floor_rps if floor_rps else 0.0
    failures = [
        f"{name}: {page['non_2xx']} answers that were not 2xx/3xx"
        for name, page in pages.items()
        if page["non_2xx"]
    ]
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in (
            "organisations_organisation",
            "actions_action",
            "stories_story",
            "events_event",
            "registrations_registration",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  # nosec B608: fixed names
            counts[table.split("_", 1)[1]] = cursor.fetchone()[0]
    return {
        "scale": args.scale,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "workers": args.workers,
            "connections": args.connections,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "uncached": not args.cached,
            "database": urlsplit(url).path.strip("/"),
        },
        "rows": counts,
        "build_seconds": build,
        "floor_rps": floor_rps,
        "floor_start_rps": pages[FLOOR]["rps"],
        "floor_end_rps": floor_end["rps"],
        "pages": pages,
        "viral": viral,
        "worker_peak_rss_mb": max(
            [hwm_mb, *(page.get("peak_rss_mb", 0) for page in pages.values())]
        ),
        "failures": failures,
    }


def viral_scenario(base: str, paths: dict, args, *, master: int, stamp: str) -> dict:
    """One story page for a minute, as everybody shares the same URL (no cache-busting)."""
    story = paths.get("story") or page_paths(["story"])["story"]
    print(f"  viral: {story} for {args.viral_seconds} s", flush=True)
    result = {
        "path": story,
        "connections": args.viral_connections,
        "app": load_viral(base + story, args, master=master, stamp=stamp),
    }
    if args.via_nginx:
        proxy = args.via_nginx.rstrip("/")
        _, body, _ = fetch(base + story)
        static = (ASSET.findall(body) or [b"/static/css/site.css"])[0].decode()
        print(f"  viral through {proxy}: {story}, and {static} as its floor", flush=True)
        result["proxy"] = {
            "url": proxy,
            "page": load_viral(proxy + story, args, master=master, stamp=stamp + "p"),
            "static": load_viral(proxy + static, args, master=master, stamp=stamp + "s"),
        }
        page, floor = result["proxy"]["page"], result["proxy"]["static"]
        result["proxy"]["static_share"] = page["rps"] / floor["rps"] if floor["rps"] else 0.0
    return result


def load_viral(url: str, args, *, master: int, stamp: str) -> dict:
    viral_args = argparse.Namespace(**{**vars(args), "connections": args.viral_connections})
    status, _, _ = fetch(url)
    if status != 200:
        raise HarnessError(f"{url} answered {status}")
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return load(
        base, path, viral_args, master=master, bust=False, run=stamp, seconds=args.viral_seconds
    )


def machine() -> dict:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cpus": os.cpu_count(), "cpu": model, "load_before": os.getloadavg()[0]}


# The report


def other_scale(results_dir: Path, scale: str) -> dict | None:
    other = "large" if scale == "small" else "small"
    reports = sorted(results_dir.glob(f"{other}-*.json"))
    return json.loads(reports[-1].read_text()) if reports else None


def markdown(report: dict, other: dict | None) -> str:
    pages = report["pages"]
    settings = report["settings"]
    rows = report["rows"]
    lines = [
        f"# Benchmark, {report['scale']} scale, {report['date']}",
        "",
        f"{rows['organisation']:,} organisations, {rows['action']:,} actions, "
        f"{rows['story']:,} stories, {rows.get('event', 0):,} events, "
        f"{rows.get('registration', 0):,} registrations "
        f"(PostgreSQL database `{settings['database']}`); gunicorn "
        f"with {settings['workers']} sync workers, DEBUG off, persistent connections, Redis "
        f"cache; wrk on loopback with {settings['connections']} connections, "
        f"{settings['seconds']} s per page after {settings['warmup']} s of warm-up; "
        + (
            "every request with a query parameter of its own (uncached)."
            if settings["uncached"]
            else "the same URL every time (cached where the app caches)."
        ),
        f"Machine: {report['machine']['cpus']} CPUs ({report['machine']['cpu']}), load "
        f"{report['machine']['load_before']:.1f} before the run (shared: figures are noisy).",
        "",
        f"Floor (`/robots.txt`): {report['floor_rps']:.0f} req/s (start "
        f"{report['floor_start_rps']:.0f}, end {report['floor_end_rps']:.0f}).",
        "",
        "| page | path | req/s | p50 ms | p99 ms | % of floor | target | HTML KB | gzip KB |"
        " +CSS/JS gzip KB | worker RSS MB |",
        "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for name, page in pages.items():
        target = TARGETS.get(page["kind"])
        verdict = ""
        if target is not None:
            verdict = f"≥ {target:.0%} " + ("✓" if page["floor_share"] >= target else "✗")
        errors = ""
        if page["non_2xx"] or page["timeouts"] or page["socket_errors"]:
            errors = (
                f" ({page['non_2xx']} non-2xx, {page['timeouts']} timeouts, "
                f"{page['socket_errors']} socket errors)"
            )
        lines.append(
            f"| {name}{errors} | `{page['path']}` | {page['rps']:.1f} | {page['p50_ms']:.1f} |"
            f" {page['p99_ms']:.1f} | {page['floor_share']:.1%} | {verdict} |"
            f" {page['html_bytes'] / 1024:.1f} | {page['html_gzip_bytes'] / 1024:.1f} |"
            f" {page['with_assets_gzip_bytes'] / 1024:.1f} | {page.get('peak_rss_mb', 0):.0f} |"
        )
    peak = report["worker_peak_rss_mb"]
    lines += [
        "",
        f"Worker peak memory (highest VmRSS sampled, VmHWM at the end): {peak:.0f} MB "
        f"(target ≤ {MEMORY_TARGET_MB} MB {'✓' if peak <= MEMORY_TARGET_MB else '✗'}).",
    ]
    heavy = [
        name
        for name, page in pages.items()
        if page["with_assets_gzip_bytes"] > COMPRESSED_TARGET_KB * 1024 and name != FLOOR
    ]
    lines.append(
        f"Pages over {COMPRESSED_TARGET_KB} KB of HTML+CSS+JS compressed: "
        + (", ".join(heavy) if heavy else "none")
        + "."
    )
    viral = report.get("viral")
    if viral:
        app = viral["app"]
        lines += [
            "",
            f"## Viral scenario: `{viral['path']}`, {viral['connections']} connections",
            "",
            "| through | req/s | p50 ms | p99 ms | max ms | errors | worker RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|",
            f"| the app (gunicorn) | {app['rps']:.1f} | {app['p50_ms']:.1f} |"
            f" {app['p99_ms']:.1f} | {app['max_ms']:.0f} |"
            f" {app['non_2xx'] + app['timeouts'] + app['socket_errors']} |"
            f" {app.get('peak_rss_mb', 0):.0f} |",
        ]
        proxy = viral.get("proxy")
        if proxy:
            for label, key in (("the proxy", "page"), ("the proxy, a static file", "static")):
                row = proxy[key]
                lines.append(
                    f"| {label} ({proxy['url']}) | {row['rps']:.1f} | {row['p50_ms']:.1f} |"
                    f" {row['p99_ms']:.1f} | {row['max_ms']:.0f} |"
                    f" {row['non_2xx'] + row['timeouts'] + row['socket_errors']} |"
                    f" {row.get('peak_rss_mb', 0):.0f} |"
                )
            lines.append(
                f"\nThrough the proxy the story reaches {proxy['static_share']:.0%} of the "
                "proxy serving a static file (target ≥ 50 %)."
            )
        else:
            lines.append("\nNot measured through a proxy (`--via-nginx URL`).")
    if other:
        small, large = (other, report) if report["scale"] == "large" else (report, other)
        lines += [
            "",
            f"## Large ÷ small (small of {small['date']}, large of {large['date']})",
            "",
            "| page | p50 small ms | p50 large ms | large ÷ small | target ≤ 1.2× |"
            " % of floor small | % of floor large |",
            "|---|---:|---:|---:|---|---:|---:|",
        ]
        for name in pages:
            if name not in small["pages"] or name not in large["pages"]:
                continue
            a, b = small["pages"][name], large["pages"][name]
            growth = b["p50_ms"] / a["p50_ms"] if a["p50_ms"] else 0.0
            ok = "✓" if growth <= P50_GROWTH_TARGET else "✗"
            lines.append(
                f"| {name} | {a['p50_ms']:.1f} | {b['p50_ms']:.1f} | {growth:.2f}× | {ok} |"
                f" {a['floor_share']:.1%} | {b['floor_share']:.1%} |"
            )
    if report.get("build_seconds"):
        build = report["build_seconds"]
        lines += [
            "",
            "Data built in this run: "
            + ", ".join(f"{step} {seconds:.0f} s" for step, seconds in build.items())
            + ".",
        ]
    if report["failures"]:
        lines += ["", "**Failures:** " + "; ".join(report["failures"])]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["small", "large"], default="small")
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=list(PAGES),
        default=list(PAGES),
        metavar="PAGE",
        help=f"pages to load (the floor always runs): {', '.join(repr(p) for p in PAGES)}",
    )
    parser.add_argument("--seconds", type=float, default=10, help="measured seconds per page")
    parser.add_argument("--warmup", type=float, default=3, help="warm-up seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--viral-seconds", type=float, default=60, help="0 skips the scenario")
    parser.add_argument("--viral-connections", type=int, default=64)
    parser.add_argument(
        "--via-nginx",
        metavar="URL",
        help="also run the viral scenario through this reverse proxy (e.g. the reference "
        "nginx at http://127.0.0.1:8080, in front of --port), beside it serving a static file",
    )
    parser.add_argument(
        "--with-nginx",
        action="store_true",
        help="start the reference nginx (deploy/nginx/stemcharter.conf) in front of --port "
        "for this run and use it as --via-nginx",
    )
    parser.add_argument(
        "--cached",
        action="store_true",
        help="same URL every request, with the app's page cache on (uncached runs switch it off)",
    )
    parser.add_argument("--smoke", action="store_true", help="CI: 2 s per page, no viral run")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--out", default=str(BENCH / "results"), help="report directory")
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.warmup, args.viral_seconds = 2, 1, 0
    try:
        report = run(args)
    except HarnessError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    results_dir = Path(args.out)
    name = f"{args.scale}-{datetime.date.today()}"
    other = other_scale(results_dir, args.scale)
    (results_dir / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    text = markdown(report, other)
    (results_dir / f"{name}.md").write_text(text)
    print("\n" + text)
    print(f"report: {results_dir / name}.md")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
