"""Numbers out of range, the whole kind: an id or a number that no column holds (30 digits,
just over the largest bigint, Unicode digits) is refused where it comes in, with a message or
a 404, and never reaches the database. A too big integer crashes SQLite (OverflowError) and
may crash PostgreSQL depending on how the value is bound.

The walks below guard the kind: every form field of ids, every number field, every filter
and every URL of this project must use the shared pieces of ``stemcharter.common.numbers``.
"""

import importlib
import pkgutil
import re

import django_filters
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter
from django.urls.exceptions import Resolver404
from django.utils import translation

import stemcharter
from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.common.numbers import (
    BIGINT_MAX,
    IdConverter,
    IdModelChoiceField,
    IdModelMultipleChoiceField,
    parse_id,
)
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.vocabulary.models import Audience

HUGE = "1" + "0" * 29  # 30 digits
ABSURD_IDS = [HUGE, str(2**63), "1" * 19, "²", "١٢", "-1", "1.0", " 1", "1e3", "0x10", ""]


def _import_project_modules() -> None:
    """Import every module of the project (not the tests and migrations), so that every form,
    filter set and view is defined."""
    for module in pkgutil.walk_packages(stemcharter.__path__, "stemcharter."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)


def _subclasses(cls: type) -> list[type]:
    """The subclasses of ``cls`` defined in this project. The forms of the Django admin are
    left out: the admin builds its own per request (see the admin test below)."""
    found, todo = [], [cls]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            module = subclass.__module__
            if (
                module.startswith("stemcharter.")
                and ".tests" not in module
                and not module.endswith(".admin")
            ):
                found.append(subclass)
    return found


_import_project_modules()
FORM_CLASSES = sorted(_subclasses(forms.BaseForm), key=lambda cls: cls.__qualname__)
FILTERSET_CLASSES = _subclasses(django_filters.FilterSet)
NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def _field_id(form_class, name) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}.{name}"


# ---------------------------------------------------------------------------------------------
# The shared pieces


@pytest.mark.parametrize("value", ["1", "42", "000042", "9" * 18, 7, 10**17])
def test_numbers_out_of_range_parse_id_accepts_ids(value):
    assert parse_id(value) == int(value)


@pytest.mark.parametrize("value", [*ABSURD_IDS, None, 10**19, -1, 0.5, "9" * 19])
def test_numbers_out_of_range_parse_id_refuses_absurd_values(value):
    assert parse_id(value) is None


@pytest.mark.django_db
@pytest.mark.parametrize("value", ABSURD_IDS[:-1])
def test_numbers_out_of_range_id_fields_refuse_with_the_invalid_choice_message(value):
    message = "Pick one of the list."
    single = IdModelChoiceField(
        queryset=Audience.objects.all(), error_messages={"invalid_choice": message}
    )
    multiple = IdModelMultipleChoiceField(
        queryset=Audience.objects.all(), error_messages={"invalid_choice": message}
    )
    good = Audience.objects.order_by("pk").first()
    for form_field, data in ((single, value), (multiple, [str(good.pk), value])):
        with pytest.raises(ValidationError) as caught:
            form_field.clean(data)
        assert caught.value.messages == [message]
        assert caught.value.code == "invalid_choice"
    assert single.clean(str(good.pk)) == good
    assert list(multiple.clean([str(good.pk)])) == [good]


@pytest.mark.django_db
def test_numbers_out_of_range_the_in_lookup_leaves_out_what_no_column_holds():
    good = Audience.objects.order_by("pk").first()
    assert list(Audience.objects.filter(pk__in=[int(HUGE), good.pk])) == [good]
    assert list(Audience.objects.filter(pk__in=[HUGE, str(2**63)])) == []
    assert Audience.objects.exclude(pk__in=[HUGE]).count() == Audience.objects.count()
    assert list(Audience.objects.filter(pk__in=[-(2**70)])) == []


def _admin_forms() -> list[tuple[str, type[forms.BaseForm]]]:
    """The forms the Django admin really uses for our models (built per request), and those
    of their inlines."""
    from django.contrib import admin
    from django.test import RequestFactory

    from stemcharter.accounts.models import User

    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    found = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("stemcharter."):
            continue
        found.append((model.__name__, model_admin.get_form(request)))
        for inline in model_admin.get_inline_instances(request):
            found.append(
                (f"{model.__name__}.{inline.model.__name__}", inline.get_formset(request).form)
            )
    return found


