"""Stories in the signatory portal: the generic item portal of ``reviews`` configured for
stories. Organisations named in a story see it, read-only. ``urls.py`` mounts it
(``reviews.portal_urls.item_portal_urlpatterns``)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stemcharter.common.wizard import Step
from stemcharter.reviews.portal import ItemPortal, PortalTexts

from . import services
from .forms import StoryLinksForm, StoryWhatForm
from .models import Story


def _create(*, organisation, by, data) -> Story:
    return services.story_create(organisation=organisation, by=by, data=data)


def _update(*, item, by, data) -> Story:
    return services.story_update(story=item, by=by, data=data)


def _visible_to(organisation):
    return Story.objects.filter(
        Q(organisation=organisation) | Q(pk__in=organisation.linked_stories.values("pk"))
    )


STORY_PORTAL = ItemPortal(
    key="story",
    model=Story,
    segment="verhalen",
    steps=(
        Step("wat", _("What is the story?"), StoryWhatForm),
        Step("links", _("Who and what is in it?"), StoryLinksForm),
        Step("afbeeldingen", _("Images")),
    ),
    create=_create,
    update=_update,
    add_permission="stories.add_story",
    change_permission="stories.change_story",
    view_permission="stories.view_story",
    visible_to=_visible_to,
    partner_field="organisations",
    kind_label=lambda story: story.get_kind_display(),
    texts=PortalTexts(
        items=_("Stories"),
        new=_("New story"),
        empty=_(
            "There are no stories yet. Tell one: a collaboration with a school, a young "
            "person's path into STEM, a practice that works."
        ),
        not_signatory=_(
            "Your organisation can publish stories once a coordinator has approved its "
            "signature of the charter. Has it not signed yet? An admin of your organisation "
            "signs the charter from the portal home page."
        ),
        read_only=_(
            "%(organisation)s wrote this story and names your organisation in it. Only the "
            "members of %(organisation)s can change it."
        ),
    ),
)
