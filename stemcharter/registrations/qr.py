"""The QR code on a confirmation: the organiser scans it at the door and lands on the check-in
page of that registration (``views.CheckInView``), which only the organisers may use; for
anyone else the address leads nowhere (404)."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .links import check_in_token
from .models import Registration


def check_in_url(registration: Registration) -> str:
    path = reverse("portal:registration-check-in", kwargs={"token": check_in_token(registration)})
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(url: str) -> SafeString:
    """The code as an inline SVG (no style attribute, no script: the CSP allows it)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    # Markup made by qrcode from our own URL (site address and a signed token), nothing typed.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308  # nosec B308 B703


def qr_png_base64(url: str) -> str:
    """The code as a PNG, base64 (an email attachment: ``send_email_task`` decodes it)."""
    buffer = io.BytesIO()
    qrcode.make(url, box_size=8).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")
