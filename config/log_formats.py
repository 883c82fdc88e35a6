"""The log line formats, shared by Django's ``LOGGING`` (config/settings.py) and gunicorn's own
log (deploy/gunicorn.conf.py), so the app and its server write the same JSON lines. No Django
import: gunicorn reads it before it loads the app."""

# One JSON object per line: level, logger, message, time (ISO 8601 in UTC, whatever TIME_ZONE
# says) and the traceback as exc_info (python-json-logger).
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "format": "{levelname}{name}{message}",
    "style": "{",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",
}
TEXT_FORMATTER = {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}
