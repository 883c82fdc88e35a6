"""RSS and Atom feeds of newly published events: all of them, or those of one subregion."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from stemcharter.common.feeds import NewItemsFeed
from stemcharter.regions.models import Subregion

from .models import Event


class NewEventsFeed(NewItemsFeed):
    """``/evenementen/feed/rss/`` and ``/evenementen/feed/<subregion_slug>/rss/``."""

    model = Event
    subregion_model = Subregion
    list_url_name = "events:event-list"
    feed_url_name = "events:event-feed"

    def title(self, subregion) -> str:
        if subregion:
            return _("New events in %(region)s – STEM-charter") % {"region": subregion.name}
        return _("New events – STEM-charter")

    def description(self, subregion) -> str:
        return _("STEM events in Flanders and Brussels, most recently announced first.")

    def items(self, subregion):
        return super().items(subregion).prefetch_related("subregions")

    def item_author_name(self, event: Event) -> str:
        return event.organiser_name()


class NewEventsAtomFeed(NewEventsFeed):
    feed_type = Atom1Feed
