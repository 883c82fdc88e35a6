"""Writes of the snowball (issue 14): share links here; each lane adds its section below."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from stemcharter.charter.models import Signature
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


# --- pipeline ---

# --- reach ---


def signature_referral_resolve(*, signature) -> bool:
    """Credit the share link a signature came by: ``Signature.referral_code`` (the ``?bron=``
    of the signing form) names a ShareLink, whose organisation becomes ``referred_by`` and whose
    channel ``referral_channel``.

    In: a ``charter.Signature``. Out: whether it was credited now. Nothing changes when an
    invitation already set who brought it in (an invitation wins), when the code names no link
    (unknown or mistyped: nobody is credited), when the link is the signing organisation's own,
    or when that organisation signed before (a new version of the charter is not a new
    signatory). Safe to call again for the same signature (the signal may come twice).
    """
    code = (signature.referral_code or "").strip()
    if not code or signature.invitation_id or signature.referred_by_id:
        return False
    link = ShareLink.objects.filter(code=code).only("organisation_id", "channel").first()
    if link is None or link.organisation_id == signature.organisation_id:
        return False
    signed_before = (
        Signature.objects.filter(
            organisation_id=signature.organisation_id,
            status__in=(Signature.Status.APPROVED, Signature.Status.SUPERSEDED),
        )
        .exclude(pk=signature.pk)
        .exists()
    )
    if signed_before:
        return False
    credited = Signature.objects.filter(
        pk=signature.pk, invitation__isnull=True, referred_by__isnull=True
    ).update(referred_by_id=link.organisation_id, referral_channel=link.channel)
    if credited:
        signature.referred_by_id = link.organisation_id
        signature.referral_channel = link.channel
    return bool(credited)


def signature_signed_receiver(sender, *, signature, **kwargs) -> None:
    """``charter.signals.signature_signed``: credit the share link it came by."""
    signature_referral_resolve(signature=signature)


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
