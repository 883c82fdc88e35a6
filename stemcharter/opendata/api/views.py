"""The API's views: one read-only viewset per registered dataset (list and detail), the root
that lists them, the OpenAPI document, and the page that shows that document to people.

What every API response gets (``ApiResponseMixin``): ``Access-Control-Allow-Origin: *`` (other
sites read it from the browser; nothing is behind a login, no cookie is read or set);
``Cache-Control: public`` for ``API_MAX_AGE`` seconds; an ``ETag`` from the content and
``304 Not Modified`` for a request that names it (``If-None-Match``), with the same headers
(made here rather than by ``ConditionalGetMiddleware``, whose 304 would lose the CORS header;
for a logged-in person's request, none of this: the site's rule makes it private, no-store,
``common.middleware.CacheControlMiddleware``);
the language ``?lang=`` or else ``Accept-Language`` asks for (``errors.api_language``:
messages, the document's descriptions; Dutch by default), named in ``Content-Language``, with
``Vary: Accept-Language``. Errors: ``errors.exception_handler`` (one shape, see there).
Not kept by the page cache (``common.page_cache``): every request must reach the rate limit.
A dataset's answer (a list's page, a detail) is kept instead behind the rate limit
(``DatasetViewSet.kept_answer``): its rendered body and ETag, until public content changes.
"""

import hashlib
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer2
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from stemcharter.common.fragments import RESULTS_CACHE, until_content_changes
from stemcharter.common.middleware import PUBLIC_VARY, is_private_response

from ..datasets import Dataset, dataset_list
from .errors import (
    LANGUAGE_PARAMETER,
    InvalidParameters,
    ParameterError,
    api_language,
    dataset_not_found,
    quoted,
)
from .filters import PublicPageFilterBackend, filter_parameters
from .pagination import CURSOR_PARAMETER, PAGE_SIZE_PARAMETER
from .throttling import rate_limit_text

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
ID_PATTERN = r"[0-9]+"
MAX_ID = 2**63 - 1


class ParameterErrorSerializer(serializers.Serializer):
    parameter = serializers.CharField(help_text=_("The query parameter refused."))
    value = serializers.CharField(help_text=_("Its value (at most 60 characters)."))
    message = serializers.CharField(help_text=_("Why it was refused."))


class ErrorSerializer(serializers.Serializer):
    """What a refused request gets, whatever the status (``errors.error_body``)."""

    schema_description = _("What a refused request gets, whatever the status.")

    status = serializers.IntegerField(help_text=_("The HTTP status."))
    code = serializers.CharField(
        help_text=_(
            "What kind of error: invalid_parameters, not_found, method_not_allowed, "
            "not_acceptable, too_many_requests, server_error or bad_request."
        )
    )
    detail = serializers.CharField(help_text=_("Why the request was refused, in one sentence."))
    errors = ParameterErrorSerializer(
        many=True, help_text=_("Each query parameter refused (a 400); empty otherwise.")
    )


ERROR_RESPONSES = {
    400: OpenApiResponse(
        ErrorSerializer,
        description=_(
            "A parameter we do not know, or a filter value, page_size or cursor we cannot use; "
            "errors says which."
        ),
    ),
    429: OpenApiResponse(
        ErrorSerializer,
        description=_("Too many requests: wait the seconds the Retry-After header says."),
    ),
}
LANGUAGE = OpenApiParameter(
    LANGUAGE_PARAMETER,
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description=_(
        "The language of messages and descriptions: nl (the default) or en; without it (or "
        "empty), the Accept-Language header's. Any other value is refused (400)."
    ),
    enum=[code for code, _name in settings.LANGUAGES],
)


def interpolated(message: Promise, values: dict) -> Promise:
    """``message % values``, translated when it is read rather than now: the OpenAPI document
    is built per request, in that request's language, from descriptions made at import."""
    return lazy(lambda: str(message) % values, str)()


def common_parameters() -> set[str]:
    """The query parameters every endpoint takes, the root and the OpenAPI document too: only
    ``lang`` (``LANGUAGE``, documented on each). There is no ``format`` (``URL_FORMAT_OVERRIDE``
    is off: JSON is the one answer), so it is refused as any unknown name."""
    return {LANGUAGE_PARAMETER}


def refuse_unknown_parameters(request, known: set[str]) -> None:
    """Raises ``InvalidParameters`` (400) naming each query parameter of ``request`` not in
    ``known``: a misspelt filter (``region`` for ``subregion``) is never silently ignored."""
    unknown = [name for name in request.query_params if name not in known]
    if not unknown:
        return
    listed = ", ".join(sorted(known))
    raise InvalidParameters(
        [
            ParameterError(
                quoted(name),
                quoted(request.query_params.get(name, "")),
                _("Unknown parameter “%(parameter)s”. Known: %(known)s.")
                % {"parameter": quoted(name), "known": listed},
            )
            for name in unknown
        ]
    )


