"""The portal URLs of one content type, from its ``ItemPortal``.

``item_portal_urlpatterns(portal)`` gives, under ``organisaties/<organisation_slug>/<segment>/``,
the URL names ``<key>-list``, ``-create``, ``-detail``, ``-step``, ``-check``, ``-retract``,
``-revise``, ``-withdraw`` and ``-delete`` (in the ``portal`` namespace); ``-images``,
``-image-edit``, ``-image-remove`` and ``-image-move`` for a type with an images step, and
``-leave`` for one that names other organisations (``partner_field``).
"""

from django.urls import URLPattern, path

from .portal import ItemPortal
from .views import portal as views


def item_portal_urlpatterns(portal: ItemPortal) -> list[URLPattern]:
    key = portal.key
    base = f"organisaties/<slug:organisation_slug>/{portal.segment}/"
    item = f"{base}<id:pk>/"
    image = f"{item}afbeeldingen/<id:image_pk>/"
    patterns = [
        path(base, views.ItemListView.as_view(portal=portal), name=f"{key}-list"),
        path(
            f"{base}nieuw/",
            views.ItemStepView.as_view(portal=portal, creating=True),
            name=f"{key}-create",
        ),
        path(
            item,
            views.ItemDetailView.as_view(portal=portal),
            name=f"{key}-detail",
        ),
        path(
            f"{item}stap/<slug:step>/",
            views.ItemStepView.as_view(portal=portal),
            name=f"{key}-step",
        ),
        path(
            f"{item}controleren/",
            views.ItemCheckView.as_view(portal=portal),
            name=f"{key}-check",
        ),
        path(
            f"{item}terugnemen/",
            views.ItemTransitionView.as_view(portal=portal, transition="retract"),
            name=f"{key}-retract",
        ),
        path(
            f"{item}nieuwe-versie/",
            views.ItemTransitionView.as_view(portal=portal, transition="revise"),
            name=f"{key}-revise",
        ),
        path(
            f"{item}offline-halen/",
            views.ItemConfirmView.as_view(portal=portal, action="withdraw"),
            name=f"{key}-withdraw",
        ),
        path(
            f"{item}verwijderen/",
            views.ItemConfirmView.as_view(portal=portal, action="delete"),
            name=f"{key}-delete",
        ),
    ]
    # The images, for a type with an images step; leaving an item, for a type that names
    # other organisations (partners). A type without them has no such pages.
    if portal.images_step is not None:
        patterns += [
            path(
                f"{item}afbeeldingen/",
                views.ItemImagesView.as_view(portal=portal),
                name=f"{key}-images",
            ),
            path(image, views.ItemImageEditView.as_view(portal=portal), name=f"{key}-image-edit"),
            path(
                f"{image}verwijderen/",
                views.ItemImageRemoveView.as_view(portal=portal),
                name=f"{key}-image-remove",
            ),
            path(
                f"{image}verplaatsen/",
                views.ItemImageMoveView.as_view(portal=portal),
                name=f"{key}-image-move",
            ),
        ]
    if portal.partner_field:
        patterns += [
            path(
                f"{item}niet-meer-partner/",
                views.ItemLeaveView.as_view(portal=portal),
                name=f"{key}-leave",
            ),
        ]
    return patterns
