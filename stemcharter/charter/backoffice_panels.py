"""Parts of the back office's signature page written by the apps above charter.

An app registers a function in its ``AppConfig.ready`` (``register``); the signature page
(``views.backoffice.SignatureDetailView``) shows the HTML each returns for the signature
(``panels``), e.g. the event it was signed at, with a form to set it (events). Charter never
imports those apps: the floors point down (pyproject [tool.importlinter]).
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from .models import Signature

SignaturePanel = Callable[[HttpRequest, Signature], SafeString | None]

_panels: list[SignaturePanel] = []


def register(panel: SignaturePanel) -> None:
    """Show ``panel(request, signature)`` on a signature's back-office page (once per function);
    it returns rendered HTML (``render_to_string``), or None to show nothing."""
    if panel not in _panels:
        _panels.append(panel)


def panels(request: HttpRequest, signature: Signature) -> list[SafeString]:
    return [html for panel in _panels if (html := panel(request, signature))]
