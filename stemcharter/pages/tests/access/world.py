"""The world the role x view table is probed in: organisation A and everything of A that a URL
can name, the users of every role, and the URL keyword arguments filled from A's objects.

Every object a URL names belongs to A (or to A's subregion), so "member of B" and "contact point
elsewhere" always probe the other side.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.contact.models import ContactMessage
from stemcharter.events.tests.factories import (
    CharterEventFactory,
    EventFactory,
    PublishedEventFactory,
)
from stemcharter.images.tests.factories import ImageFactory
from stemcharter.organisations.do_not_contact import do_not_contact_token
from stemcharter.organisations.models import DoNotContact, Invitation, JoinRequest, Membership
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.outreach.models import Prospect
from stemcharter.outreach.services import share_link_for
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.registrations.links import check_in_token, personal_link_token
from stemcharter.registrations.tests.factories import RegistrableActionFactory, visitor_registers
from stemcharter.reviews.models import CriteriaSet
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory
from stemcharter.support.digest_links import opt_out_token
from stemcharter.support.tests.factories import (
    OfferFactory,
    PartnerCallFactory,
    SupportRequestFactory,
    accepted_offer_on,
)

# The columns of the table, in this order (see table.py).
ROLES = (
    "visitor",  # anonymous
    "member",  # editor of A, an approved signatory
    "admin",  # admin of A
    "other",  # admin of B, another approved signatory (another subregion)
    "partner",  # admin of P, partner of A's actions and named in A's story
    "cp",  # contact point of S, the subregion of A and of A's items
    "cp_else",  # contact point of another subregion
    "coordinator",
)


@dataclass
class World:
    organisation: object
    subregion: object
    charter_version: object
    signature: object
    action: object  # published, with partner P
    draft_action: object  # a draft, with partner P
    action_image: object
    story: object  # published, P named in it
    draft_story: object
    story_image: object
    membership: object  # the member's membership of A
    invitation: object
    join_request: object
    criteria_set: object
    contact_message: object
    event: object  # an event of the STEM-charter in S (no organisation), published
    org_event: object  # an event A proposed, published
    draft_event: object  # an event A is proposing, a draft
    users: dict = field(default_factory=dict)
    registration_action: object = None  # published, takes registrations on the site
    registration: object = None  # a visitor's, confirmed
    # Support requests, the signatory's side (offer): an open request of another school in S
    # that A may offer on, and A's pending offer on another one.
    school_request: object = None
    support_offer: object = None
    support_request: object = None  # A's request for help in S, open (issue 13)
    partner_call: object = None  # calls: A's partner call, open
    # deliver: A's offer, accepted by P (asking as a school) on a request in S whose window
    # has started (nobody has said yet whether the help took place).
    delivery_offer: object = None
    # ask: P's pending offer on A's request (the school's accept and decline forms)
    received_offer: object = None
    # outreach (issue 14): A's share link of its page for LinkedIn
    share_link: object = None
    # pipeline: a prospect of the outreach pipeline (back office)
    prospect: object = None
    # --- invite ---: A's pending invitation to sign, and an address on the do-not-contact list
    signing_invitation: object = None
    do_not_contact: object = None
    # --- end of invite ---
    # --- report ---: A's progress report on last year, a draft
    progress_report: object = None
    # --- end of report ---


def build_world() -> World:
    charter_version = CharterVersionFactory()
    subregion = SubregionFactory()
    organisation = OrganisationFactory(subregions=[subregion])
    signature = ApprovedSignatureFactory(organisation=organisation, charter_version=charter_version)
    other = OrganisationFactory(subregions=[SubregionFactory()])
    ApprovedSignatureFactory(organisation=other, charter_version=charter_version)
    partner = OrganisationFactory(subregions=[subregion])
    ApprovedSignatureFactory(organisation=partner, charter_version=charter_version)

    users = {
        "visitor": None,
        "member": make_user("signatory", organisation=organisation, membership_role="editor"),
        "admin": make_user("signatory", organisation=organisation),
        "other": make_user("signatory", organisation=other),
        "partner": make_user("signatory", organisation=partner),
        "cp": make_user("contact_point", subregion=subregion),
        "cp_else": make_user("contact_point"),
        "coordinator": make_user("coordinator"),
    }
    admin = users["admin"]

    action = PublishedActionFactory(organisation=organisation, subregions=[subregion])
    action.partners.add(partner)
    draft_action = ActionFactory(organisation=organisation, subregions=[subregion])
    draft_action.partners.add(partner)
    story = PublishedStoryFactory(organisation=organisation, subregions=[subregion])
    story.organisations.add(partner)
    draft_story = StoryFactory(organisation=organisation, subregions=[subregion])
    action_image = ImageFactory(owner=draft_action, by=admin)
    story_image = ImageFactory(owner=draft_story, by=admin)

    invitation = Invitation.objects.create(
        organisation=organisation,
        email="invited@example.org",
        token="access-table-invitation-token",
        invited_by=admin,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    join_request = JoinRequest.objects.create(organisation=organisation, user=UserFactory())
    registration_action = RegistrableActionFactory(
        organisation=organisation, subregions=[subregion]
    )
    event = CharterEventFactory(subregions=[subregion])
    org_event = PublishedEventFactory(organisation=organisation, subregions=[subregion])
    draft_event = EventFactory(organisation=organisation, subregions=[subregion])
    support_request = SupportRequestFactory(
        organisation=organisation, created_by=admin, subregion=subregion
    )
    received_offer = OfferFactory(
        support_request=support_request, organisation=partner, created_by=users["partner"]
    )
    return World(
        organisation=organisation,
        subregion=subregion,
        charter_version=charter_version,
        signature=signature,
        action=action,
        draft_action=draft_action,
        action_image=action_image,
        story=story,
        draft_story=draft_story,
        story_image=story_image,
        membership=Membership.objects.get(organisation=organisation, user=users["member"]),
        invitation=invitation,
        join_request=join_request,
        criteria_set=CriteriaSet.objects.current().order_by("key").first(),
        # Written to S's contact points (from S's region page).
        contact_message=ContactMessage.objects.create(
            name="Ann",
            email="ann@example.org",
            topic="other",
            message="Hello",
            language="nl",
            subregion=subregion,
        ),
        event=event,
        org_event=org_event,
        draft_event=draft_event,
        users=users,
        registration_action=registration_action,
        share_link=share_link_for(
            organisation=organisation, channel="linkedin", path=organisation.get_absolute_url()
        ),
        registration=visitor_registers(registration_action, "visitor@example.org"),
        school_request=SupportRequestFactory(subregion=subregion),
        support_offer=OfferFactory(
            organisation=organisation,
            created_by=admin,
            support_request=SupportRequestFactory(subregion=subregion),
        ),
        support_request=support_request,
        partner_call=PartnerCallFactory(organisation=organisation),
        delivery_offer=accepted_offer_on(
            offerer=organisation,
            organisation=partner,
            created_by=users["partner"],
            subregion=subregion,
        ),
        received_offer=received_offer,
        # --- pipeline ---
        prospect=Prospect.objects.create(name="Bouwunie", normalised_name="bouwunie"),
        # --- end of pipeline ---
        # --- invite ---
        signing_invitation=Invitation.objects.create(
            kind=Invitation.Kind.SIGNING,
            organisation=organisation,
            email="prospect@example.org",
            invitee_organisation_name="Prospect",
            token="access-table-signing-invitation-token",
            invited_by=users["member"],
            expires_at=timezone.now() + datetime.timedelta(days=7),
        ),
        do_not_contact=DoNotContact.objects.create(
            email="nobody@example.org", source=DoNotContact.Source.HOLDER
        ),
        # --- end of invite ---
        # --- report ---
        progress_report=_progress_report(organisation, subregion),
        # --- end of report ---
    )


# --- report ---
def _progress_report(organisation, subregion):
    from stemcharter.progress.models import ProgressReport

    report = ProgressReport.objects.create(organisation=organisation, year=2025, slug="2025")
    report.subregions.set([subregion])
    return report


# --- end of report ---


# Which object's pk a URL name gets (the default for ``pk`` is refused: each name says).
DRAFT_ITEM_PAGES = {"step", "images", "image-edit", "image-remove", "image-move", "check", "delete"}


def url_kwargs(name: str, route: str, params: list[str], world: World) -> dict:
    """The keyword arguments of URL ``name`` from the world's objects of A.

    Fails, saying what to add, for a parameter it does not know.
    """
    kind = name.split(":")[-1]
    values = {}
    for param in params:
        value = _value(name, kind, param, world)
        if value is None:
            raise LookupError(
                f"The role x view table cannot fill URL parameter {param!r} of {name!r} "
                f"({route}): teach url_kwargs() in stemcharter/pages/tests/access/world.py "
                f"which object of organisation A it names (build it in build_world())."
            )
        values[param] = value
    return values


REGISTRATION_PAGES = ("registrations:", "portal:registration-")


# deliver: the pages about an accepted offer (the request's for the school's page).
DELIVERY_PAGES = {
    "portal:support-request-confirm": lambda world: world.delivery_offer.support_request.pk,
    "portal:support-offer-confirm": lambda world: world.delivery_offer.pk,
    "portal:support-offer-story": lambda world: world.delivery_offer.pk,
}


# --- api ---
def _api_key(name: str, param: str, world: World):
    """The key of a public row of A's for a detail of the API (``api:<dataset>-detail``)."""
    from stemcharter.charter.models import Commitment, Signature
    from stemcharter.vocabulary.models import Audience, Discipline, Sector

    dataset = name.removeprefix("api:").removesuffix("-detail")
    if param == "id" and dataset == "commitments":
        signature = world.organisation.signatures.get(status=Signature.Status.APPROVED)
        commitment, _created = Commitment.objects.get_or_create(
            signature=signature, defaults={"description": "Wij openen onze deuren."}
        )
        return commitment.pk
    if param != "slug":
        return None
    rows = {
        "actions": lambda: world.action,
        "events": lambda: world.event,
        "stories": lambda: world.story,
        "signatories": lambda: world.organisation,
        "subregions": lambda: world.subregion,
        "action-types": lambda: world.action.action_type,
        "audiences": lambda: Audience.objects.order_by("pk").first(),
        "disciplines": lambda: Discipline.objects.order_by("pk").first(),
        "sectors": lambda: Sector.objects.get_or_create(
            slug="api-sector", defaults={"name_nl": "Sector", "name_en": "Sector"}
        )[0],
    }
    row = rows[dataset]() if dataset in rows else None
    return row.slug if row is not None else None