def refuse_unknown_language(request) -> None:
    """Raises ``InvalidParameters`` (400) when ``?lang=`` names a language we do not have
    (``LANGUAGES``: nl, en), as for any other value we cannot use; an empty ``lang`` is no
    language asked for (the header's, else Dutch), as an empty filter is no filter."""
    value = request.query_params.get(LANGUAGE_PARAMETER, "")
    languages = [code for code, _name in settings.LANGUAGES]
    if value == "" or value in languages:
        return
    message = _(
        "Invalid value “%(value)s” for the parameter “%(parameter)s”: one of %(allowed)s."
    ) % {"value": quoted(value), "parameter": LANGUAGE_PARAMETER, "allowed": ", ".join(languages)}
    raise InvalidParameters([ParameterError(LANGUAGE_PARAMETER, quoted(value), message)])


def etag_of(content: bytes) -> str:
    """The ETag of an answer's body: its digest (a strong validator: the same bytes)."""
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


class KeptAnswer(NamedTuple):
    """A dataset's answer as it is kept (``DatasetViewSet.kept_answer``)."""

    content: bytes
    content_type: str
    etag: str


def answer_key(request) -> tuple[str, str]:
    """What a dataset's answer is made of beside the language and the public content: the
    address (scheme, host and path: the body's links are absolute) and the query, its
    parameters sorted (``?b=1&a=2`` is ``?a=2&b=1``)."""
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    return request.build_absolute_uri(request.path), urlencode(query)


class ApiResponseMixin:
    """The headers and the language of every API response (see the module)."""

    asked_by_member = False

    def known_parameters(self) -> set[str]:
        """The query parameters this endpoint takes, each documented in the OpenAPI document
        (any other is refused)."""
        return common_parameters()

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)  # the rate limit first: a refusal counts
        refuse_unknown_parameters(request, self.known_parameters())
        refuse_unknown_language(request)

    def perform_authentication(self, request) -> None:
        pass  # nobody logs in to the API (see dispatch)

    def get_view_description(self, html: bool = False) -> str:
        return ""  # OPTIONS: not the class's docstring, which is for developers

    def dispatch(self, request, *args, **kwargs):
        # DRF replaces Django's ``request.user`` with its own when anything asks for it (the
        # schema generator does): put Django's back, so the site's cache rule still sees who
        # asks (a logged-in person's answer is private, CacheControlMiddleware).
        user = getattr(request, "user", None)
        self.asked_by_member = (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and user is not None
            and user.is_authenticated
        )
        try:
            with translation.override(api_language(request)):
                response = super().dispatch(request, *args, **kwargs)
                if not getattr(response, "is_rendered", True):
                    response.render()  # lazy texts, in this language
                return response
        finally:
            if user is not None:
                request.user = user

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ("Accept-Language",))
        response.language_from_header = True  # CacheControlMiddleware keeps it in Vary
        response.page_cache_exempt = True
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if is_private_response(request._request, response) or self.asked_by_member:
            return response  # a logged-in person's request: the site's rule (no-store)
        patch_vary_headers(response, PUBLIC_VARY)
        patch_cache_control(response, public=True, max_age=settings.API_MAX_AGE)
        response.render()
        response["ETag"] = getattr(response, "kept_etag", None) or etag_of(response.content)
        conditional = get_conditional_response(
            request._request, etag=response["ETag"], response=response
        )
        if conditional is not response:
            conditional["Access-Control-Allow-Origin"] = "*"
            conditional.page_cache_exempt = True
            conditional.language_from_header = True
        return conditional


