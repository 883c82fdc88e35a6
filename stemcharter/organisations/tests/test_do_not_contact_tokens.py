"""The do-not-contact link's token (issue 14): the address encrypted (Fernet, a key derived
from the secret key), so a link in a log does not show whom it was sent to; links made before
(signed, readable) still work; a key rotation keeps links working through
SECRET_KEY_FALLBACKS; a changed token gets a clear page, never a 500."""

import base64

import pytest
from django.core import signing
from django.urls import reverse

from stemcharter.organisations.do_not_contact import (
    SALT,
    DoNotContactLinkProblem,
    do_not_contact_email,
    do_not_contact_token,
)
from stemcharter.organisations.models import DoNotContact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ADDRESS = "ann.peeters@school.example.org"


def readable_parts(token: str) -> bytes:
    """What anyone can read of a token: its base64 decoded, however it is cut."""
    decoded = b""
    for part in token.replace(":", ".").split("."):
        try:
            decoded += base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue
    return decoded


def test_the_address_cannot_be_read_from_the_token():
    token = do_not_contact_token(ADDRESS)
    assert do_not_contact_email(token) == ADDRESS
    for piece in (b"ann", b"peeters", b"school", b"example"):
        assert piece not in readable_parts(token)
    assert "ann" not in token.lower()
    assert "=" not in token  # no padding in the link
    # The old signed token showed it: what this change is about.
    legacy = signing.dumps(ADDRESS, salt=SALT)
    assert b"ann.peeters@school.example.org" in readable_parts(legacy)


def test_a_link_made_before_still_works(client):
    for compress in (True, False):
        legacy = signing.dumps(ADDRESS, salt=SALT, compress=compress)
        assert do_not_contact_email(legacy) == ADDRESS
    url = reverse("organisations:do-not-contact", args=[signing.dumps(ADDRESS, salt=SALT)])
    assert client.post(url).status_code == 200
    assert DoNotContact.objects.filter(email=ADDRESS).exists()


def test_a_forged_signed_token_is_refused():
    forged = signing.dumps(ADDRESS, salt="another-salt")
    with pytest.raises(DoNotContactLinkProblem):
        do_not_contact_email(forged)
    with pytest.raises(DoNotContactLinkProblem):
        do_not_contact_email(signing.dumps(ADDRESS, salt=SALT, key="not-our-key"))


def test_a_rotated_secret_key_keeps_old_links(settings):
    settings.SECRET_KEY = "the-old-key-" + "x" * 40
    token = do_not_contact_token(ADDRESS)
    legacy = signing.dumps(ADDRESS, salt=SALT)
    settings.SECRET_KEY = "the-new-key-" + "y" * 40
    with pytest.raises(DoNotContactLinkProblem):
        do_not_contact_email(token)
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" + "x" * 40]
    assert do_not_contact_email(token) == ADDRESS
    assert do_not_contact_email(legacy) == ADDRESS
    # New links use the new key: they still work once the fallback is gone.
    fresh = do_not_contact_token(ADDRESS)
    settings.SECRET_KEY_FALLBACKS = []
    assert do_not_contact_email(fresh) == ADDRESS


def test_each_token_differs_but_names_the_same_address():
    first, second = do_not_contact_token(ADDRESS), do_not_contact_token(ADDRESS.upper())
    assert first != second
    assert do_not_contact_email(first) == do_not_contact_email(second) == ADDRESS


def tampered(token: str) -> list[str]:
    middle = len(token) // 2
    flip = "A" if token[middle] != "A" else "B"
    return [
        token[:middle] + flip + token[middle + 1 :],
        token[:-1],
        token[:-8],
        token + "AAAA",
        token[::-1],
        token.upper(),
        token + "é",
        "gAAAAA" + "é" * 20,
        "gAAAAA" + "!" * 20,
    ]


def test_a_tampered_token_gets_the_clear_page_not_an_error(client):
    token = do_not_contact_token(ADDRESS)
    for bad in tampered(token):
        with pytest.raises(DoNotContactLinkProblem):
            do_not_contact_email(bad)
        url = reverse("organisations:do-not-contact", args=[bad])
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 404, bad
            assert "This link does not work" in response.content.decode()
    assert DoNotContact.objects.count() == 0


def test_an_encrypted_token_of_something_not_an_address_is_refused():
    from stemcharter.organisations import do_not_contact

    token = do_not_contact._fernet().encrypt(b"not an address").decode()
    with pytest.raises(DoNotContactLinkProblem):
        do_not_contact_email(token)
    token = do_not_contact._fernet().encrypt(b"\xff\xfe@").decode()
    with pytest.raises(DoNotContactLinkProblem):
        do_not_contact_email(token)
