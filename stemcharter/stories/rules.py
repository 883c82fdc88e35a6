"""Who may do what with stories in the portal.

The author organisation's members change a story; the members of the other organisations it
links to see it in their portal but cannot change it. Only members of a signatory write
stories.
"""

import rules

from stemcharter.reviews.rules import is_item_author, is_signatory_member


@rules.predicate
def is_story_linked(user, story) -> bool:
    if story is None or not user.is_authenticated:
        return False
    return story.organisations.filter(memberships__user=user).exists()


rules.add_perm("stories.add_story", is_signatory_member)
rules.add_perm("stories.change_story", is_item_author)
rules.add_perm("stories.view_story", is_item_author | is_story_linked)
