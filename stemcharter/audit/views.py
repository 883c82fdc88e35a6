"""Back office: the audit trail, for coordinators."""

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin

from .labels import prefix_choices, prefix_label
from .models import AuditEntry
from .registry import audit_labels
from .selectors import audit_entry_list


def _code_prefix_choices() -> list[tuple[str, str]]:
    """The codes in use and each of their dotted prefixes, in words."""
    codes = AuditEntry.objects.order_by().values_list("code", flat=True).distinct()
    return [("", _("Everything")), *prefix_choices(codes)]


class AuditFilterForm(CleanTextForm):
    q = forms.CharField(
        label=_("Search in object, person or event"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
    )
    code = forms.ChoiceField(label=_("What happened"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = _code_prefix_choices()

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"query": "", "code_prefix": ""}
        return {"query": self.cleaned_data["q"].strip(), "code_prefix": self.cleaned_data["code"]}


def _backoffice_url(entry: AuditEntry) -> str:
    if entry.target_type is None or entry.target is None:
        return ""
    # Where the object's app said its objects live in the back office (registry.py).
    link = audit_labels.links.get(f"{entry.target_type.app_label}.{entry.target_type.model}")
    if link is None:
        return ""
    try:
        return reverse(link.url_name, kwargs={link.kwarg: getattr(entry.target, link.attribute)})
    except NoReverseMatch:
        return ""


class AuditEntryListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    permission_required = "accounts.coordinate"
    template_name = "audit/backoffice/audit_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.filters = AuditFilterForm(self.request.GET)
        return audit_entry_list(**self.filters.filters()).prefetch_related("target")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for entry in context["entries"]:
            entry.backoffice_url = _backoffice_url(entry)
        context["filters"] = self.filters
        context["active"] = self.filters.filters()
        context["code_label"] = prefix_label(context["active"]["code_prefix"])
        return context
