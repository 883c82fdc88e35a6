import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_renders_in_dutch_and_english(client):
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()
    response = client.get("/en/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
