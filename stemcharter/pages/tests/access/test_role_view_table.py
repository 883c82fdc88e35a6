"""The role x view table holds: every named URL pattern answers each role as table.py says.

One test per URL name (the world is built once per test, each request runs in a savepoint that
is rolled back, so a POST that deletes or withdraws something does not change the next role's
view). A pattern without a row fails ``test_every_url_pattern_has_a_row`` saying what to add.
"""

import os
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stemcharter.pages.tests.access.table import DENIED, EXCLUDED, TABLE
from stemcharter.pages.tests.access.world import ROLES, build_world, url_kwargs


def _walk(resolver, route="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, route + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, route + str(pattern.pattern), list(pattern.pattern.regex.groupindex)


def url_patterns() -> dict[str, tuple[str, list[str]]]:
    """Every named URL pattern: name → (route, parameter names)."""
    found = {}
    for name, route, params in _walk(get_resolver()):
        found.setdefault(name, (route, params))
    return found


def is_excluded(name: str) -> bool:
    return any(re.fullmatch(pattern, name) for pattern in EXCLUDED)


PATTERNS = url_patterns()
COVERED = sorted(name for name in PATTERNS if not is_excluded(name))


def test_every_url_pattern_has_a_row():
    missing = [name for name in COVERED if name not in TABLE]
    lines = [
        f'    "{name}": {{  # {PATTERNS[name][0]}\n'
        f'        "GET":  "? ? ? ? ? ? ? ?",  # {" ".join(ROLES)}\n'
        f'        "POST": "? ? ? ? ? ? ? ?",\n'
        f"    }},"
        for name in missing
    ]
    assert not missing, (
        "URL patterns without a row in the role x view table "
        "(stemcharter/pages/tests/access/table.py); add, with one outcome per role "
        f"({', '.join(ROLES)}: 200, 403, 404, 405, login or redirect):\n" + "\n".join(lines)
    )


def test_every_row_names_an_existing_pattern():
    gone = sorted(name for name in TABLE if name not in PATTERNS or is_excluded(name))
    assert not gone, (
        "Rows of the role x view table (stemcharter/pages/tests/access/table.py) whose URL "
        f"pattern no longer exists (or is excluded): remove them: {gone}"
    )


@pytest.mark.parametrize("name", sorted(TABLE))
def test_a_role_that_may_not_get_may_not_post(name):
    row = TABLE[name]
    for role, got, posted in zip(ROLES, row["GET"].split(), row["POST"].split(), strict=True):
        if got in DENIED:
            assert posted in DENIED | {"405"}, (
                f"{name}: {role} may not GET it ({got}) but the table lets a POST pass ({posted})"
            )


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        login = reverse("account_login")
        location = response.headers["Location"]
        return "login" if location.split("?")[0].endswith(login) else "redirect"
    return str(response.status_code)


def probe(name: str, method: str, world) -> list[str]:
    route, params = PATTERNS[name]
    url = reverse(name, kwargs=url_kwargs(name, route, params, world))
    results = []
    for role in ROLES:
        with transaction.atomic():
            client = Client()
            if world.users[role] is not None:
                client.force_login(world.users[role])
            response = client.get(url) if method == "GET" else client.post(url, {})
            results.append(outcome(response))
            transaction.set_rollback(True)
    return results


RECORD = os.environ.get("ACCESS_TABLE_RECORD")


@pytest.mark.django_db
@pytest.mark.parametrize("name", COVERED)
def test_role_view_table(name):
    world = build_world()
    found = {method: probe(name, method, world) for method in ("GET", "POST")}
    if RECORD:
        with open(RECORD, "a") as out:
            out.write(
                f"{name}\t{PATTERNS[name][0]}\t{' '.join(found['GET'])}\t"
                f"{' '.join(found['POST'])}\n"
            )
        return
    if name not in TABLE:
        pytest.fail(
            f"{name} has no row in stemcharter/pages/tests/access/table.py. Today it answers "
            f"(check each outcome is what it should be before you copy it):\n"
            f'    "{name}": {{  # {PATTERNS[name][0]}\n'
            f'        "GET": "{" ".join(found["GET"])}",  # {" ".join(ROLES)}\n'
            f'        "POST": "{" ".join(found["POST"])}",\n'
            f"    }},",
            pytrace=False,
        )
    problems = []
    for method in ("GET", "POST"):
        expected = TABLE[name][method].split()
        for role, want, got in zip(ROLES, expected, found[method], strict=True):
            if want != got:
                problems.append(f"{method} as {role}: table says {want}, got {got}")
    assert not problems, f"{name} ({PATTERNS[name][0]}):\n" + "\n".join(problems)
