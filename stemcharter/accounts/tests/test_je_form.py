"""The account pages speak to the reader as "je" in Dutch (UI.md), also where the words come
from Django or allauth (their Dutch says "u"; stemcharter/accounts/third_party_strings.py)."""

import ast
import re
from pathlib import Path

import allauth
import django
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The polite form: "u", "uw", "uzelf", "a.u.b.", "alstublieft", "gelieve".
U_FORM = re.compile(r"(?<![\w.-])(u|uw|uzelf|a\.u\.b\.|alstublieft|gelieve)(?![\w-])", re.I)
NOOPS = {"gettext_noop", "ngettext_lazy"}
SOURCE = Path(settings.BASE_DIR, "stemcharter/accounts/third_party_strings.py")


def _u_forms(content: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", content)
    return [text[max(0, m.start() - 40) : m.end() + 40].strip() for m in U_FORM.finditer(text)]


def test_our_dutch_catalogue_says_je():
    catalogue = Path(settings.BASE_DIR, "locale/nl/LC_MESSAGES/django.po").read_text()
    translations = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', catalogue, re.M)
    assert not [text for text in translations if U_FORM.search(text)]


def _msgids(path: Path) -> set[str]:
    """The msgids of a .po file (continuation lines joined, escapes read)."""
    ids, current = set(), None
    for line in [*path.read_text().splitlines(), ""]:
        if line.startswith(("msgid ", "msgid_plural ")):
            if current is not None:
                ids.add(current)
            current = ast.literal_eval(line.split(" ", 1)[1])
        elif line.startswith('"') and current is not None:
            current += ast.literal_eval(line)
        elif current is not None:
            ids.add(current)
            current = None
    return ids


def test_the_strings_we_translate_again_are_still_the_packages_strings():
    """An upgrade of Django or allauth that changes one of these would leave our entry unused."""
    calls = [
        node
        for node in ast.walk(ast.parse(SOURCE.read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in NOOPS
    ]
    ours = {arg.value for call in calls for arg in call.args if isinstance(arg.value, str)}
    ours.discard("min_length")
    assert len(ours) == 9
    packages = _msgids(
        Path(django.__file__).parent / "contrib/auth/locale/nl/LC_MESSAGES/django.po"
    ) | _msgids(Path(allauth.__file__).parent / "locale/nl/LC_MESSAGES/django.po")
    assert ours <= packages, ours - packages


@pytest.mark.parametrize(
    "name",
    [
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_change_password",
    ],
)
def test_the_account_pages_say_je(client, name):
    if name == "account_change_password":
        client.force_login(UserFactory())
    with translation.override("nl"):
        content = client.get(reverse(name)).content.decode()
    assert not _u_forms(content), _u_forms(content)
