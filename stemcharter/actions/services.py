from django.contrib.postgres.search import SearchVector
from django.db import connection

from .models import Action

SEARCH_CONFIG = "dutch"


def action_search_index(*, action: Action) -> None:
    """Refresh the full-text search vector of a live action (PostgreSQL only; SQLite searches
    without an index, see ``selectors``)."""
    if connection.vendor != "postgresql":
        return
    Action.objects.filter(pk=action.pk).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("location", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
