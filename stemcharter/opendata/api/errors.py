"""The API's errors: one JSON shape for every refusal under ``/api/``, in the request's language
(``api_language``), whether REST framework refuses (a filter value, ``page_size``, a cursor, a
row that is not public, a method, the rate limit) or Django does (an address that is no
endpoint, a detail key of the wrong form, a server error: ``handler404``, ``handler500``,
``handler400``, registered for ``/api/`` with the site's handlers, ``common.errors``, in the
app's ``ready``). docs/api.md lists the messages.

The shape::

    {"status": 400, "code": "invalid_parameters", "detail": "…",
     "errors": [{"parameter": "type", "value": "nope", "message": "Unknown value …"}]}

``errors`` names each parameter refused (empty for anything but a 400); ``detail`` says it all
in one sentence (a 400: its errors' messages together).
"""

import math
import re
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from stemcharter.common.errors import ErrorHandlers
from stemcharter.common.filters import BEFORE_OTHER, INVALID, NO_WORDS, UNKNOWN, DroppedValue

from ..datasets import Dataset, dataset_list

API_PREFIX = "/api/"
LANGUAGE_PARAMETER = "lang"
# The longest value repeated in a message (a cursor or a search text may be long).
VALUE_SHOWN = 60

INVALID_PARAMETERS = "invalid_parameters"
NOT_FOUND = "not_found"
METHOD_NOT_ALLOWED = "method_not_allowed"
NOT_ACCEPTABLE = "not_acceptable"
TOO_MANY_REQUESTS = "too_many_requests"
SERVER_ERROR = "server_error"
BAD_REQUEST = "bad_request"

# A detail address (``/api/v1/<key>/<value>/``), whatever the form of its value: Django's 404
# for one of the wrong form (``/api/v1/commitments/abc/``), REST framework's for the rest.
_DETAIL_PATH = re.compile(r"^/api/v1/(?P<key>[-a-z0-9]+)/[^/]+/?$")


class ParameterError(NamedTuple):
    """One refused query parameter: its name, its value (cut to ``VALUE_SHOWN``) and why."""

    parameter: str
    value: str
    message: str


class InvalidParameters(exceptions.APIException):
    """A 400 for the parameters in ``errors`` (``ParameterError``)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = INVALID_PARAMETERS

    def __init__(self, errors: list[ParameterError]):
        self.errors = errors
        super().__init__(detail=" ".join(error.message for error in errors))


def api_language(request: HttpRequest) -> str:
    """The language of an API answer: ``?lang=`` if it names one of ``LANGUAGES``, else the
    first of ``Accept-Language`` we have, else Dutch (``LANGUAGE_CODE``). No cookie is read:
    the API reads none."""
    languages = dict(settings.LANGUAGES)
    asked = request.GET.get(LANGUAGE_PARAMETER)
    if asked in languages:
        return asked
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def quoted(value: object) -> str:
    """``value`` as a message repeats it: at most ``VALUE_SHOWN`` characters."""
    text = str(value)
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"


def dropped_value_error(dropped: DroppedValue, expected: str = "") -> ParameterError:
    """The API's refusal of a filter value a page would leave out (``common.filters``), in the
    API's own words (the page's notice says what the page did instead); for a value of the
    wrong form, ``expected`` says what the filter takes ("expected a date as YYYY-MM-DD",
    ``filters.expected_form``), never the form field's own message."""
    names = {"value": quoted(dropped.value), "parameter": dropped.parameter}
    if dropped.reason == UNKNOWN and dropped.allowed:
        message = _(
            "Unknown value “%(value)s” for the filter “%(parameter)s”. Allowed: %(allowed)s."
        ) % {**names, "allowed": ", ".join(dropped.allowed)}
    elif dropped.reason == UNKNOWN:
        message = (
            _("Unknown value “%(value)s” for the filter “%(parameter)s”: nothing public has it.")
            % names
        )
    elif dropped.reason == NO_WORDS:
        message = (
            _(
                "Invalid value “%(value)s” for the filter “%(parameter)s”: it has no word to "
                "search for (letters or numbers)."
            )
            % names
        )
    elif dropped.reason == BEFORE_OTHER:
        message = _(
            "Invalid value “%(value)s” for the filter “%(parameter)s”: it is before the value "
            "of “%(other)s”."
        ) % {**names, "other": dropped.other}
    elif dropped.reason == INVALID and expected:
        message = _("Invalid value “%(value)s” for the filter “%(parameter)s”: %(expected)s.") % {
            **names,
            "expected": expected,
        }
    else:
        message = _("Invalid value “%(value)s” for the filter “%(parameter)s”.") % names
    return ParameterError(dropped.parameter, quoted(dropped.value), message)


def dataset_not_found(dataset: Dataset, path: str | None = None) -> str:
    """What a 404 of ``dataset``'s detail address says (one wording rule for every API 404,
    see ``not_found_detail``): the dataset's title, the address asked (``path``; None: "this
    address", for the OpenAPI document) and where to look instead, its list. No field name
    ("slug", "id"): the address is what the reader typed. In the current language."""
    from django.urls import reverse

    names = {"dataset": dataset.title, "list": reverse(f"api:{dataset.key}-list")}
    if path is None:
        return (
            _("“%(dataset)s” has nothing public at this address: see %(list)s for what it has.")
            % names
        )
    return _("“%(dataset)s” has nothing public at %(path)s: see %(list)s for what it has.") % {
        **names,
        "path": quoted(path),
    }


