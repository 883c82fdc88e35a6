"""Signals from the floor below: the public page of a subregion names its contact points
(their name, and their email address when they chose to show it), which are accounts. A change
to what it shows of a contact point makes the cached public pages stale
(``common.page_cache.content_changed``); a login, which saves only ``last_login``, does not."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from stemcharter.accounts.models import User
from stemcharter.common.page_cache import content_changed

# What a region page shows of a contact point (and whether it shows them at all).
SHOWN_FIELDS = frozenset({"name", "email", "contact_point_email_public", "is_active"})


@receiver(post_save, sender=User, dispatch_uid="regions-contact-point-saved")
def contact_point_saved(sender, instance: User, created: bool, update_fields=None, **kwargs):
    if created or (update_fields is not None and not SHOWN_FIELDS & set(update_fields)):
        return
    if instance.contact_point_for.exists():
        content_changed()