@pytest.mark.django_db
def test_numbers_out_of_range_in_admin_forms_are_a_form_error():
    """The Django admin builds its own model forms; the ``in`` lookup keeps a too big id in
    a many-to-many field (the subregions of an organisation, ...) a form error."""
    checked = []
    for name, form_class in _admin_forms():
        for field_name, form_field in form_class.base_fields.items():
            if not isinstance(form_field, forms.ModelChoiceField):
                continue
            multiple = isinstance(form_field, forms.ModelMultipleChoiceField)
            # The admin's own fields forgive " 1" or "١٢" (the ORM reads them as 1 and 12);
            # what matters here is that nothing crashes.
            for value in [HUGE, str(2**63), "1" * 19, "²", "-1", "1.0"]:
                with pytest.raises(ValidationError):
                    form_field.clean([value] if multiple else value)
            checked.append(f"{name}.{field_name}")
    assert "Organisation.subregions" in checked
    assert "Subregion.contact_points" in checked


# ---------------------------------------------------------------------------------------------
# Forms


def test_numbers_out_of_range_the_walk_finds_the_forms():
    names = {cls.__qualname__ for cls in FORM_CLASSES}
    assert {"ActionWhoWhereForm", "StoryLinksForm", "CommitmentStepForm"} <= names


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: cls.__qualname__)
def test_numbers_out_of_range_every_form_field_of_ids_refuses_absurd_ids(form_class):
    """Every choice of rows uses the shared id fields, which refuse an id no bigint holds
    before any query."""
    for name, form_field in form_class.base_fields.items():
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            assert isinstance(form_field, IdModelMultipleChoiceField), _field_id(form_class, name)
        elif isinstance(form_field, forms.ModelChoiceField):
            assert isinstance(form_field, IdModelChoiceField), _field_id(form_class, name)


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: cls.__qualname__)
def test_numbers_out_of_range_every_number_field_is_bounded(form_class):
    """Every number field has a lowest and a highest value, within what a bigint holds (and
    the column the value goes to: see the tests of each app)."""
    for name, form_field in form_class.base_fields.items():
        if isinstance(form_field, NUMBER_FIELDS):
            field_id = _field_id(form_class, name)
            assert form_field.min_value is not None, field_id
            assert form_field.max_value is not None, field_id
            assert -BIGINT_MAX <= form_field.min_value <= form_field.max_value <= BIGINT_MAX


@pytest.mark.parametrize("filterset_class", FILTERSET_CLASSES, ids=lambda cls: cls.__qualname__)
def test_numbers_out_of_range_every_filter_of_ids_or_numbers_is_bounded(filterset_class):
    """The public lists filter on slugs checked against their choices; a filter of ids or
    numbers must use a bounded field like the forms."""
    for name, declared in filterset_class.base_filters.items():
        field_class = declared.field_class
        if issubclass(field_class, forms.ModelMultipleChoiceField):
            assert issubclass(field_class, IdModelMultipleChoiceField), name
        elif issubclass(field_class, forms.ModelChoiceField):
            assert issubclass(field_class, IdModelChoiceField), name
        elif issubclass(field_class, NUMBER_FIELDS):
            assert "min_value" in declared.extra, name
            assert "max_value" in declared.extra, name


# ---------------------------------------------------------------------------------------------
# URLs