def not_found_detail(path: str) -> str:
    """The one wording of every API 404, whoever refuses (REST framework's ``NotFound``, or
    Django's ``Http404`` through ``handler404``): the address asked, who has nothing there and
    where to look instead. A detail address of a dataset (``/api/v1/<key>/<value>/``, whatever
    the value's form): ``dataset_not_found``; any other address, a key that is no dataset's
    included (``/api/v1/regions/nope/`` as ``/api/v1/regions/``): the API has no such address,
    see ``/api/v1/``."""
    match = _DETAIL_PATH.match(path)
    if match:
        for dataset in dataset_list():
            if dataset.key == match["key"]:
                return dataset_not_found(dataset, path)
    return _("The API has no address %(path)s: see /api/v1/ for its datasets.") % {
        "path": quoted(path)
    }


def error_body(status_code: int, code: str, detail: str, errors: list[ParameterError] = ()) -> dict:
    """The body of an API error (see the module)."""
    return {
        "status": status_code,
        "code": code,
        "detail": str(detail),
        "errors": [error._asdict() for error in errors],
    }


def _parameter_errors(data) -> list[ParameterError]:
    """A ``ValidationError``'s details (per parameter, or a list) as ``ParameterError``s."""
    if isinstance(data, dict):
        found = []
        for name, messages in data.items():
            for message in messages if isinstance(messages, list) else [messages]:
                found.append(ParameterError(str(name), "", str(message)))
        return found
    messages = data if isinstance(data, list) else [data]
    return [ParameterError("", "", str(message)) for message in messages]


def exception_handler(exc, context) -> Response | None:
    """REST framework's handler (``EXCEPTION_HANDLER``): every ``APIException`` (and Django's
    ``Http404`` and ``PermissionDenied``) as an API error (see the module), with its headers
    (``Retry-After``, ``Allow``); anything else is left to Django (``handler500``)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(math.ceil(exc.wait))
    errors: list[ParameterError] = []
    if isinstance(exc, InvalidParameters):
        code, detail, errors = INVALID_PARAMETERS, str(exc.detail), exc.errors
    elif isinstance(exc, exceptions.ValidationError):
        errors = _parameter_errors(exc.detail)
        code, detail = INVALID_PARAMETERS, " ".join(error.message for error in errors)
    elif isinstance(exc, exceptions.NotFound):
        code, detail = NOT_FOUND, not_found_detail(context["request"].path_info)
    elif isinstance(exc, exceptions.MethodNotAllowed):
        code = METHOD_NOT_ALLOWED
        detail = _("The API only reads: use GET, HEAD or OPTIONS, not %(method)s.") % {
            "method": quoted(context["request"].method)
        }
    elif isinstance(exc, exceptions.NotAcceptable):
        code, detail = NOT_ACCEPTABLE, _("The API only answers in JSON (application/json).")
    elif isinstance(exc, exceptions.Throttled):
        seconds = math.ceil(exc.wait or 0)
        code = TOO_MANY_REQUESTS
        # Our own words: REST framework's Dutch message is half English and says "choked".
        detail = ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
    else:
        code, detail = str(exc.default_code), str(exc.detail)
    set_rollback()
    return Response(
        error_body(exc.status_code, code, detail, errors), status=exc.status_code, headers=headers
    )


def api_error_response(request: HttpRequest, status_code: int, code: str, detail) -> JsonResponse:
    """An API error made outside REST framework (the handlers below), with the headers of
    every API answer but the caching ones: CORS, the language and ``Vary`` on it."""
    response = JsonResponse(error_body(status_code, code, str(detail)), status=status_code)
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Language"] = translation.get_language()
    patch_vary_headers(response, ("Accept-Language",))
    response.language_from_header = True  # CacheControlMiddleware keeps it in Vary
    response.page_cache_exempt = True
    return response


def handler404(request: HttpRequest, exception: Exception | None = None):
    """Django's 404 under ``/api/`` (``common.errors``): an API error (an address that is no
    endpoint, or a detail key of the wrong form), in the words of ``not_found_detail``."""
    with translation.override(api_language(request)):
        return api_error_response(request, 404, NOT_FOUND, not_found_detail(request.path_info))


def handler500(request: HttpRequest):
    """Django's 500 under ``/api/`` (``common.errors``): an API error."""
    with translation.override(api_language(request)):
        detail = _("Something went wrong on our side. Please try again later.")
        return api_error_response(request, 500, SERVER_ERROR, detail)


def handler400(request: HttpRequest, exception: Exception | None = None):
    """Django's 400 under ``/api/`` (``common.errors``: a request Django cannot take, such as
    a host it does not serve): an API error."""
    with translation.override(api_language(request)):
        detail = _("We cannot take this request.")
        return api_error_response(request, 400, BAD_REQUEST, detail)


# The handlers of every error Django hands over under /api/ (``common.errors``).
ERROR_HANDLERS = ErrorHandlers(
    bad_request=handler400, page_not_found=handler404, server_error=handler500
)
