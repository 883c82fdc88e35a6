"""RSS and Atom feeds of newly published items (actions, stories), all or per subregion.

An app's feed sets the model, the subregion model (``subregion_model``: common imports no app
of ours, so the feeds above it name the regions app), its URL names and its texts; the Atom
variant is the same class with ``feed_type = Atom1Feed``. The URLs are ``<list>/feed/rss/``,
``<list>/feed/atom/`` and ``<list>/feed/<subregion_slug>/rss/`` (or ``atom/``).

What members wrote leaves the site here, so two rules hold for every feed:

- Summaries are plain text. RSS 2.0's ``<description>`` holds HTML ("entity-encoded HTML is
  allowed"), and Django writes Atom's ``<summary type="html">`` (RFC 4287 §3.1.1.2), so the
  summary is sent HTML-escaped: a feed reader shows ``<b>`` as those three characters, never
  as markup. Titles, authors and categories are text elements in both formats.
- Every text holds only characters that XML 1.0 can carry (§2.2, the ``Char`` production),
  cleaned with ``common.text.clean_text``: the forms clean text at input, but a character
  that got into the database before (or another way) must not make the feed answer 500.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Model
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.functional import Promise
from django.utils.html import escape

from .text import clean_text

FEED_SIZE = 30


class NewItemsFeed(Feed):
    model = None  # a Reviewable with an ``organisation`` and ``subregions``
    subregion_model = None  # the model behind ``subregions`` (regions.Subregion), by its ``slug``
    list_url_name = ""  # "actions:action-list"
    feed_url_name = ""  # "actions:action-feed": + "-rss", "-atom", "-subregion-rss", ...

    def get_feed(self, obj: Model | None, request) -> SyndicationFeed:
        """The feed, every text of it (of the feed and of each item) cleaned to characters
        that XML 1.0 carries (``common.text.clean_text``)."""
        feed = super().get_feed(obj, request)
        feed.feed = {key: _xml_text(value) for key, value in feed.feed.items()}
        feed.items = [{key: _xml_text(value) for key, value in item.items()} for item in feed.items]
        return feed

    def get_object(self, request, subregion_slug: str | None = None) -> Model | None:
        if subregion_slug is None:
            return None
        return get_object_or_404(self.subregion_model, slug=subregion_slug)

    def link(self, subregion: Model | None) -> str:
        url = reverse(self.list_url_name)
        return f"{url}?subregion={subregion.slug}" if subregion else url

    def feed_url(self, subregion: Model | None) -> str:
        kind = "atom" if self.feed_type is Atom1Feed else "rss"
        if subregion:
            return reverse(
                f"{self.feed_url_name}-subregion-{kind}", kwargs={"subregion_slug": subregion.slug}
            )
        return reverse(f"{self.feed_url_name}-{kind}")

    def subtitle(self, subregion: Model | None) -> str:  # Atom's name for a description
        return self.description(subregion)

    def items(self, subregion: Model | None):
        items = self.model.objects.published().select_related("organisation")
        if subregion:
            items = items.filter(subregions=subregion)
        return items.order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        """The summary as HTML that shows its text: escaped, never the member's markup."""
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item) -> str:
        return item.organisation.name


def _xml_text(value):
    """``value`` with its texts (also those in a list, such as the categories) cleaned to
    characters that XML 1.0 carries; anything else (a date, a number) as it is."""
    if isinstance(value, str | Promise):
        return clean_text(str(value), multiline=True)
    if isinstance(value, list | tuple):
        return type(value)(_xml_text(element) for element in value)
    return value
