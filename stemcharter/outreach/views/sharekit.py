"""The share kit of a signatory in the portal (issue 14): its badge and widget to paste on its
own site, its certificate, share links per channel, an invitation-to-sign link and a QR code,
each link with its number of visits (counted in aggregate by ``/d/<code>/``).

Members (editors and admins) of an approved signatory: ``PortalAccessMixin`` finds the
organisation among the user's own (another's is a 404), and an organisation that is not a
public signatory has nothing to show off yet (a 404, as the portal's other signatory pages).
"""

import segno
from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stemcharter.charter.selectors import is_signatory
from stemcharter.common.mixins import PortalAccessMixin

from ..models import Channel, ShareLink
from ..services import share_kit_links

# The badge's size (pages' organisations/sharekit/badge.svg.html) and the widget's in the snippets.
BADGE_WIDTH, BADGE_HEIGHT = 360, 84
WIDGET_WIDTH, WIDGET_HEIGHT = 360, 420

# The platforms' own share addresses (no script of theirs on our pages): the URL to share is
# added to each. X and WhatsApp take a text too, email a subject and body.
SHARE_CHANNELS = (
    (Channel.LINKEDIN, "LinkedIn"),
    (Channel.FACEBOOK, "Facebook"),
    (Channel.X, "X"),
    (Channel.WHATSAPP, "WhatsApp"),
    (Channel.EMAIL, None),
)


def share_url(channel: str, *, url: str, text: str) -> str:
    """The address that shares ``url`` (with ``text``) on ``channel``."""
    if channel == Channel.LINKEDIN:
        return "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})
    if channel == Channel.FACEBOOK:
        return "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})
    if channel == Channel.X:
        return "https://x.com/intent/post?" + urlencode({"url": url, "text": text})
    if channel == Channel.WHATSAPP:
        return "https://wa.me/?" + urlencode({"text": f"{text} {url}"})
    if channel == Channel.EMAIL:
        return "mailto:?" + urlencode({"subject": text, "body": url}).replace("+", "%20")
    raise ValueError(channel)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def link_url(link: ShareLink) -> str:
    """The public address of a share link (``/d/<code>/``, counted, then on to its page)."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(reverse("outreach:share-link-visit", kwargs={"code": link.code}))


def qr_svg(url: str, *, title: str) -> SafeString:
    """The QR code of ``url`` as inline SVG (segno escapes the title), an image named by it."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=4, title=title, svgclass="qr-code")
    # segno's SVG of our own URL, its title escaped by segno.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308  # nosec B308 B703


class ShareKitView(PortalAccessMixin, TemplateView):
    """``/portal/organisaties/<slug>/deelkit/``: what a signatory can share, with its reach."""

    template_name = "outreach/sharekit/share_kit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_signatory(self.organisation):
            raise Http404  # only a public signatory has a badge, a widget and a certificate
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.organisation
        slug = {"slug": organisation.slug}
        with translation.override(settings.LANGUAGE_CODE):  # paths without language prefix
            page_path = reverse("organisations:organisation-detail", kwargs=slug)
            badge_path = reverse("organisations:signatory-badge", kwargs=slug)
            widget_path = reverse("organisations:signatory-widget", kwargs=slug)
            certificate_path = reverse("organisations:signatory-certificate", kwargs=slug)
        links = share_kit_links(organisation=organisation, page_path=page_path)
        badge_link = link_url(links[Channel.BADGE])

        badges = []
        widgets = []
        for language, label in (("nl", "Nederlands"), ("en", "English")):
            query = "?" + urlencode({"taal": language})
            with translation.override(language):
                alt = _("%(name)s signed the STEM-charter") % {"name": organisation.name}
                widget_title = _("Actions of %(name)s") % {"name": organisation.name}
            badges.append(
                {
                    "language": language,
                    "label": label,
                    "src": badge_path + query,
                    "alt": alt,
                    "snippet": format_html(
                        '<a href="{}"><img src="{}" alt="{}" width="{}" height="{}"></a>',
                        badge_link,
                        absolute(badge_path) + query,
                        alt,
                        BADGE_WIDTH,
                        BADGE_HEIGHT,
                    ),
                    "certificate": certificate_path + query,
                }
            )
            widgets.append(
                {
                    "language": language,
                    "label": label,
                    "snippet": format_html(
                        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy">'
                        "</iframe>",
                        absolute(widget_path) + query,
                        widget_title,
                        WIDGET_WIDTH,
                        WIDGET_HEIGHT,
                    ),
                }
            )

        text = _("%(name)s signed the STEM-charter") % {"name": organisation.name}
        shares = []
        for channel, name in SHARE_CHANNELS:
            link = links[channel]
            shares.append(
                {
                    "name": name or _("Email"),
                    "href": share_url(channel, url=link_url(link), text=text),
                    "link": link,
                }
            )
        qr_link = links[Channel.QR]
        qr_url = link_url(qr_link)
        context.update(
            {
                "badges": badges,
                "widgets": widgets,
                "widget_preview": widget_path,
                "widget_width": WIDGET_WIDTH,
                "widget_height": WIDGET_HEIGHT,
                "badge_width": BADGE_WIDTH,
                "badge_height": BADGE_HEIGHT,
                "page_path": page_path,
                "shares": shares,
                "invite_link": links["invite"],
                "invite_url": link_url(links["invite"]),
                "qr_link": qr_link,
                "qr_url": qr_url,
                "qr_svg": qr_svg(
                    qr_url,
                    title=_("QR code to the page of %(name)s") % {"name": organisation.name},
                ),
                "reach": [
                    {"name": _("Badge"), "link": links[Channel.BADGE], "url": badge_link},
                    *({**share, "url": link_url(share["link"])} for share in shares),
                    {"name": _("QR code"), "link": qr_link, "url": qr_url},
                    {
                        "name": _("Invitation to sign"),
                        "link": links["invite"],
                        "url": link_url(links["invite"]),
                    },
                ],
            }
        )
        return context
