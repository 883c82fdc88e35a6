"""Writes of the snowball (issue 14): share links here; each lane adds its section below."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from stemcharter.organisations.models import Organisation

from .models import Channel, ShareLink

SHARE_PATH_MAX_LENGTH = ShareLink._meta.get_field("path").max_length


def share_link_for(*, organisation: Organisation, channel: str, path: str) -> ShareLink:
    """The one share link of ``organisation`` for ``channel`` to ``path`` (made the first time).

    ``path``: a path of this site, starting with one "/" and without language prefix (e.g.
    ``/acties/open-dag/``). Raises ValidationError for an unknown channel or a path that is not
    a local path (``//host``, a scheme, too long): a share link never leads off the site.
    Two requests at once get the same link (the unique constraint, retried once).
    """
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."), code="channel")
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or len(path) > SHARE_PATH_MAX_LENGTH
    ):
        raise ValidationError(_("A share link leads to a page of this site."), code="path")
    try:
        with transaction.atomic():
            link, _created = ShareLink.objects.get_or_create(
                organisation=organisation, channel=channel, path=path
            )
    except IntegrityError:
        link = ShareLink.objects.get(organisation=organisation, channel=channel, path=path)
    return link


# --- sharekit ---

# The share kit's links of a signatory: one per channel to its public page, and one to the
# signing form ("invite to sign", channel LINK).
SHARE_KIT_PAGE_CHANNELS = (
    Channel.BADGE,
    Channel.LINKEDIN,
    Channel.FACEBOOK,
    Channel.X,
    Channel.WHATSAPP,
    Channel.EMAIL,
    Channel.QR,
)
SIGNING_FORM_PATH = "/ondertekenen/"


def share_kit_links(*, organisation: Organisation, page_path: str) -> dict[str, ShareLink]:
    """The share links of ``organisation``'s share kit: channel → link to ``page_path`` (its
    public page, without language prefix) for every channel of ``SHARE_KIT_PAGE_CHANNELS``,
    and ``"invite"`` → its LINK to the signing form. Made the first time (``share_link_for``);
    after that one query. Raises ValidationError as ``share_link_for`` for a bad path."""
    wanted = {channel.value: page_path for channel in SHARE_KIT_PAGE_CHANNELS}
    wanted["invite"] = SIGNING_FORM_PATH
    existing = {
        (link.channel, link.path): link
        for link in ShareLink.objects.filter(
            organisation=organisation, path__in={page_path, SIGNING_FORM_PATH}
        )
    }
    links = {}
    for key, path in wanted.items():
        channel = Channel.LINK.value if key == "invite" else key
        link = existing.get((channel, path))
        if link is None:
            link = share_link_for(organisation=organisation, channel=channel, path=path)
        links[key] = link
    return links


# --- end of sharekit ---

# --- pipeline ---

# --- reach ---


def share_visit_counted(request) -> bool:
    """Whether a request of a share link counts as a visit: a GET or HEAD by a person's browser.

    Link previews (the crawlers of LinkedIn, Facebook, X, WhatsApp, Slack, ...) fetch a shared
    link once per post, not per reader: they are not counted. Read from the User-Agent only.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    agent = request.headers.get("User-Agent", "").lower()
    return bool(agent) and not any(word in agent for word in PREVIEW_AGENTS)


# Words in the User-Agent of link-preview crawlers and other robots.
PREVIEW_AGENTS = (
    "bot",
    "crawler",
    "spider",
    "preview",
    "facebookexternalhit",
    "facebookcatalog",
    "linkedin",
    "whatsapp",
    "telegram",
    "skypeuripreview",
    "embedly",
    "curl",
    "wget",
    "python-requests",
)
