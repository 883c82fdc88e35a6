"""Turning a school's delivered support request into a story with one click (issue 13).

Once both sides confirmed that the help took place, the signatory that helped (or the school,
when it signed the charter) finds "Turn this into a story" on its confirm page. The page here
offers a story prefilled from the request and the accepted offer; sent, it becomes a
practice-example story of that organisation, linked to the request (``Story.support_request``)
and to the other side when it is a signatory, and goes for review like any story (a contact
point of the region or a coordinator publishes it).

It lives here, on the top floor, because it gathers two apps that do not know each other:
support and stories (the same way as ``pages.event_report``).
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.charter.selectors import is_signatory
from stemcharter.common.forms import CleanTextForm
from stemcharter.organisations.models import Organisation
from stemcharter.reviews.portal import item_summary_field, item_title_field
from stemcharter.reviews.services import review_submit
from stemcharter.stories.models import Story
from stemcharter.stories.services import story_create
from stemcharter.support.models import Offer, SupportRequest

BODY_MAX_LENGTH = 20_000
TITLE_MAX_LENGTH = 150
SUMMARY_MAX_LENGTH = 300


# Reads


def support_story(support_request: SupportRequest, organisation: Organisation) -> Story | None:
    """The story ``organisation`` made of ``support_request`` (any review state), or None."""
    return (
        Story.objects.live()
        .filter(support_request=support_request, organisation=organisation)
        .order_by("pk")
        .first()
    )


def story_author_error(offer: Offer, organisation: Organisation) -> str:
    """Why ``organisation`` cannot turn the request of ``offer`` into a story ("" when it can):
    the offer must be the accepted one, the help delivered, and the organisation the one that
    helped or the school (a signatory)."""
    support_request = offer.support_request
    if offer.status != Offer.Status.ACCEPTED:
        return _("The school has not accepted this offer: there is no story to tell yet.")
    if support_request.status != SupportRequest.Status.DELIVERED:
        return _("A story can be written once both sides have confirmed that the help took place.")
    if organisation.pk not in (offer.organisation_id, support_request.organisation_id):
        return _("Only the school and the organisation that helped can tell this story.")
    if not is_signatory(organisation):
        return _(
            "Your organisation can publish stories once a coordinator has approved its "
            "signature of the charter."
        )
    return ""


def _other_side(offer: Offer, organisation: Organisation) -> Organisation | None:
    """The other organisation of the story, when it is a public signatory (named in it)."""
    support_request = offer.support_request
    other = (
        support_request.organisation
        if organisation.pk == offer.organisation_id
        else offer.organisation
    )
    if other is None or other.pk == organisation.pk or not is_signatory(other):
        return None
    return other


def _school_words(support_request: SupportRequest) -> str:
    """How the story names the school: its name when it signed the charter (it is public
    then), otherwise only "a school in <town>" (a teacher's request stays private)."""
    school = support_request.organisation
    if school is not None and is_signatory(school):
        return school.name
    if support_request.school_town:
        return _("a school in %(town)s") % {"town": support_request.school_town}
    return _("a school")


def story_initial(offer: Offer) -> dict[str, str]:
    """The prefilled title, summary and text, from the request and the accepted offer (the
    author changes them before sending). Never the names of the people involved."""
    support_request = offer.support_request
    values = {
        "kind": support_request.kind.name,
        "topic": support_request.title,
        "school": _school_words(support_request),
        "helper": offer.organisation.name,
        "pupils": support_request.pupils,
    }
    title = _("%(kind)s: %(topic)s") % values
    summary = _("%(helper)s helped %(school)s: %(kind)s for %(pupils)s pupils.") % values
    parts = [
        "## " + _("What the school asked"),
        support_request.description.strip(),
        "## " + _("What was offered"),
        offer.what.strip(),
    ]
    # Not the feedback of either side: the confirm pages promise it is never published.
    return {
        "title": title[:TITLE_MAX_LENGTH],
        "summary": summary[:SUMMARY_MAX_LENGTH],
        "body": "\n\n".join(parts),
    }


# The form


class SupportStoryForm(CleanTextForm):
    markdown_fields = ("body",)

    title = item_title_field(help_text=gettext_lazy("Short and concrete."))
    summary = item_summary_field(
        help_text=gettext_lazy("One or two sentences that appear on the card in the list.")
    )
    body = forms.CharField(
        label=gettext_lazy("The story"),
        max_length=BODY_MAX_LENGTH,
        help_text=gettext_lazy(
            "Prefilled from the request and your offer: tell it in your own words. You can use "
            "Markdown for headings and lists."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={
            "required": gettext_lazy("Write the story."),
            "max_length": gettext_lazy(
                "Shorten the story to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )


# The service


@transaction.atomic
def support_story_create(
    *, offer: Offer, organisation: Organisation, by, title: str, summary: str, body: str
) -> tuple[Story, bool]:
    """Make a practice-example story of ``organisation`` about the delivered request of
    ``offer`` and send it for review. Returns the story and whether it is new: an organisation
    tells the story of a request once (a second send shows the first).

    Raises PermissionDenied for anyone who is not a member of ``organisation``,
    ValidationError when the help was not delivered or the input is not right."""
    if not organisation.memberships.filter(user=by).exists():
        raise PermissionDenied
    support_request = SupportRequest.objects.select_for_update().get(pk=offer.support_request_id)
    offer = Offer.objects.select_related("organisation", "support_request").get(pk=offer.pk)
    existing = support_story(support_request, organisation)
    if existing is not None:
        return existing, False
    if error := story_author_error(offer, organisation):
        raise ValidationError(error, code="not_delivered")
    other = _other_side(offer, organisation)
    story = story_create(
        organisation=organisation,
        by=by,
        data={
            "kind": Story.Kind.PRACTICE,
            "title": title,
            "summary": summary,
            "body": body,
            "organisations": [other] if other else [],
            "subregions": [support_request.subregion],
        },
    )
    story.support_request = support_request
    story.save(update_fields=["support_request", "updated_at"])
    story = review_submit(item=story, by=by)
    return story, True
