"""``{% load reviewable_kinds %}{% reviewable_kinds as kinds %}``: what goes through review, in
words (``registry.reviewable_kinds``), for the sentences that name it."""

from django import template

from stemcharter.reviews.registry import reviewable_kinds as _reviewable_kinds

register = template.Library()


@register.simple_tag
def reviewable_kinds() -> str:
    """ "actions, stories, events and progress reports", from the registered types."""
    return _reviewable_kinds()
