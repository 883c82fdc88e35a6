"""The words for the audit entries that the regions' services write (see
stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import BackofficeLink, register_audit_labels

register_audit_labels(
    codes={
        "regions.subregion.created": _("Subregion created"),
        "regions.subregion.updated": _("Subregion renamed"),
        "regions.contact_point.added": _("Contact point added"),
        "regions.contact_point.removed": _("Contact point removed"),
    },
    subjects={
        "regions": _("Regions"),
        "regions.subregion": _("Subregions"),
        "regions.contact_point": _("Contact points"),
    },
    details={"province": _("Province")},
    links={"regions.subregion": BackofficeLink("backoffice:subregion-edit", "slug", "slug")},
)
