"""Publish a charter text from a Markdown file as the next charter version."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from stemcharter.charter.services import charter_version_publish
from stemcharter.common.text import clean_text


def split_title(text: str) -> tuple[str, str]:
    """Take a first line ``# Title`` off the text: ``(title, rest)``, or ``("", text)``."""
    first, _newline, rest = text.lstrip("\ufeff").lstrip().partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest.lstrip("\n")
    return "", text


class Command(BaseCommand):
    help = (
        "Publish a new charter version from a Markdown file. Without --title, a first line "
        "'# Title' in the file is the title (and is left out of the text)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The Markdown file with the charter text.")
        parser.add_argument("--title", default="", help="The title of this version.")
        parser.add_argument("--note", default="", help="What changed since the last version.")
        parser.add_argument(
            "--demo", action="store_true", help="Mark the text as demo text, not official."
        )

    def handle(self, *args, path: str, title: str, note: str, demo: bool, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"File not found: {path}")
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not a UTF-8 text file.") from exc
        if not text.strip():
            raise CommandError(f"{path} is empty: there is no charter text to publish.")

        # As in every form: no character that XML or HTML cannot carry (a page break of a
        # word processor becomes a newline).
        heading, body = split_title(text)
        body = clean_text(body, multiline=True)
        title = clean_text(title.strip() or heading, multiline=False).strip()
        note = clean_text(note, multiline=False)
        if not title:
            raise CommandError("Give a --title, or start the file with a line '# Title'.")
        if len(title) > 200:
            raise CommandError("The title is longer than 200 characters.")
        if len(note) > 300:
            raise CommandError("The --note is longer than 300 characters.")
        if not body.strip():
            raise CommandError(f"{path} holds only a title: there is no charter text to publish.")

        try:
            version = charter_version_publish(
                title=title, body=body, change_note=note, is_demo=demo
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Published charter version {version.number}: {version.title}")
        )
