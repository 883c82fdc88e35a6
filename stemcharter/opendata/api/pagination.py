"""Cursor pagination of the API's lists (Django REST framework's ``CursorPagination``): a page
is the rows after the last one seen, by a unique, indexed key, so a page never repeats or skips
a row when rows are added or removed meanwhile, and a deep page costs what the first does.

Strict where DRF is lenient: a ``page_size`` that is not a whole number from 1 to
``API_MAX_PAGE_SIZE`` is refused (400, not cut to the limit), and so is a cursor we did not
make (400, where DRF answers 404 or, for a position of the wrong type, the database errs).
"""

import binascii
from base64 import b64decode
from urllib import parse

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.pagination import Cursor, CursorPagination

from .errors import InvalidParameters, ParameterError, quoted

PAGE_SIZE_PARAMETER = "page_size"
CURSOR_PARAMETER = "cursor"


class DatasetCursorPagination(CursorPagination):
    """Pages of ``API_PAGE_SIZE`` rows (``page_size`` up to ``API_MAX_PAGE_SIZE``), in the order
    of the view's ``ordering`` (its dataset's unique key: ``id``)."""

    cursor_query_param = CURSOR_PARAMETER
    page_size_query_param = PAGE_SIZE_PARAMETER
    ordering = "id"

    @property
    def page_size(self) -> int:  # read per request: a test may change the setting
        return self._page_size if hasattr(self, "_page_size") else settings.API_PAGE_SIZE

    @page_size.setter
    def page_size(self, value: int) -> None:
        self._page_size = value

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        """``page_size`` from the query, or ``API_PAGE_SIZE``; raises ``InvalidParameters``
        (400) for anything but a whole number from 1 to ``API_MAX_PAGE_SIZE``."""
        value = request.query_params.get(PAGE_SIZE_PARAMETER)
        if value is None or value == "":
            return settings.API_PAGE_SIZE
        maximum = settings.API_MAX_PAGE_SIZE
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= maximum:
            message = _(
                "Invalid value “%(value)s” for the parameter “page_size”: a whole number from 1 "
                "to %(maximum)s is allowed."
            ) % {"maximum": maximum, "value": quoted(value)}
            raise InvalidParameters([ParameterError(PAGE_SIZE_PARAMETER, quoted(value), message)])
        return int(value)

    def decode_cursor(self, request) -> Cursor | None:
        """The cursor of the query, or None; raises ``InvalidParameters`` (400) for one we did
        not make (not base64, not our fields, a position that is not a whole number)."""
        encoded = request.query_params.get(CURSOR_PARAMETER)
        if encoded is None:
            return None
        try:
            tokens = parse.parse_qs(
                b64decode(encoded.encode("ascii"), validate=True).decode("ascii"),
                keep_blank_values=True,
                strict_parsing=True,
            )
            offset = int(tokens.get("o", ["0"])[0])
            reverse = tokens.get("r", ["0"])[0]
            position = tokens.get("p", [None])[0]
            if not 0 <= offset <= self.offset_cutoff or reverse not in ("0", "1"):
                raise ValueError(encoded)
            if position is not None and not (position.isascii() and position.isdigit()):
                raise ValueError(encoded)
            if position is not None and int(position) > 2**63 - 1:
                raise ValueError(encoded)
        except (ValueError, UnicodeError, binascii.Error):
            message = _(
                "Invalid value “%(value)s” for the parameter “cursor”: take the next or previous "
                "link of a page as it is."
            ) % {"value": quoted(encoded)}
            raise InvalidParameters(
                [ParameterError(CURSOR_PARAMETER, quoted(encoded), message)]
            ) from None
        return Cursor(offset=offset, reverse=reverse == "1", position=position)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == PAGE_SIZE_PARAMETER:
                parameter["description"] = _(
                    "Rows per page: %(default)s unless given, at most %(maximum)s."
                ) % {"default": settings.API_PAGE_SIZE, "maximum": settings.API_MAX_PAGE_SIZE}
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": settings.API_MAX_PAGE_SIZE,
                }
            else:
                parameter["description"] = _(
                    "Where the page starts: take it from the next or previous link of a page."
                )
        return parameters
