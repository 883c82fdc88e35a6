from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import sign_call_for


def signing(request: HttpRequest) -> dict:
    """``sign_call``: what the "Sign the charter" buttons (header, charter page, home page)
    offer, "sign", "portal" or "" (``selectors.sign_call_for``); asked only on a page that
    shows one, in one query for a logged-in person."""
    return {"sign_call": SimpleLazyObject(lambda: sign_call_for(request.user))}
