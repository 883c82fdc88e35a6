"""Signals from the floors below into this app: the search vector of an action reads the
words of other rows (``services.action_search_vector``), so a change to one of them refreshes
the vectors of the actions that show it. Saved through a service or the admin alike."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from stemcharter.organisations.models import Organisation
from stemcharter.regions.models import Province, Subregion
from stemcharter.vocabulary.models import ActionType

from .models import Action
from .services import action_search_reindex

# The fields of each model that the vector reads: a save that names others (``update_fields``)
# leaves the vectors as they are.
SEARCHED_FIELDS = {
    ActionType: {"name_nl", "name_en", "search_terms_nl", "search_terms_en"},
    Organisation: {"name"},
    Subregion: {"name_nl", "name_en"},
    Province: {"name_nl", "name_en"},
}

SHOWN_IN = {
    ActionType: lambda row: Action.objects.filter(action_type=row),
    Organisation: lambda row: Action.objects.involving(row),
    Subregion: lambda row: Action.objects.filter(subregions=row),
    Province: lambda row: Action.objects.filter(subregions__province=row),
}


def reindex_actions_showing(sender, instance, created, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and not SEARCHED_FIELDS[sender] & set(update_fields)):
        return  # no action shows a new row yet
    actions = SHOWN_IN[sender](instance).filter(search_vector__isnull=False)
    action_search_reindex(Action.objects.filter(pk__in=actions.values("pk")))


for model in SEARCHED_FIELDS:
    receiver(post_save, sender=model, dispatch_uid=f"actions_search_{model.__name__}")(
        reindex_actions_showing
    )
