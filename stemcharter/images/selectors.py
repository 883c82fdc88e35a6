from django.db import models

from .models import SOCIAL_SIZE


def image_social(*, item: models.Model) -> dict | None:
    """The item's first image in the 1200 by 630 rendition, for Open Graph and Twitter cards.

    Reads ``item.images.all()``, so a prefetch of the images serves it without a query."""
    images = list(item.images.all())
    if not images:
        return None
    image = images[0]
    width, height = SOCIAL_SIZE
    return {"url": image.social.url, "width": width, "height": height, "alt": image.alt_text}
