"""Signals from the floors below into this app: the search vector of an action reads the
words of other rows (``services.action_search_vector``), so a change to one of them refreshes
the vectors of the actions that show it (``services.ACTION_SEARCH.shown_in``; through the task
queue when they are many: ``common.search_index``). Saved through a service or the admin
alike."""

from .services import ACTION_SEARCH

ACTION_SEARCH.connect()
