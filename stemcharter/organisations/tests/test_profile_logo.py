"""A broken logo in the portal's profile form gives a field error (not a 500), and nothing
typed is lost."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stemcharter.organisations.models import Category
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.vocabulary.models import Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def organisation(signatory_organisation):
    """The organisation of these tests is a signatory."""
    return signatory_organisation


def _truncated_jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(buffer, format="JPEG")
    content = buffer.getvalue()
    return SimpleUploadedFile("logo.jpg", content[: len(content) // 2], content_type="image/jpeg")


def test_truncated_logo_gives_a_field_error_and_keeps_the_profile(client, organisation, admin):
    client.force_login(admin)
    url = reverse("portal:organisation-edit", args=[organisation.slug])
    assert url.startswith("/en/")
    data = {
        "name": "Jansen & Zonen",
        "town": "Gent",
        "category": Category.COMPANY,
        "sector": Sector.objects.first().pk,
        "enterprise_number": "0123.456.749",
        "website": "https://www.example.be",
        "description": "A new description that must not be saved.",
        "subregions": [SubregionFactory().pk],
        "logo": _truncated_jpeg(),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    # The logo is the only problem: without this check the form would stop before it.
    assert response.context["form"].errors == {
        "logo": ["The file is not an image. Choose a PNG, JPEG, GIF or WebP file."]
    }
    # Nothing typed is lost: the form shows what was posted.
    assert "A new description that must not be saved." in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.logo
    assert organisation.description != "A new description that must not be saved."
