"""The pages app's receivers, connected in ``PagesConfig.ready()``.

Share images (``views/share_images.py``): when an organisation, action or story is deleted,
its stored drawings (``images.share_images``, every language) are removed from storage. The
images app knows no content model (its floor), so the app that names the items connects it,
once the deletion is committed (a rolled-back deletion keeps them; a drawing removed too soon
would only be drawn again).
"""

from django.db import transaction
from django.db.models.signals import post_delete

from stemcharter.actions.models import Action
from stemcharter.images.share_images import share_images_delete
from stemcharter.organisations.models import Organisation
from stemcharter.stories.models import Story

from .views.share_images import share_image_key


def share_images_delete_receiver(sender, instance, **kwargs) -> None:
    """``post_delete`` of Organisation, Action and Story: remove the item's share images
    when the transaction commits."""
    key = share_image_key(instance)
    transaction.on_commit(lambda: share_images_delete(key))


def connect() -> None:
    """Connect the receivers (``PagesConfig.ready()``); each once (``dispatch_uid``)."""
    for model in (Organisation, Action, Story):
        post_delete.connect(
            share_images_delete_receiver,
            sender=model,
            dispatch_uid=f"pages.share_images_delete.{model._meta.label_lower}",
        )