def _project_patterns(resolver=None, prefix="", converters=None):
    """(route, converters, view module) of every URL pattern of this project."""
    resolver = resolver or get_resolver()
    converters = converters or {}
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        found = {**converters, **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            yield from _project_patterns(pattern, route, found)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            if module.startswith("stemcharter."):
                yield route, found, module


def _routes_with_numbers() -> list[tuple[str, dict]]:
    with translation.override("nl"):
        return [
            (route, converters)
            for route, converters, _module in _project_patterns()
            if any(isinstance(c, IntConverter | IdConverter) for c in converters.values())
        ]


def _path(route: str, number: str) -> str:
    """The route with ``number`` for its number parameters and a slug for the others."""

    def value(match: re.Match) -> str:
        converter = match.group(1) or "str"
        return number if converter in ("int", "id") else "iets"

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", value, route)


ROUTES_WITH_NUMBERS = _routes_with_numbers()


def test_numbers_out_of_range_the_walk_finds_the_urls_with_ids():
    routes = [route for route, _converters in ROUTES_WITH_NUMBERS]
    assert any("beoordelingen/" in route for route in routes)
    assert any("ondertekeningen/" in route for route in routes)
    assert any("acties/" in route for route in routes)


def _route_id(value) -> str:
    """A test id that is the same in every process (pytest-xdist compares them): the route,
    and the converters by name, not by their repr (which holds a memory address)."""
    if isinstance(value, dict):
        return ",".join(f"{name}:{type(converter).__name__}" for name, converter in value.items())
    return str(value)


@pytest.mark.parametrize(("route", "converters"), ROUTES_WITH_NUMBERS, ids=_route_id)
def test_numbers_out_of_range_every_url_with_an_id_uses_the_id_converter(route, converters):
    """Django's ``int`` converter takes any number of digits; ``id`` takes at most 18."""
    for name, converter in converters.items():
        assert not isinstance(converter, IntConverter), f"{route}: <int:{name}>, use <id:{name}>"


@pytest.mark.parametrize(("route", "converters"), ROUTES_WITH_NUMBERS, ids=_route_id)
def test_numbers_out_of_range_a_too_long_id_in_a_url_matches_nothing(route, converters):
    with translation.override("nl"):
        assert resolve(_path(route, "12")).route == route  # the walk builds real paths
        with pytest.raises(Resolver404):
            resolve(_path(route, "1" * 25))


@pytest.mark.django_db
def test_numbers_out_of_range_a_25_digit_pk_is_a_404_not_a_500(client):
    organisation = make_signatory(name="Robotica Waasland", slug="robotica-waasland")
    coordinator = CoordinatorFactory()
    MembershipFactory(organisation=organisation, user=coordinator)
    client.force_login(coordinator)
    pk = "1" * 25
    with translation.override("nl"):
        urls = [
            reverse("backoffice:review-detail", kwargs={"type_key": "action", "pk": 1}),
            reverse("backoffice:signature-detail", kwargs={"pk": 1}),
            reverse("backoffice:charter-version-detail", kwargs={"number": 1}),
            reverse(
                "portal:action-detail",
                kwargs={"organisation_slug": organisation.slug, "pk": 1},
            ),
            reverse(
                "portal:story-image-edit",
                kwargs={"organisation_slug": organisation.slug, "pk": 1, "image_pk": 1},
            ),
        ]
    for url in urls:
        response = client.get(url.replace("/1/", f"/{pk}/"))
        assert response.status_code == 404, url


# ---------------------------------------------------------------------------------------------
# Filters and pages of the public lists


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("actions:action-list", {"organisation": HUGE, "type": HUGE, "subregion": HUGE}),
        ("actions:action-list", {"audience": HUGE, "discipline": HUGE, "province": HUGE}),
        ("actions:action-list", {"page": "9" * 20}),
        ("actions:action-list", {"page": "²"}),
        ("organisations:organisation-list", {"sector": HUGE, "subregion": HUGE}),
        ("organisations:organisation-list", {"category": HUGE, "page": "9" * 20}),
        ("stories:story-list", {"organisation": HUGE, "subregion": HUGE, "kind": HUGE}),
        ("stories:story-list", {"page": "9" * 20}),
    ],
)
def test_numbers_out_of_range_in_public_filters_are_dropped_with_a_notice(client, name, query):
    make_signatory(name="Robotica Waasland", slug="robotica-waasland")
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    assert response.context["notices"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["backoffice:audit-list", "backoffice:signature-list", "backoffice:organisation-list"]
)
@pytest.mark.parametrize("query", [{"page": "9" * 20}, {"page": "²"}, {"status": HUGE}])
def test_numbers_out_of_range_in_backoffice_lists_are_forgiven(client, name, query):
    client.force_login(CoordinatorFactory())
    response = client.get(reverse(name), query)
    assert response.status_code == 200
