"""The pages a visitor sees, with the demo data: the list that the HTML validator
(e2e/test_valid_html.py) and the page-weight budget (test_page_weight.py) go through, and the
portal and back-office pages reachable from their home pages."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.actions.models import Action
from stemcharter.organisations.models import Organisation
from stemcharter.pages.demo_data import COORDINATOR_EMAIL, SIGNATORY_EMAIL
from stemcharter.stories.models import Story

NOT_FOUND = "/bestaat-niet/"


def seed_demo() -> None:
    """Load the demo data (``manage.py seed_demo``) into the test database."""
    call_command("seed_demo", stdout=StringIO())


def public_paths() -> list[str]:
    """Every public page once, Dutch then English: home, the three catalogues with and without
    filters, a detail page of each, the charter, the signing form, the region pages (a region with
    its contact point, and its contact form), the login and sign-up pages and the not-found
    page. Needs the demo data."""
    action = Action.objects.published().order_by("pk").first()
    story = Story.objects.published().order_by("pk").first()
    organisation = Organisation.objects.signatories().order_by("pk").first()
    assert action, "the demo data is missing"
    assert story, "the demo data is missing"
    assert organisation, "the demo data is missing"
    paths = [
        "/",
        "/acties/",
        "/acties/?q=robot&audience=onbekend",
        "/acties/?page=2",
        action.get_absolute_url(),
        "/verhalen/",
        "/verhalen/?q=les",
        story.get_absolute_url(),
        "/ondertekenaars/",
        "/ondertekenaars/?category=company",
        organisation.get_absolute_url(),
        organisation.get_absolute_url() + "widget/",  # sharekit: the widget other sites frame
        "/charter/",
        "/ondertekenen/",
        "/contact/",
        "/regio/",
        "/regio/gent/",
        "/regio/gent/contact/",
        "/sneeuwbal/",  # snowball
        "/in-cijfers/",  # numbers
        f"/in-cijfers/{timezone.localtime(action.first_published_at).year}/",  # numbers
        "/open-data/",  # opendata
        "/open-data/api/",  # api: the API's documentation
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
        NOT_FOUND,
    ]
    return paths + ["/en" + path for path in paths]


def render(client: Client, path: str) -> bytes:
    """The page at ``path`` as the client gets it; fails unless it answers 200 (404 for the
    not-found page)."""
    response = client.get(path)
    expected = 404 if path.endswith(NOT_FOUND) else 200
    assert response.status_code == expected, (path, response.status_code)
    return response.content


LINK = re.compile(r'href="(/(?:en/)?(?:portal|beheer)/[^"#?]*)"')


def signed_in_pages(*, max_pages: int = 100) -> dict[str, dict[str, bytes]]:
    """The portal pages of the demo signatory and the back-office pages of the demo coordinator:
    their home page and the pages it links to (GET, answering 200 with HTML), at most
    ``max_pages`` each, as ``{"portal": {path: html}, "backoffice": {path: html}}``."""
    found: dict[str, dict[str, bytes]] = {}
    for area, email, home in (
        ("portal", SIGNATORY_EMAIL, "/portal/"),
        ("backoffice", COORDINATOR_EMAIL, "/beheer/"),
    ):
        client = Client()
        client.force_login(User.objects.get(email=email))
        pages: dict[str, bytes] = {}
        queue = [home]
        while queue and len(pages) < max_pages:
            path = queue.pop(0)
            if path in pages:
                continue
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages[path] = response.content
            for link in LINK.findall(response.content.decode()):
                if link.startswith(home) and link not in pages and link not in queue:
                    queue.append(link)
        found[area] = pages
    return found
