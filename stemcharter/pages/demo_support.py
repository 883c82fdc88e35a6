"""The demo's support requests and partner call (``scripts/start``, through ``demo_data``).

Schools that signed ask for help; other demo signatories offer, the school accepts, both say
the help took place; one request waits without an offer and is flagged for the demo contact
point, who suggests a signatory by hand. The demo signatory admin's organisation (Voorbeeld
Chemie nv) made an offer that waits for the school, delivered help (its public page counts
it), can offer on the request that waits, and posted a partner call that got an answer.

Everything goes through the support services, as the people would. The services refuse dates
in the past and stamp every moment "now": the demo history (a request posted days ago, a
window that has passed) is set with an update afterwards, as ``demo_data`` does, the audit
trail moved along with it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.models import Category, Organisation
from stemcharter.regions.models import Subregion
from stemcharter.support.models import Offer, PartnerCall, SupportRequest
from stemcharter.support.services import (
    offer_accept,
    offer_create,
    partner_call_answer,
    partner_call_create,
    suggestion_create,
    support_request_confirm,
    support_request_create,
    support_request_flag,
)
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

# Every demo request and call has this in its title: the marker that they are there.
DEMO_MARK = "(demo)"

CHEMIE = "Voorbeeld Chemie nv"  # the demo signatory admin's organisation
UNIVERSITEIT = "Fictieve Universiteit van Zonnedal"  # Leuven: the contact point's
REGENBOOG = "Demo Basisschool De Regenboog"  # Eeklo, asks in Gent: the contact point's
NOORDERKEMPEN = "Voorbeeld Hogeschool Noorderkempen"  # Turnhout

# Two offers wait for the school's choice (one of them Voorbeeld Chemie nv's).
OPEN_TITLE = "Bedrijfsbezoek aan een chemisch labo (demo)"
# The school accepted one offer and declined the other with thanks; the help is to come.
ANSWERED_TITLE = "Gastles over vrouwen in de wetenschap (demo)"
# No offer after ten days: flagged for the contact point, who suggested a signatory.
OVERDUE_TITLE = "Stageplaatsen voor studenten chemie (demo)"
# Voorbeeld Chemie nv's visit took place: both sides confirmed it.
DELIVERED_TITLE = "Rondleiding in een recyclagebedrijf (demo)"
CALL_TITLE = "Partners gezocht voor een labodag voor meisjes (demo)"


@dataclass(frozen=True)
class DemoSupportResult:
    requests: int = 0
    partner_calls: int = 0


def _member(organisation: Organisation) -> User:
    """The person who acts for a demo organisation: its first member (its signer)."""
    return organisation.memberships.select_related("user").order_by("pk").first().user


def _start_of_year() -> datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(date(today.year, 1, 1), time.min))


def _this_year(moment: datetime) -> datetime:
    """``moment``, or the first moment of this year when it falls before: the public pages
    count what a signatory did this year, also early in January."""
    return max(moment, _start_of_year())


def _request(school: Organisation, *, kind: str, subregion: str, title: str, **fields):
    today = timezone.localdate()
    data = {
        "kind": ActionType.objects.get(slug=kind),
        "title": title,
        "subregion": Subregion.objects.get(slug=subregion),
        "pupils": 24,
        "date_from": today + timedelta(days=21),
        "date_until": today + timedelta(days=35),
        "answer_deadline": today + timedelta(days=14),
        **fields,
    }
    data["audiences"] = list(Audience.objects.filter(slug__in=data.get("audiences", ())))
    data["disciplines"] = list(Discipline.objects.filter(slug__in=data.get("disciplines", ())))
    return support_request_create(organisation=school, by=_member(school), data=data)


def _offer(support_request: SupportRequest, organisation: Organisation, what: str, **data):
    return offer_create(
        support_request=support_request,
        organisation=organisation,
        by=_member(organisation),
        data={"what": what, **data},
    )


def _backdate(support_request: SupportRequest, *, days_ago: int, **moments) -> None:
    """The demo history of a request: posted ``days_ago`` days ago, its first offer and the
    school's decision after ``first_offer`` and ``decided`` (timedeltas), its window and
    deadline (dates); its offers and the audit trail move along."""
    created = timezone.now() - timedelta(days=days_ago)
    first_offer = moments.pop("first_offer", None)
    decided = moments.pop("decided", None)
    fields = {"created_at": created, **moments}
    if first_offer is not None:
        fields["first_offer_at"] = created + first_offer
    if decided is not None:
        fields["decided_at"] = _this_year(created + decided)
    SupportRequest.objects.filter(pk=support_request.pk).update(**fields)
    AuditEntry.objects.for_object(support_request).filter(code="support.request.created").update(
        created_at=created
    )
    offers = list(support_request.offers.order_by("pk"))
    for index, offer in enumerate(offers):
        offered = created + (first_offer or timedelta(0)) + timedelta(hours=20 * index)
        offer_fields = {"created_at": offered}
        if offer.decided_at is not None and decided is not None:
            offer_fields["decided_at"] = fields["decided_at"]
        Offer.objects.filter(pk=offer.pk).update(**offer_fields)
        entries = AuditEntry.objects.for_object(offer)
        entries.filter(code="support.offer.created").update(created_at=offered)
        if "decided_at" in offer_fields:
            entries.exclude(code="support.offer.created").update(
                created_at=offer_fields["decided_at"]
            )


def demo_support_load(*, contact_point: User) -> DemoSupportResult:
    """The demo requests and partner call; creates nothing when they are there already (or
    when a demo organisation they need is missing)."""
    if SupportRequest.objects.filter(title__endswith=DEMO_MARK).exists():
        return DemoSupportResult()
    names = (
        CHEMIE,
        UNIVERSITEIT,
        REGENBOOG,
        NOORDERKEMPEN,
        "Demo Zorgcampus Het Lindehof vzw",
        "Fien Voorbeeld (fictieve persoon)",
        "Voorbeeld Wetenschapsmuseum Zonnedal",
        "Demo Onderzoekscentrum Nanolab vzw",
        "Demo STEM-academie De Vonk vzw",
    )
    signatories = {o.name: o for o in Organisation.objects.signatories().filter(name__in=names)}
    if len(signatories) != len(names):
        return DemoSupportResult()
    chemie = signatories[CHEMIE]
    today = timezone.localdate()

    # Open: two offers wait for the university's choice.
    open_request = _request(
        signatories[UNIVERSITEIT],
        kind="bedrijfsbezoek",
        subregion="leuven",
        title=OPEN_TITLE,
        description=(
            "Onze eerstejaars bio-ingenieurs willen zien hoe een labo in de industrie werkt: "
            "een rondleiding van een halve dag, liefst met een proef die ze zelf doen."
        ),
        audiences=("hoger-onderwijs",),
        pupils=40,
    )
    _offer(
        open_request,
        chemie,
        "Een rondleiding in ons recyclagelabo met twee van onze laboranten, en een proef "
        "waarin de studenten zelf kunststoffen scheiden.",
        proposed_date=open_request.date_from + timedelta(days=3),
        message="We ontvangen groepen tot twintig: we splitsen de klas in twee.",
    )
    _offer(
        open_request,
        signatories["Demo Zorgcampus Het Lindehof vzw"],
        "Een bezoek aan ons klinisch labo: hoe we stalen analyseren met robots.",
    )
    _backdate(open_request, days_ago=5, first_offer=timedelta(days=1, hours=4))

    # Answered: the school in Eeklo asks in Gent; it accepted one offer, declined the other.
    answered = _request(
        signatories[REGENBOOG],
        kind="expert-gastles",
        subregion="gent",
        title=ANSWERED_TITLE,
        description=(
            "Ons vijfde en zesde leerjaar werkt rond beroepen. We zoeken iemand die vertelt "
            "hoe het is om als vrouw in de wetenschap te werken."
        ),
        audiences=("lager-onderwijs",),
        disciplines=("wetenschappen",),
        pupils=45,
    )
    accepted = _offer(
        answered,
        signatories["Fien Voorbeeld (fictieve persoon)"],
        "Een gastles van een uur met verhalen van wetenschapsters en een kleine quiz.",
        proposed_date=answered.date_from + timedelta(days=2),
    )
    _offer(
        answered,
        signatories["Voorbeeld Wetenschapsmuseum Zonnedal"],
        "Een leskoffer over beroepen in de wetenschap, met een educatief medewerker.",
    )
    offer_accept(
        offer=accepted,
        by=_member(signatories[REGENBOOG]),
        thank_you="Dank je wel! We houden jullie leskoffer in gedachten voor volgend jaar.",
    )
    _backdate(answered, days_ago=12, first_offer=timedelta(hours=30), decided=timedelta(days=4))

    # Overdue: no offer after ten days. The hourly run flags it for the contact point (of
    # Leuven), who suggests a signatory by hand. Voorbeeld Chemie nv finds it among the
    # requests it can help with.
    overdue = _request(
        signatories[UNIVERSITEIT],
        kind="stage",
        subregion="leuven",
        title=OVERDUE_TITLE,
        description=(
            "Vijf masterstudenten chemie zoeken een stage van zes weken in een bedrijf of "
            "onderzoekscentrum in de buurt."
        ),
        audiences=("hoger-onderwijs",),
        pupils=5,
        date_from=today + timedelta(days=30),
        date_until=today + timedelta(days=72),
        answer_deadline=today + timedelta(days=20),
    )
    _backdate(overdue, days_ago=10)
    support_request_flag(support_request_id=overdue.pk)
    suggestion_create(
        support_request=overdue,
        organisation=signatories["Demo Onderzoekscentrum Nanolab vzw"],
        by=contact_point,
        note="Jullie bieden thesisstages aan: misschien past dit ook?",
    )

    # Delivered: Voorbeeld Chemie nv's visit took place; both sides said so.
    delivered = _request(
        signatories[NOORDERKEMPEN],
        kind="bedrijfsbezoek",
        subregion="turnhout",
        title=DELIVERED_TITLE,
        description=(
            "Onze studenten chemie willen zien hoe kunststoffen gerecycleerd worden: een "
            "bezoek aan de productie en het labo."
        ),
        audiences=("hoger-onderwijs",),
        disciplines=("wetenschappen", "technologie"),
        pupils=28,
        date_from=today,
        date_until=today,
        answer_deadline=today,
    )
    delivered_offer = _offer(
        delivered,
        chemie,
        "Een rondleiding van twee uur in de productie en het labo, met een ingenieur.",
        proposed_date=today,
    )
    offer_accept(offer=delivered_offer, by=_member(signatories[NOORDERKEMPEN]))
    # The clock moves on: the visit was three weeks ago, so both sides can say how it went.
    window = today - timedelta(days=21)
    _backdate(
        delivered,
        days_ago=45,
        first_offer=timedelta(days=2, hours=6),
        decided=timedelta(days=5),
        date_from=window,
        date_until=window,
        answer_deadline=window - timedelta(days=10),
    )
    delivered.refresh_from_db()
    support_request_confirm(
        support_request=delivered,
        side="school",
        by=_member(signatories[NOORDERKEMPEN]),
        happened=True,
        feedback="Een boeiende voormiddag: de studenten praten er nog over.",
    )
    support_request_confirm(
        support_request=delivered,
        side="offerer",
        by=_member(chemie),
        happened=True,
        feedback="Een geïnteresseerde groep met goede vragen.",
    )
    delivered_at = _this_year(timezone.now() - timedelta(days=20))
    SupportRequest.objects.filter(pk=delivered.pk).update(delivered_at=delivered_at)
    AuditEntry.objects.for_object(delivered).filter(code="support.request.confirmed").update(
        created_at=delivered_at
    )

    # A partner call of Voorbeeld Chemie nv, answered by a STEM academy.
    call = partner_call_create(
        organisation=chemie,
        by=_member(chemie),
        title=CALL_TITLE,
        description=(
            "We organiseren een labodag voor meisjes uit het secundair onderwijs en zoeken "
            "scholen en STEM-academies die mee begeleiden en leerlingen uitnodigen."
        ),
        categories=[Category.EDUCATION, Category.STEM_ACADEMY],
        subregions=list(
            Subregion.objects.filter(slug__in=("arrondissement-antwerpen", "mechelen"))
        ),
    )
    partner_call_answer(
        partner_call=call,
        organisation=signatories["Demo STEM-academie De Vonk vzw"],
        by=_member(signatories["Demo STEM-academie De Vonk vzw"]),
        message=(
            "Onze ateliers voor 10 tot 14 jaar passen hier goed bij: we brengen graag twee "
            "begeleiders en een groep leerlingen mee."
        ),
    )
    PartnerCall.objects.filter(pk=call.pk).update(created_at=timezone.now() - timedelta(days=8))
    return DemoSupportResult(requests=4, partner_calls=1)
