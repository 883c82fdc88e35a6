"""Who may do what with stories in the portal.

The author organisation's members change a story; the members of the other organisations it
links to see it in their portal but cannot change it. Only members of an approved signatory
write stories.
"""

import rules

from stemcharter.actions.rules import is_approved_signatory
from stemcharter.organisations.rules import is_organisation_member


@rules.predicate
def is_story_author(user, story) -> bool:
    return story is not None and is_organisation_member(user, story.organisation)


@rules.predicate
def is_story_linked(user, story) -> bool:
    if story is None or not user.is_authenticated:
        return False
    return story.organisations.filter(memberships__user=user).exists()


rules.add_perm("stories.add_story", is_organisation_member & is_approved_signatory)
rules.add_perm("stories.change_story", is_story_author)
rules.add_perm("stories.view_story", is_story_author | is_story_linked)
