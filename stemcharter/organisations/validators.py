import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ENTERPRISE_NUMBER_MESSAGE = _("Enter a valid enterprise number, for example 0123.456.749.")

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


def normalise_name(name: str) -> str:
    """Fold case, accents, punctuation and legal forms so that look-alike names collide."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in _LEGAL_FORMS]
    return " ".join(words)
