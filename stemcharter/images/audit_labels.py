"""The words for the audit entries that the images' services write (see
stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels

register_audit_labels(
    codes={
        "images.image.added": _("Image added"),
        "images.image.updated": _("Image changed"),
        "images.image.removed": _("Image removed"),
    },
    subjects={"images": _("Images"), "images.image": _("Images")},
    details={
        "image": _("Image"),
        "alt_text": _("Description of the image"),
        "minors_recognisable": _("Minors recognisable"),
        "changed": _("Changed"),
    },
)
