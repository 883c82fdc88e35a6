from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import invited_to_sign


def signing(request: HttpRequest) -> dict:
    """``invited_to_sign``: whether the header offers "Sign the charter" (or the portal); asked
    only on a page that shows the header."""
    return {"invited_to_sign": SimpleLazyObject(lambda: invited_to_sign(request.user))}
