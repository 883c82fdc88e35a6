"""gunicorn's settings for the app processes, from environment variables (docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py config.wsgi

The processes keep nothing of their own between requests (sessions in the database, the cache
and rate limits in Redis, uploads in the bucket or a shared MEDIA_ROOT), so any number of them,
on any number of machines, can serve the same site behind the proxy.
"""

import os
import sys
from pathlib import Path

# The project's own modules (config.log_formats), whatever directory gunicorn starts in.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.log_formats import JSON_FORMATTER


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Loopback only by default: nginx in front terminates TLS and sets X-Forwarded-For/-Proto,
# which the app trusts in production (TRUSTED_PROXY_COUNT, SECURE_PROXY_SSL_HEADER).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Synchronous workers: each serves one request at a time; two per core is a fair start.
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1))
# A request that takes longer is killed (its worker restarted); nginx's proxy_read_timeout is
# a little longer so that nginx reports gunicorn's answer rather than its own.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Each worker is replaced after this many requests (a leak cannot grow forever); the jitter
# keeps them from restarting all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# No control socket (gunicorn's runtime management tool): systemd starts and stops the
# processes, and one default path would be shared by every instance on the machine.
control_socket_disable = True
# Load the app before forking: a broken setting stops the start at once, with one message.
preload_app = True

# Access log and error log on standard output/error, for journald or a log collector. The
# access lines carry no client address (nginx's log has it) and no query string.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
if (
    os.environ.get("LOG_FORMAT", "json" if os.environ.get("DJANGO_ENV") == "production" else "text")
    == "json"
):
    # The same JSON lines as the app's own log (config/settings.py, LOGGING).
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": JSON_FORMATTER},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "root": {"handlers": ["stdout"], "level": loglevel.upper()},
        "loggers": {
            "gunicorn.error": {
                "handlers": ["stdout"],
                "level": loglevel.upper(),
                "propagate": False,
            },
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        },
    }
