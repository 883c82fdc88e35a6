"""Which organisations have worked together: an extension point below the content floor.

Each content app knows its own kind of collaboration (an action's organiser and partners, a
story's organisations, a school's request and the accepted offer) and registers a function in
its ``AppConfig.ready``: given an organisation, a filter (a ``Q`` on ``Organisation``, built of
subqueries) of the organisations that worked with it. A reader (the suggestions of partner
calls) combines them in its one query and imports none of the apps that said it.
"""

from collections.abc import Callable

from django.db.models import Q

Collaborators = Callable[..., Q]

_collaborations: dict[str, Collaborators] = {}


def collaborations_register(key: str, collaborators: Collaborators) -> None:
    """Say who worked with an organisation: ``collaborators(organisation)``, a ``Q`` on
    ``Organisation`` (subqueries only: no query runs when it is called)."""
    _collaborations[key] = collaborators


def worked_with(organisation) -> Q:
    """The organisations that worked with ``organisation`` in any registered way (never
    ``organisation`` itself, unless a registered way says so); nothing when none registered."""
    condition = Q(pk__in=[])
    for collaborators in _collaborations.values():
        condition |= collaborators(organisation)
    return condition
