"""The fuzz harness: every form and every query-string filter the site shows, thrown odd input.

Enumerated, not listed by hand: for every URL pattern of the role x view table
(``pages/tests/access``), the page is opened as each role in ``FUZZ_ROLES`` that may open it, its
``<form>`` elements are read from the HTML (``forms.py``: fields, choices, buttons, where it
goes), and each is sent with values that hypothesis draws from ``forms.odd_text`` (random and
control characters, known hostile strings, long runs, huge numbers, other organisations' ids),
then once with each string of ``forms.HOSTILE`` in every text field. A new form is covered as
soon as a page shows it.

What must hold for every answer (each runs in a savepoint that is rolled back):

- never a server error: the test client raises the view's exception, or a status of 500 or more;
- never unescaped output: ``forms.MARKER`` (``<x-fuzz>``) never comes back as markup;
- a bounded cost, stated here and counted, not timed (timings belong to ``bench/``): at most
  ``QUERY_BOUND`` database queries and ``SIZE_BOUND`` bytes per answer.

Hypothesis runs derandomised (the same examples every run, so CI does not flake) and keeps no
example database; set ``FUZZ_EXAMPLES`` for a longer run by hand, e.g. ``FUZZ_EXAMPLES=200``.
"""

import os
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stemcharter.organisations.models import Membership
from stemcharter.pages.tests.access.table import TABLE
from stemcharter.pages.tests.access.test_role_view_table import COVERED, PATTERNS, is_excluded
from stemcharter.pages.tests.access.world import ROLES, build_world, url_kwargs

from .forms import HOSTILE, MARKER, Form, field_value, page_forms

# The roles whose pages are fuzzed: the public as a visitor, the portal as an organisation's
# admin, the back office as the coordinator (the other roles see subsets of these forms).
FUZZ_ROLES = ("visitor", "admin", "coordinator")
QUERY_BOUND = 150
SIZE_BOUND = 2_000_000
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))

FUZZED = [
    name
    for name in COVERED
    if name in TABLE
    and any(
        outcome == "200" and role in FUZZ_ROLES
        for role, outcome in zip(ROLES, TABLE[name]["GET"].split(), strict=True)
    )
]


def _client(world, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _forms_to_fuzz(name: str, world) -> list[tuple[str, Form]]:
    route, params = PATTERNS[name]
    url = reverse(name, kwargs=url_kwargs(name, route, params, world))
    found = []
    seen = set()
    for role, outcome in zip(ROLES, TABLE[name]["GET"].split(), strict=True):
        if role not in FUZZ_ROLES or outcome != "200":
            continue
        response = _client(world, role).get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for form in page_forms(response.content.decode(), url):
            if _is_ours(form) and (role, form.describe()) not in seen:
                seen.add((role, form.describe()))
                found.append((role, form))
    return found


def _is_ours(form: Form) -> bool:
    """A form to one of our views: not to allauth's or the admin's (the table excludes them,
    ``table.EXCLUDED``, and so does the harness: the logout button is on every page)."""
    try:
        match = resolve(urlsplit(form.url).path)
    except Resolver404:
        return True  # sent nowhere: the answer is a 404, still checked
    return not is_excluded(match.view_name)


def _foreign_ids(world) -> list[str]:
    """Ids that belong to another organisation (B), and ids no table holds."""
    other = Membership.objects.filter(user=world.users["other"]).first()
    ids = ["0", "-1", str(10**18), str(2**63)]
    if other is not None:
        ids += [str(other.organisation_id), other.organisation.slug, str(other.user_id)]
    return ids


def _submit(world, role: str, form: Form, values: dict) -> None:
    data = {}
    for key, value in values.items():
        form_field = form.fields.get(key)
        if form_field is not None and form_field.kind == "file":
            if form.multipart:
                data[key] = SimpleUploadedFile("fuzz.png", value, content_type="image/png")
            continue
        data[key] = value
    with transaction.atomic():
        client = _client(world, role)
        cache.clear()  # rate limits would turn later examples away before they reach a form
        with CaptureQueriesContext(connection) as queries:
            if form.method == "post":
                response = client.post(form.url, data)
            else:
                response = client.get(form.url, data)
        transaction.set_rollback(True)
    where = f"{form.describe()} as {role}"
    assert response.status_code < 500, f"{where}: {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert MARKER.encode() not in content, f"{where}: {MARKER} came back unescaped"
    assert len(queries) <= QUERY_BOUND, f"{where}: {len(queries)} queries"
    assert len(content) <= SIZE_BOUND, f"{where}: {len(content)} bytes"


def _with_button(form: Form, values: dict, button: tuple[str, str] | None) -> dict:
    if button is not None:
        values = {**values, button[0]: button[1]}
    return values


@pytest.mark.django_db
@pytest.mark.parametrize("name", FUZZED)
def test_forms_fuzz_odd_input_never_breaks_a_form(name):
    world = build_world()
    targets = _forms_to_fuzz(name, world)
    foreign_ids = _foreign_ids(world)

    # Each string known to be hostile, in every text field of every form, once.
    for role, form in targets:
        for hostile in HOSTILE:
            values = {
                key: (hostile if not form_field.options and form_field.kind != "file" else "")
                for key, form_field in form.fields.items()
            }
            button = form.buttons[0] if form.buttons else None
            _submit(world, role, form, _with_button(form, values, button))

    if not targets:
        return

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def fuzz(data):
        role, form = data.draw(st.sampled_from(targets), label="form")
        values = {
            key: data.draw(field_value(form_field, foreign_ids), label=key)
            for key, form_field in form.fields.items()
        }
        button = data.draw(st.sampled_from([None, *form.buttons]), label="button")
        _submit(world, role, form, _with_button(form, values, button))

    fuzz()


@pytest.mark.django_db
def test_forms_fuzz_finds_the_forms_a_page_shows():
    """The harness sees what a browser sees: the signing form's fields, the catalogue's filters,
    the portal's profile form (a harness that found no forms would prove nothing)."""
    world = build_world()
    found = {
        name: [form for _, form in _forms_to_fuzz(name, world)]
        for name in ("charter:sign", "actions:action-list", "portal:organisation-edit")
    }
    sign_fields = {key for form in found["charter:sign"] for key in form.fields}
    assert {"name", "category"} <= sign_fields
    catalogue = [form for form in found["actions:action-list"] if form.method == "get"]
    assert any("subregion" in form.fields for form in catalogue)
    assert any(form.method == "post" for form in found["portal:organisation-edit"])
    assert len(FUZZED) > 50
