"""The share images of signatories, actions and stories (issue 14): the 1200 by 630 PNG that a
page's ``og:image`` names, so a link posted on LinkedIn, Facebook, X or WhatsApp shows the
title, the organisation and its logo.

Public like the pages they illustrate (404 for anything their page would not show), in the
language of the path (``/en/deelbeeld/...`` is English). Cached twice: the page cache keeps the
response for anonymous requests (a minute, and stale at once after a change), and the drawing
is stored (``images.share_images.share_image_stored``) under a name made of the rows'
``updated_at``, so a spike of link previews after a post draws each image once.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from stemcharter.common.fragments import templates_version
from stemcharter.images.share_images import share_image_png, share_image_stored
from stemcharter.organisations.models import Organisation

from ..selectors import share_image_action, share_image_signatory, share_image_story

# The stored drawings' key of each item is "<kind>/<pk>" (``images.share_images``).
SHARE_IMAGE_KINDS = {
    "organisations.organisation": "signatory",
    "actions.action": "action",
    "stories.story": "story",
}


def share_image_key(obj) -> str:
    """The key under which the share images of ``obj`` (an Organisation, Action or Story) are
    stored; the receiver that removes them when ``obj`` is deleted uses the same."""
    return f"{SHARE_IMAGE_KINDS[obj._meta.label_lower]}/{obj.pk}"


def _png_response(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="image/png")
    response["Content-Length"] = str(len(content))
    return response


def _draw(*, key: str, rows: list, title: str, subtitle: str, logo, kicker: str) -> HttpResponse:
    language = get_language()
    # What the drawing shows: the rows (a save moves ``updated_at``), the words drawn (the
    # signing date is not on the organisation's row), and the translations this process runs.
    version = "|".join(
        [
            *(f"{row._meta.label_lower}:{row.pk}:{row.updated_at.isoformat()}" for row in rows),
            title,
            subtitle,
            kicker,
            templates_version(),
        ]
    )
    content = share_image_stored(
        key=key,
        language=language,
        version=version,
        draw=lambda: share_image_png(
            title=title, subtitle=subtitle, logo=logo, language=language, kicker=kicker
        ),
    )
    return _png_response(content)


def _logo(organisation: Organisation, *, is_public: bool):
    # Only a public signatory's logo: its page shows it; another organisation's is not public.
    return organisation.logo if is_public and organisation.logo else None


@require_safe
def signatory_share_image(request: HttpRequest, slug: str) -> HttpResponse:
    """``/deelbeeld/ondertekenaars/<slug>.png``: the public signatory's name, logo and the
    day it signed. 404 for any other organisation."""
    organisation = share_image_signatory(slug=slug)
    if organisation is None:
        raise Http404(_("There is no public signatory at this address."))
    signed = ""
    if organisation.signed_at:
        day = timezone.localtime(organisation.signed_at).date()
        signed = _("Signed the STEM-charter on %(date)s") % {
            "date": date_format(day, "DATE_FORMAT")
        }
    return _draw(
        key=share_image_key(organisation),
        rows=[organisation],
        title=organisation.name,
        subtitle=signed,
        logo=_logo(organisation, is_public=True),
        kicker=_("Signatory"),
    )


@require_safe
def action_share_image(request: HttpRequest, slug: str) -> HttpResponse:
    """``/deelbeeld/acties/<slug>.png``: the published action's title and organisation."""
    action = share_image_action(slug=slug)
    if action is None:
        raise Http404(_("There is no published action at this address."))
    return _draw(
        key=share_image_key(action),
        rows=[action, action.organisation],
        title=action.title,
        subtitle=action.organisation.name,
        logo=_logo(action.organisation, is_public=action.organiser_is_public),
        kicker=_("Action"),
    )


@require_safe
def story_share_image(request: HttpRequest, slug: str) -> HttpResponse:
    """``/deelbeeld/verhalen/<slug>.png``: the published story's title and organisation."""
    story = share_image_story(slug=slug)
    if story is None:
        raise Http404(_("There is no published story at this address."))
    return _draw(
        key=share_image_key(story),
        rows=[story, story.organisation],
        title=story.title,
        subtitle=story.organisation.name,
        logo=_logo(story.organisation, is_public=story.author_is_public),
        kicker=_("Story"),
    )
