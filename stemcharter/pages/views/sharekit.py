"""A signatory's share kit on the public side (issue 14): its badge, its widget and its
certificate, beside its page (``/ondertekenaars/<slug>/...``, the ``organisations:`` namespace).

All three are public, for anonymous visitors of other sites: the page cache keeps them
(``common.page_cache``, stale at once when public content changes) and they read one or two
small queries (``selectors_sharekit``). They render without a request context (no session,
no user, no context processors), so embedding them costs no more than that. Their language:
``?taal=nl`` or ``?taal=en`` (another value: Dutch), else the language of the path.

Only the widget may be framed by another site (``signatory_widget``): every other page keeps
``X-Frame-Options: DENY`` and ``frame-ancestors 'none'`` (pages/tests/access/test_framing.py).
"""

from csp.utils import build_policy
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from stemcharter.common.fragments import until_content_changes

from ..certificate import Certificate, certificate_pdf
from ..selectors_sharekit import (
    signatory_badge_data,
    signatory_certificate_data,
    signatory_widget_data,
)

LANGUAGE_PARAMETER = "taal"
LANGUAGES = ("nl", "en")

# A name longer than this is shortened on the badge (its title says it in full).
BADGE_NAME_LENGTH = 40

# The widget's Content-Security-Policy: the site's own, with any site as a frame ancestor.
# Set on the response itself, not with django-csp's decorators (``csp_replace``): those leave
# an attribute on the response that the page cache does not keep, so a page served from the
# cache would get the site's default ``frame-ancestors 'none'`` back.
CSP_HEADER = "Content-Security-Policy"


def widget_policy() -> str:
    """The site's policy (``CONTENT_SECURITY_POLICY``) with ``frame-ancestors *``."""
    return build_policy(replace={"frame-ancestors": ["*"]})


def share_language(request: HttpRequest) -> str:
    """The language of a badge, widget or certificate: ``?taal=`` (``nl`` or ``en``; another
    value gives Dutch, the default language), else the language of the path."""
    asked = request.GET.get(LANGUAGE_PARAMETER)
    if asked is None:
        current = translation.get_language() or settings.LANGUAGE_CODE
        return current if current in LANGUAGES else settings.LANGUAGE_CODE
    return asked if asked in LANGUAGES else settings.LANGUAGE_CODE


def _shortened(name: str) -> str:
    if len(name) <= BADGE_NAME_LENGTH:
        return name
    return name[: BADGE_NAME_LENGTH - 1].rstrip() + "…"


@require_safe
def signatory_badge(request: HttpRequest, slug: str) -> HttpResponse:
    """``badge.svg``: "We signed the STEM-charter", the organisation's name and its live
    number of published actions, as an SVG image for an ``<img>`` on any site. 404 for an
    organisation that is not a public signatory."""
    language = share_language(request)
    with translation.override(language):
        data = signatory_badge_data(slug=slug)
        if data is None:
            raise Http404(_("There is no public signatory at this address."))
        organisation = data["organisation"]
        svg = render_to_string(
            "organisations/sharekit/badge.svg.html",
            {
                "organisation": organisation,
                "short_name": _shortened(organisation.name),
                "action_count": data["action_count"],
                "language": language,
            },
        )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Language"] = language
    return response


@require_safe
@xframe_options_exempt
def signatory_widget(request: HttpRequest, slug: str) -> HttpResponse:
    """``widget/``: a small page for an ``<iframe>`` on another site listing the signatory's
    current published actions (each opening in a new tab). The one page of the platform that
    another site may frame: no X-Frame-Options, ``frame-ancestors *``."""
    language = share_language(request)
    today = timezone.localdate()
    with translation.override(language):
        data = signatory_widget_data(slug=slug, today=today)
        if data is None:
            raise Http404(_("There is no public signatory at this address."))
        html = render_to_string(
            "organisations/sharekit/widget.html",
            {**data, "today": today, "language": language, "site_url": settings.SITE_URL},
        )
    response = HttpResponse(html)
    response["Content-Language"] = language
    response[CSP_HEADER] = widget_policy()
    return response


def _certificate(slug: str, language: str) -> bytes | None:
    data = signatory_certificate_data(slug=slug)
    if data is None:
        return None
    path = reverse("organisations:organisation-detail", kwargs={"slug": data.slug})
    approved_on = timezone.localtime(data.signed_at).date() if data.signed_at else None
    return certificate_pdf(
        Certificate(
            name=data.name,
            charter_version_number=data.charter_version_number,
            charter_version_title=data.charter_version_title,
            approved_on=approved_on,
            url=settings.SITE_URL.rstrip("/") + path,
        )
    )


@require_safe
def signatory_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    """``certificaat.pdf``: the signatory's certificate (A4 landscape PDF), drawn once per
    language until public content changes (``until_content_changes``), besides the page
    cache. 404 for an organisation that is not a public signatory."""
    language = share_language(request)
    with translation.override(language):
        pdf = until_content_changes(
            "signatory-certificate", lambda: _certificate(slug, language), slug
        )
        if pdf is None:
            raise Http404(_("There is no public signatory at this address."))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="stem-charter-{slug}.pdf"'
    response["Content-Language"] = language
    return response
