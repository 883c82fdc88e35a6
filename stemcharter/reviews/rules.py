import rules

from stemcharter.accounts.rules import is_coordinator
from stemcharter.charter.selectors import is_signatory
from stemcharter.organisations.rules import is_organisation_member


@rules.predicate
def is_signatory_member(user, organisation) -> bool:
    """A member of a signatory: only they create items, for that organisation (the content
    types' ``add`` permissions; their ``EditingRules.may_create`` checks the signatory again
    when the item is created)."""
    return is_organisation_member(user, organisation) and is_signatory(organisation)


@rules.predicate
def is_item_author(user, item) -> bool:
    """A member of the organisation the item belongs to."""
    return item is not None and is_organisation_member(user, item.organisation)


@rules.predicate
def has_conflict_of_interest(user, item) -> bool:
    """A member of an organisation named on the item: its author, a partner of a joint action,
    an organisation a story names (``Reviewable.has_conflict_of_interest``, the same rule as
    the review queue)."""
    return item is not None and item.has_conflict_of_interest(user)


@rules.predicate
def is_item_reviewer(user, item) -> bool:
    """A coordinator, or a contact point of one of the item's subregions; never for an item on
    which one's own organisation is named (``has_conflict_of_interest``)."""
    if item is None or not user.is_authenticated or has_conflict_of_interest(user, item):
        return False
    if is_coordinator(user):
        return True
    return item.subregions.filter(contact_points=user).exists()


rules.add_perm("reviews.review_item", is_item_reviewer)
rules.add_perm("reviews.change_criteriaset", is_coordinator)
