"""Demo data of the snowball (issue 14), through the services like the rest of the demo.

- the outreach pipeline holds the note's first proposal (``import_prospects``' own file) and
  one prospect of our own, "Voorbeeld STEM-lab vzw", which signs below and is marked signed;
- Voorbeeld Chemie nv (the demo signatory admin's) invited Voorbeeld STEM-lab vzw, which
  signed through the invitation (approved); the lab shared its signing link on LinkedIn and
  Voorbeeld Bouwschool signed through it: a referral tree two levels deep on /sneeuwbal/;
- Chemie's invitation of "Agoria Vlaanderen" waits (the prospect is marked invited);
- Chemie's share kit links have visits (/beheer/bereik/, the share kit).
"""

import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from stemcharter.charter.services import (
    CommitmentData,
    SignerData,
    signature_approve,
    signature_submit,
)
from stemcharter.organisations.models import Category, Organisation
from stemcharter.outreach.models import Prospect, ShareLink
from stemcharter.outreach.services import (
    PROSPECTS_FILE,
    prospect_create,
    prospects_import,
    share_kit_links,
    share_link_for,
    signature_referral_resolve,
    signing_invitation_create,
)
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType, Sector

SUBMISSIONS = uuid.UUID("0c6b5d7e-1f4a-4b7e-9a51-14e14e14e014")
LAB = "Voorbeeld STEM-lab vzw"
SCHOOL = "Voorbeeld Bouwschool"
INVITED_PROSPECT = "Agoria Vlaanderen"
INVITER = "Voorbeeld Chemie nv"
# Visits of Chemie's share kit links, per channel (the demo's history).
# Their place after the demo's own organisations (demo_data.ORGANISATIONS) in the numbering of
# the fictional enterprise numbers.
LAB_INDEX, SCHOOL_INDEX = 901, 902
VISITS = {"badge": 41, "linkedin": 27, "whatsapp": 9, "link": 5}


@dataclass
class DemoOutreachResult:
    prospects: int = 0
    invitations: int = 0


def _sign(*, name: str, index: int, signer, category: str, sector: str, subregion: str, **referral):
    """Sign for a new organisation through the services (as the signing form does)."""
    from .demo_data import demo_enterprise_number, demo_logo, demo_town

    action_type = ActionType.objects.order_by("pk").first()
    signature, _created = signature_submit(
        submission_key=uuid.uuid5(SUBMISSIONS, name),
        signer=signer,
        signer_data=SignerData(name=signer.name, function="Coördinator", email=signer.email),
        commitments=[
            CommitmentData(
                action_types=[action_type], description="Elk jaar een doe-dag voor leerlingen."
            )
        ],
        organisation_data={
            "name": name,
            "category": category,
            "sector": Sector.objects.get(slug=sector),
            "enterprise_number": demo_enterprise_number(index),
            "website": f"https://{uuid.uuid5(SUBMISSIONS, name).hex[:8]}.example",
            "description": "Fictieve organisatie van de demo.",
            "logo": demo_logo(name=name, index=index),
            "subregions": list(Subregion.objects.filter(slug=subregion)),
            "town": demo_town(subregion),
        },
        **referral,
    )
    return signature


def demo_outreach_load(*, coordinator, make_user) -> DemoOutreachResult:
    """Load the snowball's demo data; ``make_user(email_local=, name=)`` makes a demo user
    (``demo_data._demo_user``). Emails are not sent (the demo loader's dummy backends)."""
    from .demo_data import demo_signature_backdate

    User = get_user_model()
    now = timezone.now()
    prospects_import(file=PROSPECTS_FILE.read_bytes(), by=coordinator)
    prospect_create(
        by=coordinator,
        name=LAB,
        status=Prospect.Status.CONTACTED,
        owner=coordinator,
        next_step="Uitnodiging opvolgen",
    )
    inviter = Organisation.objects.get(name=INVITER)
    admin = User.objects.get(email__iexact="ondertekenaar@demo.stem-charter.test")
    invitation = signing_invitation_create(
        organisation=inviter,
        by=admin,
        email="lab@demo.stem-charter.test",
        invitee_name="Lies Labo",
        invitee_organisation_name=LAB,
        invitee_town="Gent",
        invitee_category=Category.STEM_ACADEMY,
        message=(
            "Dag Lies, jullie doe-dagen passen perfect bij het charter. "
            "Meer over ons op voorbeeld-chemie.example. Groeten!"
        ),
    )
    lab_signature = _sign(
        name=LAB,
        signer=make_user(email_local="lab", name="Lies Labo"),
        index=LAB_INDEX,
        category=Category.STEM_ACADEMY,
        sector="technologische-industrie",
        subregion="gent",
        invitation_id=invitation.pk,
    )
    signature_approve(signature=lab_signature, by=coordinator)
    demo_signature_backdate(lab_signature, days_ago=40, status="approved", now=now)

    lab = lab_signature.organisation
    link = share_link_for(organisation=lab, channel="linkedin", path="/ondertekenen/")
    ShareLink.objects.filter(pk=link.pk).update(visit_count=F("visit_count") + 12)
    school_signature = _sign(
        name=SCHOOL,
        signer=make_user(email_local="bouwschool", name="Bart Bouwschool"),
        index=SCHOOL_INDEX,
        category=Category.EDUCATION,
        sector="bouw",
        subregion="gent",
        referral_code=link.code,
    )
    signature_referral_resolve(signature=school_signature)
    signature_approve(signature=school_signature, by=coordinator)
    demo_signature_backdate(school_signature, days_ago=12, status="approved", now=now)

    signing_invitation_create(
        organisation=inviter,
        by=admin,
        email="agoria@demo.stem-charter.test",
        invitee_organisation_name=INVITED_PROSPECT,
        invitee_category=Category.SOCIAL_PARTNER,
        message="Samen krijgen we meer jongeren warm voor technologie.",
    )
    links = share_kit_links(organisation=inviter, page_path=inviter.get_absolute_url())
    for key, shared in links.items():
        visits = VISITS.get(getattr(shared, "channel", key))
        if visits:
            ShareLink.objects.filter(pk=shared.pk).update(visit_count=visits)
    return DemoOutreachResult(prospects=Prospect.objects.count(), invitations=2)
