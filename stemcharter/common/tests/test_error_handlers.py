"""The site's error handlers (``common.errors``, named in config/urls.py): the site's pages,
except under a prefix an app registered handlers for (the API's JSON under ``/api/``)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from stemcharter.common import errors
from stemcharter.common.errors import ErrorHandlers, register_error_handlers

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    register_error_handlers(
        "/zz/", ErrorHandlers(page_not_found=lambda r, e: HttpResponse("zz", status=404))
    )
    register_error_handlers(
        "/zz/deep/",
        ErrorHandlers(
            page_not_found=lambda r, e: HttpResponse("deep", status=404),
            server_error=lambda r: HttpResponse("deep 500", status=500),
        ),
    )
    yield
    errors.unregister_error_handlers("/zz/")
    errors.unregister_error_handlers("/zz/deep/")


def test_config_names_the_common_handlers(settings):
    from config import urls

    assert urls.handler400 == "stemcharter.common.errors.handler400"
    assert urls.handler404 == "stemcharter.common.errors.handler404"
    assert urls.handler500 == "stemcharter.common.errors.handler500"


def test_a_registered_prefix_gets_its_own_handler(registered):
    factory = RequestFactory()
    assert errors.handler404(factory.get("/zz/x/"), None).content == b"zz"
    # The longest prefix wins.
    assert errors.handler404(factory.get("/zz/deep/x/"), None).content == b"deep"
    assert errors.handler500(factory.get("/zz/deep/x/")).content == b"deep 500"
    # A handler the app left out is the site's page.
    assert b"deep" not in errors.handler500(factory.get("/zz/x/")).content


def test_elsewhere_the_sites_pages(client, registered):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_api_registers_its_json_handlers(client):
    assert errors.handlers_for(RequestFactory().get("/api/v1/nope/")).page_not_found is not None
    response = client.get("/api/v1/nope/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
