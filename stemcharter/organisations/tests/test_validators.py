import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from stemcharter.organisations.validators import (
    ENTERPRISE_NUMBER_MESSAGE,
    clean_enterprise_number,
    format_enterprise_number,
    normalise_name,
)


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        ("0123.456.749", "0123456749"),
        ("0123456749", "0123456749"),
        ("BE0203201340", "0203201340"),
        ("BE 0203.201.340", "0203201340"),
        ("be0203201340", "0203201340"),
        ("203.201.340", "0203201340"),  # the old nine-digit form
        ("203201340", "0203201340"),
        (" 0403-510-694 ", "0403510694"),
    ],
)
def test_valid_enterprise_numbers(value, digits):
    assert clean_enterprise_number(value) == digits


@pytest.mark.parametrize(
    "value",
    [
        "0123.456.748",  # wrong check digits
        "0123.456.750",
        "0203.201.341",
        "0123.456.74A",  # letters
        "ABCD.EFG.HIJ",
        "0123.456.7490",  # too long
        "0123.456.7",  # too short
        "2123.456.749",  # must start with 0 or 1
        "",
    ],
)
def test_invalid_enterprise_numbers(value):
    with pytest.raises(ValidationError) as excinfo:
        clean_enterprise_number(value)
    assert excinfo.value.messages == [str(ENTERPRISE_NUMBER_MESSAGE)]


def test_enterprise_number_message_says_how_to_fix_it():
    assert str(ENTERPRISE_NUMBER_MESSAGE) == (
        "Enter a valid enterprise number, for example 0123.456.749."
    )


def test_format_enterprise_number():
    assert format_enterprise_number("0123456749") == "0123.456.749"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ACME nv", "Acme"),
        ("Acme NV.", "acme"),
        ("Ékole vzw", "Ekole"),
        ("De  Bouw-Groep bvba", "de bouw groep"),
    ],
)
def test_normalise_name_makes_look_alike_names_collide(first, second):
    assert normalise_name(first) == normalise_name(second)


def test_normalise_name_keeps_different_names_apart():
    assert normalise_name("Acme Bouw") != normalise_name("Acme")
