"""Back office: the audit trail, for coordinators."""

from django.urls import NoReverseMatch
from django.views.generic import ListView

from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin

from .filters import AuditFilterSet
from .labels import prefix_label
from .models import AuditEntry
from .registry import audit_labels
from .selectors import audit_entry_list


def _object_url(entry: AuditEntry) -> str:
    if entry.target_type is None or entry.target is None:
        return ""
    # Where the object's app said its objects can be seen (registry.py).
    link = audit_labels.links.get(f"{entry.target_type.app_label}.{entry.target_type.model}")
    if link is None:
        return ""
    try:
        return link(entry.target)
    except NoReverseMatch:
        return ""


class AuditEntryListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    permission_required = "accounts.coordinate"
    template_name = "audit/backoffice/audit_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = AuditFilterSet(self.request.GET or None, queryset=audit_entry_list())
        return self.filterset.qs.prefetch_related("target")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for entry in context["entries"]:
            entry.object_url = _object_url(entry)
        active = self.filterset.active
        context["filters"] = self.filterset.form
        context["active"] = active
        context["code_label"] = prefix_label(active.get("code", ""))
        return context
