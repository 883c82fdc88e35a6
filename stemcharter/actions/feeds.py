"""RSS and Atom feeds of newly published actions: all of them, or those of one subregion."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from stemcharter.common.feeds import NewItemsFeed
from stemcharter.regions.models import Subregion

from .models import Action


class NewActionsFeed(NewItemsFeed):
    """``/acties/feed/rss/`` and ``/acties/feed/<subregion_slug>/rss/``."""

    model = Action
    subregion_model = Subregion
    list_url_name = "actions:action-list"
    feed_url_name = "actions:action-feed"

    def title(self, subregion) -> str:
        if subregion:
            return _("New actions in %(region)s – STEM-charter") % {"region": subregion.name}
        return _("New actions – STEM-charter")

    def description(self, subregion) -> str:
        return _("Actions that signatories of the STEM-charter published most recently.")

    def items(self, subregion):
        return super().items(subregion).select_related("action_type")

    def item_categories(self, action: Action) -> list[str]:
        return [action.action_type.name]


class NewActionsAtomFeed(NewActionsFeed):
    feed_type = Atom1Feed