class DatasetViewSet(ApiResponseMixin, viewsets.ReadOnlyModelViewSet):
    """A dataset's list (``<key>-list``) and detail (``<key>-detail``); made per dataset by
    ``dataset_viewset``."""

    dataset: Dataset
    filter_backends = [PublicPageFilterBackend]

    def get_queryset(self):
        return self.dataset.queryset()

    def list(self, request, *args, **kwargs):
        return self.kept_answer(request, lambda: super(DatasetViewSet, self).list(request))

    def retrieve(self, request, *args, **kwargs):
        return self.kept_answer(
            request, lambda: super(DatasetViewSet, self).retrieve(request, *args, **kwargs)
        )

    def kept_answer(self, request, build: Callable[[], Response]) -> Response:
        """The answer ``build()`` makes, rendered, kept with its ETag in this process's memory
        (``RESULTS_CACHE``) until public content changes (``until_content_changes``: keyed on
        ``content_generation`` and the language, at most ``PUBLIC_PAGES_MAX_AGE`` seconds),
        under the full address (``answer_key``) and the day (a list shows what is current).
        Called from the handler, so after ``initial``: the rate limit has counted the request
        and its parameters were checked; a refusal (``build`` raises) is not kept. A warm
        request serialises nothing and reads nothing from the database."""

        def rendered() -> KeptAnswer:
            response = build()
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            content = response.rendered_content
            return KeptAnswer(content, response["Content-Type"], etag_of(content))

        kept = until_content_changes(
            f"api:{self.dataset.key}:{'detail' if self.detail else 'list'}",
            rendered,
            *answer_key(request),
            timezone.localdate(),
            store=RESULTS_CACHE,
        )
        response = Response()
        response.content = kept.content  # rendered: finalize_response leaves it so
        response["Content-Type"] = kept.content_type
        response.kept_etag = kept.etag
        return response

    def get_view_name(self) -> str:
        return str(self.dataset.title)

    def known_parameters(self) -> set[str]:
        """What the OpenAPI document lists for this endpoint, nothing else (one rule: every
        parameter taken is documented and checked, any other is refused): a detail takes
        ``lang``; a list its dataset's documented filters (``filter_parameters``: not the
        page's ``sort``, which the API does not read), ``page_size`` and ``cursor`` too."""
        known = common_parameters()
        if self.detail:
            return known
        if self.dataset.filterset_class is not None:
            known.update(item.name for item in filter_parameters(self.dataset.filterset_class))
        return known | {PAGE_SIZE_PARAMETER, CURSOR_PARAMETER}

    def get_view_description(self, html: bool = False) -> str:
        """OPTIONS: the dataset's description, for a list with what it shows by default."""
        if self.detail:
            return str(self.dataset.description)
        return str(_list_description(self.dataset))

    def get_object(self):
        # A key that cannot be one (an id beyond the database's integers) is simply not found.
        value = self.kwargs.get(self.lookup_field, "")
        if self.lookup_field == "id" and not (value.isdigit() and int(value) <= MAX_ID):
            raise Http404
        return super().get_object()


def _list_description(dataset: Dataset) -> Promise | str:
    """What a dataset's list holds, for the OpenAPI document: the dataset's description, then
    what the list shows by default when that is less (``Dataset.list_note``)."""
    if not dataset.list_note:
        return dataset.description
    return lazy(lambda: f"{dataset.description} {dataset.list_note}", str)()


