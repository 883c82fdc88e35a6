"""RSS and Atom feeds of newly published stories: all of them, or those of one subregion."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from stemcharter.common.feeds import NewItemsFeed
from stemcharter.regions.models import Subregion

from .models import Story


class NewStoriesFeed(NewItemsFeed):
    """``/verhalen/feed/rss/`` and ``/verhalen/feed/<subregion_slug>/rss/``."""

    model = Story
    subregion_model = Subregion
    list_url_name = "stories:story-list"
    feed_url_name = "stories:story-feed"

    def title(self, subregion) -> str:
        if subregion:
            return _("New stories in %(region)s – STEM-charter") % {"region": subregion.name}
        return _("New stories – STEM-charter")

    def description(self, subregion) -> str:
        return _("Stories that signatories of the STEM-charter published most recently.")

    def item_categories(self, story: Story) -> list[str]:
        return [story.get_kind_display()]


class NewStoriesAtomFeed(NewStoriesFeed):
    feed_type = Atom1Feed