# --- end of api ---


def _value(name, kind, param, world):
    # --- api ---
    if name.startswith("api:"):
        return _api_key(name, param, world)
    # --- end of api ---
    if param == "pk" and name in DELIVERY_PAGES:
        return DELIVERY_PAGES[name](world)
    if name.startswith(REGISTRATION_PAGES):
        if param == "type_key":
            return "actie"
        if param == "pk":
            return world.registration_action.pk
        if param == "registration_pk":
            return world.registration.pk
        if param == "token" and name == "portal:registration-check-in":
            return check_in_token(world.registration)  # the QR code's own token
        if param == "token":
            return personal_link_token(world.registration)
    # --- support requests: match ---
    if name == "support:digest-opt-out" and param == "token":
        return opt_out_token(world.users["admin"])  # the link of A's admin's digest
    # --- end of match ---
    # --- outreach ---
    if name == "outreach:share-link-visit" and param == "code":
        return world.share_link.code
    # invite
    if name == "organisations:do-not-contact" and param == "token":
        return do_not_contact_token(world.do_not_contact.email)
    if name == "portal:outreach-invitation-revoke" and param == "pk":
        return world.signing_invitation.pk
    if name == "backoffice:do-not-contact-delete" and param == "pk":
        return world.do_not_contact.pk
    # --- end of outreach ---
    # --- pipeline ---
    if name == "backoffice:prospect-detail" and param == "pk":
        return world.prospect.pk
    # --- end of pipeline ---
    # --- signing ---
    if name == "charter:sign-invitation" and param == "token":
        return world.signing_invitation.token
    # --- end of signing ---
    # --- images-reach ---
    if name == "public:share-image-action" and param == "slug":
        return world.action.slug
    if name == "public:share-image-story" and param == "slug":
        return world.story.slug
    # --- end of images-reach ---
    # --- numbers ---
    if name == "insight:numbers-year" and param == "year":
        return timezone.localdate().year  # A signed and published this year
    # --- end of numbers ---
    # --- report ---
    if name.startswith("portal:progress-report-"):
        if param == "step":
            return "terugblik"
        if param == "pk":
            return world.progress_report.pk
    # --- end of report ---
    # --- opendata ---
    if name == "opendata:download" and param == "dataset":
        return "signatories"  # any key: before the first build every download answers 503
    if name == "opendata:download" and param == "extension":
        return "csv"
    # --- end of opendata ---
    # --- dashboard ---
    if name == "backoffice:insight-csv" and param == "chart":
        return "bereik"  # the reach chart's CSV (insight.dashboard.FIGURES)
    # --- end of dashboard ---
    if param == "organisation_slug":
        return world.organisation.slug
    if param == "token":
        return world.invitation.token
    if param == "subregion_slug":
        return world.subregion.slug
    if param == "number":
        return world.charter_version.number
    if param == "key":
        return world.criteria_set.key
    if param == "type_key":
        return "action"
    if param == "user_pk":
        return world.users["cp"].pk
    if param == "section":
        return "pages"
    if param == "step":
        return "wat"
    if param == "slug":
        if name.startswith("actions:"):
            return world.action.slug
        if name.startswith("stories:"):
            return world.story.slug
        if name.startswith(("events:", "backoffice:event-")):
            return world.event.slug
        if kind.startswith(("subregion", "contact-point")):
            return world.subregion.slug
        return world.organisation.slug
    if param == "image_pk":
        return (world.action_image if name.startswith("portal:action") else world.story_image).pk
    if param == "pk":
        if name == "portal:support-offer-create":
            return world.school_request.pk
        if name == "portal:support-offer-withdraw":
            return world.support_offer.pk
        if name.startswith("portal:partner-call-"):
            return world.partner_call.pk
        if name.startswith("portal:action-"):
            item = kind.removeprefix("action-")
            return (world.draft_action if item in DRAFT_ITEM_PAGES else world.action).pk
        if name.startswith("portal:event-"):
            item = kind.removeprefix("event-")
            return (world.draft_event if item in DRAFT_ITEM_PAGES else world.org_event).pk
        if name.startswith("portal:story-"):
            item = kind.removeprefix("story-")
            return (world.draft_story if item in DRAFT_ITEM_PAGES else world.story).pk
        if kind.startswith("support-request-"):
            return world.support_request.pk
        if kind.startswith("review-"):
            return world.action.pk
        if kind.startswith("signature-"):
            return world.signature.pk
        if kind.startswith("contact-message-"):
            return world.contact_message.pk
        if kind == "membership-delete":
            return world.membership.pk
        if kind == "invitation-revoke":
            return world.invitation.pk
        if kind == "join-request-decide":
            return world.join_request.pk
    return None
