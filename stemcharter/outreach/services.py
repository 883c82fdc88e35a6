"""Writes of the snowball (issue 14): share links here; each lane adds its section below."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.validators import normalise_email
from stemcharter.audit.services import audit_record
from stemcharter.charter.selectors import is_signatory
from stemcharter.common.text import defang_links
from stemcharter.notifications.services import email_send
from stemcharter.organisations.do_not_contact import do_not_contact_token
from stemcharter.organisations.models import Invitation, Membership, Organisation
from stemcharter.organisations.services import (
    INVITATION_VALID_DAYS,
    invitation_guard,
    invitation_revoke,
)

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


# --- invite ---

MESSAGE_MAX_LENGTH = Invitation._meta.get_field("message").max_length
# The first key of the PostgreSQL advisory locks on an invited address (the second is the
# address's hash): any number of our own, unlikely to meet another's.
ADDRESS_LOCK_NAMESPACE = 14_0001


def _lock_address(email: str) -> None:
    """Hold the invited address until the transaction ends, so that two signatories inviting it
    at once cannot both pass the pause (each locks only its own row). SQLite writes one
    transaction at a time: nothing to do there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [ADDRESS_LOCK_NAMESPACE, email]
            )


def _sign_invitation_path(token: str) -> str:
    """The personal link's path (charter:sign-invitation, lane signing; the same path until
    it is merged), in the active language."""
    try:
        return reverse("charter:sign-invitation", args=[token])
    except NoReverseMatch:  # TODO(lead): drop this fallback once charter:sign-invitation exists
        return f"/ondertekenen/uitnodiging/{token}/"


@transaction.atomic
def signing_invitation_create(
    *,
    organisation: Organisation,
    by,
    email: str,
    invitee_name: str = "",
    invitee_organisation_name: str,
    invitee_town: str = "",
    invitee_category: str = "",
    invitee_website: str = "",
    message: str = "",
) -> Invitation:
    """A member (``by``) of the approved signatory ``organisation`` invites another organisation
    to sign, by email; returns the invitation (kind SIGNING), after queueing its email (sent
    when the transaction commits) and recording it in the audit trail.

    ``email`` is normalised; the ``invitee_*`` fields are what the inviter knew of the invited
    organisation (they pre-fill the signing form) and ``message`` their own words (at most
    1000 characters; sent quoted, links defanged). Locks ``organisation``'s row, so two
    invitations at once cannot both slip under the daily cap, and then the address (an
    advisory lock on PostgreSQL), so two signatories at once cannot both pass its pause.
    Raises ValidationError with code:

    - ``not_signatory``: ``organisation`` is not an approved signatory;
    - ``not_member``: ``by`` is not one of its members;
    - ``invalid`` / ``too_long``: the email address is malformed or too long;
    - ``do_not_contact``, ``daily_cap``, ``repeat``: the anti-abuse rules
      (``organisations.services.invitation_guard``);
    - ``already_signatory``: the address is a member of an approved signatory already;
    - ``already_invited``: ``organisation`` has an open invitation (of any kind) to it;
    - a dict of field errors (invitee_* or message too long, unknown category, bad website).
    """
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Enter a valid email address, for example name@example.be."), code="invalid"
        ) from None
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if not is_signatory(organisation):
        raise ValidationError(
            _(
                "Only approved signatories can invite others to sign: %(organisation)s has not "
                "signed yet, or its signature is still being reviewed."
            ),
            code="not_signatory",
            params={"organisation": organisation.name},
        )
    if by is None or not organisation.memberships.filter(user=by).exists():
        raise ValidationError(
            _("Only members of %(organisation)s can invite on its behalf."),
            code="not_member",
            params={"organisation": organisation.name},
        )
    _lock_address(email)
    invitation_guard(organisation=organisation, email=email, kind=Invitation.Kind.SIGNING)
    if Membership.objects.filter(
        user__email__iexact=email, organisation__in=Organisation.objects.signatories()
    ).exists():
        raise ValidationError(
            _(
                "This person is already a member of an organisation that signed the charter: "
                "no invitation needed. Thank you for thinking of them!"
            ),
            code="already_signatory",
        )
    already = _("%(organisation)s has an open invitation to this address. Revoke it first.")
    if organisation.invitations.filter(
        email__iexact=email, status=Invitation.Status.PENDING
    ).exists():
        raise ValidationError(
            already, code="already_invited", params={"organisation": organisation.name}
        )
    invitation = Invitation(
        kind=Invitation.Kind.SIGNING,
        organisation=organisation,
        email=email,
        invitee_name=invitee_name.strip(),
        invitee_organisation_name=invitee_organisation_name.strip(),
        invitee_town=invitee_town.strip(),
        invitee_category=invitee_category,
        invitee_website=invitee_website.strip(),
        message=message.strip(),
        token=secrets.token_urlsafe(32),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
    )
    if not invitation.invitee_organisation_name:
        raise ValidationError(
            {
                "invitee_organisation_name": ValidationError(
                    _("Enter the name of the organisation you invite."), code="required"
                )
            }
        )
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    if len(invitation.message) > MESSAGE_MAX_LENGTH:  # a TextField's limit is not a validator
        raise ValidationError(
            {
                "message": ValidationError(
                    _("Keep the message to at most %(limit)s characters."),
                    code="max_length",
                    params={"limit": MESSAGE_MAX_LENGTH},
                )
            }
        )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise ValidationError(
            already, code="already_invited", params={"organisation": organisation.name}
        ) from None
    audit_record(
        actor=by,
        code="organisations.invitation.signing_created",
        target=organisation,
        data={"email": email, "invitee_organisation": invitation.invitee_organisation_name},
    )
    from stemcharter.accounts.models import User

    existing = User.objects.filter(email__iexact=email).first()
    language = (existing.language if existing else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        sign_url = settings.SITE_URL + _sign_invitation_path(invitation.token)
        do_not_contact_url = settings.SITE_URL + reverse(
            "organisations:do-not-contact", args=[do_not_contact_token(email)]
        )
    email_send(
        to=email,
        language=language,
        template="outreach/email/signing_invitation",
        context={
            "invitation": invitation,
            "organisation": organisation,
            # What the inviter typed, defanged like the message: no link of theirs is ours.
            "inviter_name": defang_links(by.name),
            "invitee_name": defang_links(invitation.invitee_name),
            "invitee_organisation": defang_links(invitation.invitee_organisation_name),
            "message": defang_links(invitation.message),
            "quoted_message": "\n".join(
                f"> {line}" for line in defang_links(invitation.message).splitlines()
            ),
            "sign_url": sign_url,
            "do_not_contact_url": do_not_contact_url,
        },
    )
    # TODO(lead): call prospect_invitation_sent(invitation=invitation)
    return invitation


def signing_invitation_revoke(*, invitation: Invitation, by) -> None:
    """A member (``by``) of the inviting signatory revokes its pending invitation to sign.
    Revoking does not reset the pause before the address may be invited again. Raises
    ValidationError: not an invitation to sign, not a member (``not_member``), not pending."""
    if invitation.kind != Invitation.Kind.SIGNING:
        raise ValidationError(_("This is not an invitation to sign."), code="not_signing")
    if by is None or not invitation.organisation.memberships.filter(user=by).exists():
        raise ValidationError(
            _("Only members of %(organisation)s can invite on its behalf."),
            code="not_member",
            params={"organisation": invitation.organisation.name},
        )
    invitation_revoke(invitation=invitation, by=by)


# --- end of invite ---

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
