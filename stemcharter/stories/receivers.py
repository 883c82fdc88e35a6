"""Signals from the floors below into this app: the search vector of a story reads the names
of organisations and places (``services.story_search_vector``), so a change to one of them
refreshes the vectors of the stories that show it (``common.search_index``)."""

from .services import STORY_SEARCH

STORY_SEARCH.connect()
