"""The words for the audit entries that the images' services write (see
stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.labels import field_names
from stemcharter.audit.registry import register_audit_labels

from .models import Image

register_audit_labels(
    codes={
        "images.image.added": _("Image added"),
        "images.image.updated": _("Image changed"),
        "images.image.removed": _("Image removed"),
    },
    subjects={"images": _("Images"), "images.image": _("Images")},
    details={
        "alt_text": _("Description of the image"),
        "minors_recognisable": _("Minors recognisable"),
        "changed": _("Changed"),
    },
    # The entry's object is the item the image belongs to, so the changed fields are named
    # from the image's own model.
    values={"changed": lambda names: field_names(names, Image)},
    # Which image: its identifier means nothing to a person; the entry names the item it
    # belongs to, what happened ("Image changed") and the image's description.
    internal_details=["image"],
    written_details=["alt_text"],
)
