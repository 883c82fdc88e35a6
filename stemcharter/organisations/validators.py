import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ENTERPRISE_NUMBER_MESSAGE = _("Enter a valid enterprise number, for example 0123.456.749.")

# The columns of Organisation: what is typed, and its normalised form (the duplicate check).
# Normalising can make a text longer (NFKD writes "ﬁ" as "fi", "㍿" as four characters), so
# both lengths are checked: see ``check_normalised_length``.
NAME_MAX_LENGTH = 200
TOWN_MAX_LENGTH = 100
NAME_TOO_LONG_MESSAGE = _(
    "This name is too long once special characters are written out: a ligature such as "
    "“ﬁ” counts as two letters. Shorten it to at most %(limit)s characters."
)
TOWN_TOO_LONG_MESSAGE = _(
    "This town is too long once special characters are written out: a ligature such as "
    "“ﬁ” counts as two letters. Shorten it to at most %(limit)s characters."
)

_LEGAL_FORMS = {
    "nv", "bv", "bvba", "cv", "cvba", "vzw", "ivzw", "vof", "commv", "sa", "srl", "sprl",
    "asbl", "scrl", "sc", "inc", "ltd", "gmbh",
}  # fmt: skip


def clean_enterprise_number(value: str) -> str:
    """Return the ten digits of a Belgian enterprise number, or raise ValidationError.

    Accepts the usual spellings: ``0123.456.749``, ``BE 0123 456 749``, ``123456749``.
    The last two digits are 97 minus the first eight modulo 97.
    """
    digits = re.sub(r"[\s.\-]", "", value or "").upper().removeprefix("BE")
    if len(digits) == 9:
        digits = "0" + digits
    if not re.fullmatch(r"[01]\d{9}", digits):
        raise ValidationError(ENTERPRISE_NUMBER_MESSAGE, code="invalid")
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(ENTERPRISE_NUMBER_MESSAGE, code="checksum")
    return digits


def format_enterprise_number(digits: str) -> str:
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else digits


def _fold(text: str) -> list[str]:
    """The words of ``text`` without case, accents or punctuation (NFKD: it may grow)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^\w\s]", " ", text).split()


def normalise_name(name: str) -> str:
    """Fold case, accents, punctuation and legal forms so that look-alike names collide.

    The result can be longer than ``name`` (see ``check_normalised_length``).
    """
    return " ".join(w for w in _fold(name) if w not in _LEGAL_FORMS)


def normalise_town(town: str) -> str:
    """Fold a town like a name (without legal forms); "St." is "Sint" as in Sint-Niklaas.

    The result can be longer than ``town`` (see ``check_normalised_length``).
    """
    return " ".join("sint" if w == "st" else w for w in _fold(town))


def check_normalised_length(*, name: str | None = None, town: str | None = None) -> None:
    """Raise ValidationError ({field: message}) when the normalised name or town would not
    fit its column (``NAME_MAX_LENGTH``, ``TOWN_MAX_LENGTH``), e.g. a 199-character name
    with two "ﬁ" ligatures copied from a PDF. The forms and the services both call it.
    """
    errors = {}
    if name is not None and len(normalise_name(name)) > NAME_MAX_LENGTH:
        errors["name"] = ValidationError(
            NAME_TOO_LONG_MESSAGE, code="normalised_too_long", params={"limit": NAME_MAX_LENGTH}
        )
    if town is not None and len(normalise_town(town)) > TOWN_MAX_LENGTH:
        errors["town"] = ValidationError(
            TOWN_TOO_LONG_MESSAGE, code="normalised_too_long", params={"limit": TOWN_MAX_LENGTH}
        )
    if errors:
        raise ValidationError(errors)
