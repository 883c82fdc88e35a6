"""The reference nginx configuration (stemcharter.conf) rendered to run on loopback.

    python deploy/nginx/render_local.py WORK APP_PORT HTTP_PORT HTTPS_PORT

Writes WORK/nginx.conf (a whole nginx configuration with its own pid file, logs, temporary
paths and cache under WORK, so nothing of the machine's nginx is touched) and
WORK/stemcharter.conf (the reference server blocks with these ports, WORK's certificate
cert.pem/key.pem, WORK/staticfiles and WORK/media). Start it with
``nginx -p WORK -c WORK/nginx.conf -e WORK/nginx-error.log``. Used by scripts/deploy-smoke and
by bench/run --with-nginx, so both exercise the very file docs/deploy.md installs.

Each replaced value must be in the reference file: if the reference changes, this stops with
the value it no longer finds, instead of running something else. The brotli lines stay when
Debian's brotli module is installed, and go otherwise.
"""

import sys
from pathlib import Path

REFERENCE = Path(__file__).with_name("stemcharter.conf")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")


def brotli_available() -> bool:
    return BROTLI_MODULE.is_file()


def render(work: Path, *, app_port: int, http_port: int, https_port: int) -> Path:
    """Write WORK/stemcharter.conf and WORK/nginx.conf; return the path of nginx.conf."""
    text = REFERENCE.read_text()
    for old, new in [
        ("/var/cache/nginx/stemcharter", f"{work}/nginx-cache"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/etc/letsencrypt/live/stem-charter.example/fullchain.pem", f"{work}/cert.pem"),
        ("/etc/letsencrypt/live/stem-charter.example/privkey.pem", f"{work}/key.pem"),
        ("server_name stem-charter.example;", "server_name 127.0.0.1;"),
        ("/srv/stemcharter/", f"{work}/"),
        ("/var/www/letsencrypt", f"{work}/acme"),
    ]:
        if old not in text:
            sys.exit(f"deploy/nginx/stemcharter.conf no longer holds {old!r}")
        text = text.replace(old, new)
    brotli = brotli_available()
    lines = [line for line in text.splitlines() if "listen [::]" not in line]
    if not brotli:
        lines = [line for line in lines if "brotli" not in line]
    (work / "stemcharter.conf").write_text("\n".join(lines) + "\n")
    (work / "scratch").mkdir(exist_ok=True)
    main = [f"load_module {BROTLI_MODULE};"] if brotli else []
    main += [
        f"pid {work}/nginx.pid;",
        f"error_log {work}/nginx-error.log;",
        "worker_processes 1;",
        "events { worker_connections 1024; }",
        "http {",
        "    include /etc/nginx/mime.types;",
        "    default_type application/octet-stream;",
        f"    access_log {work}/nginx-access.log;",
        *(f"    {kind}_temp_path {work}/scratch/{kind};" for kind in ("proxy", "fastcgi", "uwsgi")),
        f"    client_body_temp_path {work}/scratch/body;",
        f"    scgi_temp_path {work}/scratch/scgi;",
        f"    include {work}/stemcharter.conf;",
        "}",
    ]
    path = work / "nginx.conf"
    path.write_text("\n".join(main) + "\n")
    return path


if __name__ == "__main__":
    work_dir, app, http, https = sys.argv[1:]
    render(Path(work_dir), app_port=int(app), http_port=int(http), https_port=int(https))
    print("brotli" if brotli_available() else "no-brotli")
