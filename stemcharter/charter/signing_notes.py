"""Notes the signing form shows above every step, written by the apps above charter.

An app registers a function of the request in its ``AppConfig.ready`` (``register``); the
signing steps show each non-empty text it returns (``notes``), e.g. "You are signing at the
STEM Doe-dag" (events). Charter never imports those apps: the floors point down
(pyproject [tool.importlinter]).
"""

from collections.abc import Callable

from django.http import HttpRequest

SigningNote = Callable[[HttpRequest], str | None]

_notes: list[SigningNote] = []


def register(note: SigningNote) -> None:
    """Show ``note(request)`` on the signing steps when it returns a text (once per function)."""
    if note not in _notes:
        _notes.append(note)


def notes(request: HttpRequest) -> list[str]:
    """The texts to show this signer now, in the order the apps registered."""
    return [text for note in _notes if (text := note(request))]