def dataset_viewset(dataset: Dataset) -> type[DatasetViewSet]:
    """The viewset of ``dataset``, its OpenAPI description included: the filters of its
    FilterSet, the refusals (400, 404, 429) and its title and description."""
    lookup_pattern = ID_PATTERN if dataset.lookup_field == "id" else SLUG_PATTERN
    filters = filter_parameters(dataset.filterset_class) if dataset.filterset_class else []
    tag = dataset.key
    list_schema = extend_schema(
        summary=dataset.title,
        description=_list_description(dataset),
        parameters=[*filters, LANGUAGE],
        responses={200: dataset.serializer_class(many=True), **ERROR_RESPONSES},
        tags=[tag],
    )
    detail_schema = extend_schema(
        summary=dataset.title,
        description=_("One row of the dataset, by its key."),
        parameters=[
            OpenApiParameter(
                dataset.lookup_field,
                {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                if dataset.lookup_field == "id"
                else {"type": "string", "pattern": f"^{lookup_pattern}$"},
                OpenApiParameter.PATH,
                description=interpolated(
                    _("The row's key (%(field)s)."), {"field": dataset.lookup_field}
                ),
            ),
            LANGUAGE,
        ],
        responses={
            200: dataset.serializer_class,
            # The same words as the 404 itself (``errors.dataset_not_found``).
            404: OpenApiResponse(
                ErrorSerializer, description=lazy(lambda: dataset_not_found(dataset), str)()
            ),
            **ERROR_RESPONSES,
        },
        tags=[tag],
    )

    # Functions of this viewset's own: extend_schema marks the function it decorates.
    def list_rows(self, request, *args, **kwargs):
        return DatasetViewSet.list(self, request, *args, **kwargs)

    def retrieve_row(self, request, *args, **kwargs):
        return DatasetViewSet.retrieve(self, request, *args, **kwargs)

    attributes = {
        "dataset": dataset,
        "serializer_class": dataset.serializer_class,
        "lookup_field": dataset.lookup_field,
        "lookup_value_regex": lookup_pattern,
        "list": list_schema(list_rows),
        "retrieve": detail_schema(retrieve_row),
    }
    name = "".join(part.title() for part in dataset.key.split("-")) + "ViewSet"
    return type(name, (DatasetViewSet,), attributes)


class ApiRootView(ApiResponseMixin, APIView):
    """``/api/v1/``: every dataset with its title, description and address, and the addresses
    of the OpenAPI document and its page."""

    def get_view_name(self) -> str:
        return str(_("The datasets"))

    @extend_schema(
        summary=_("The datasets"),
        description=_(
            "Every dataset with its key, title, description and the address of its list, and "
            "the addresses of the OpenAPI document and of its page for people."
        ),
        parameters=[LANGUAGE],
        responses={
            200: inline_serializer(
                "ApiRoot",
                {
                    "datasets": inline_serializer(
                        "ApiRootDataset",
                        {
                            "key": serializers.CharField(help_text=_("The dataset's key.")),
                            "title": serializers.CharField(help_text=_("Its title.")),
                            "description": serializers.CharField(
                                help_text=_("What the dataset holds.")
                            ),
                            "url": serializers.URLField(help_text=_("Its list.")),
                        },
                        many=True,
                    ),
                    "openapi": serializers.URLField(help_text=_("The OpenAPI document.")),
                    "documentation": serializers.URLField(help_text=_("Its page for people.")),
                },
            ),
            **ERROR_RESPONSES,
        },
        tags=["root"],
    )
    def get(self, request):
        datasets = [
            {
                "key": dataset.key,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "url": request.build_absolute_uri(reverse(f"api:{dataset.key}-list")),
            }
            for dataset in dataset_list()
        ]
        return Response(
            {
                "datasets": datasets,
                "openapi": request.build_absolute_uri(reverse("api:openapi")),
                "documentation": request.build_absolute_uri(reverse("opendata:api-docs")),
            }
        )


class OpenApiView(ApiResponseMixin, SpectacularJSONAPIView):
    """``/api/v1/openapi.json``: the OpenAPI 3 document of the API (drf-spectacular), in the
    language ``?lang=`` names (Dutch by default)."""

    renderer_classes = [OpenApiJsonRenderer2]  # application/json only (no Vary: Accept)

    def known_parameters(self) -> set[str]:
        """Only ``lang``, as every endpoint: drf-spectacular's own ``version`` is not ours
        (the API has one version, in its address) and is refused as any unknown name."""
        return common_parameters()


def api_schema(request=None) -> dict:
    """The OpenAPI document as a dict, in the current language (the page ``api-docs``)."""
    return SchemaGenerator().get_schema(request=request, public=True)


def _resolve(schema: dict, item: dict) -> dict:
    reference = item.get("$ref") if isinstance(item, dict) else None
    if not reference:
        return item
    node = schema
    for part in reference.lstrip("#/").split("/"):
        node = node[part]
    return node


def endpoints_of(schema: dict) -> list[dict]:
    """The operations of ``schema`` for the page: path, summary, description, the query and
    path parameters, and the fields of a row (name, type, description) where it returns rows."""
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        operation = operations.get("get")
        if operation is None:
            continue
        success = operation.get("responses", {}).get("200", {})
        content = success.get("content", {}).get("application/json", {})
        body = _resolve(schema, content.get("schema", {}))
        if body.get("type") == "object" and "results" in body.get("properties", {}):
            body = _resolve(schema, body["properties"]["results"].get("items", {}))
        fields = [
            {
                "name": name,
                "type": _resolve(schema, item).get("type", ""),
                "description": _resolve(schema, item).get("description", ""),
            }
            for name, item in body.get("properties", {}).items()
        ]
        endpoints.append(
            {
                "path": path,
                "anchor": operation.get("operationId", path),
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {
                        "name": item["name"],
                        "where": item["in"],
                        "type": item.get("schema", {}).get("type", ""),
                        "choices": item.get("schema", {}).get("enum")
                        or item.get("schema", {}).get("items", {}).get("enum", []),
                        "description": item.get("description", ""),
                    }
                    for item in operation.get("parameters", [])
                ],
                "fields": fields,
            }
        )
    return endpoints


class ApiDocsView(TemplateView):
    """``/open-data/api/`` (both languages): the API's document for people, rendered on the
    server from the OpenAPI document (no script, nothing from another site)."""

    template_name = "opendata/api_docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schema = api_schema()
        context.update(
            {
                "endpoints": endpoints_of(schema),
                "api_root": self.request.build_absolute_uri(reverse("api:root")),
                "openapi_url": self.request.build_absolute_uri(reverse("api:openapi")),
                "page_size": settings.API_PAGE_SIZE,
                "max_page_size": settings.API_MAX_PAGE_SIZE,
                "rate_limit": rate_limit_text(),
            }
        )
        return context
