"""Back office: every organisation, with search, filters and its signature history."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from stemcharter.charter import selectors as charter_selectors
from stemcharter.charter.models import Signature
from stemcharter.common.forms import CleanTextForm
from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin
from stemcharter.organisations.models import Category, Organisation


class OrganisationFilterForm(CleanTextForm):
    """The list's filters, submitted by GET; unknown values are ignored, not an error page."""

    q = forms.CharField(
        label=_("Name or enterprise number"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    signature_status = forms.ChoiceField(
        label=_("Latest signature"),
        required=False,
        choices=[
            ("", _("Any status")),
            *Signature.Status.choices,
            (charter_selectors.NO_SIGNATURE, _("No signature")),
        ],
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"query": "", "category": "", "signature_status": ""}
        return {
            "query": self.cleaned_data["q"].strip(),
            "category": self.cleaned_data["category"],
            "signature_status": self.cleaned_data["signature_status"],
        }


class OrganisationListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    # Every organisation of every region: coordinators only, until contact points get a view
    # scoped to their subregions.
    permission_required = "accounts.coordinate"
    template_name = "organisations/backoffice/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 25

    def get_queryset(self):
        self.filters = OrganisationFilterForm(self.request.GET)
        self.sort = self.request.GET.get("sort", "name")
        if self.sort not in charter_selectors.ORGANISATION_SORTS:
            self.sort = "name"
        return charter_selectors.organisation_list(**self.filters.filters(), sort=self.sort)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status_labels = dict(Signature.Status.choices)
        for organisation in context["organisations"]:
            organisation.latest_status_label = status_labels.get(organisation.latest_status, "")
        active = self.filters.filters()
        context.update(
            filters=self.filters,
            sort=self.sort,
            active=active,
            chips=self._chips(active),
        )
        return context

    def _chips(self, active: dict[str, str]) -> list[dict[str, str]]:
        """The active filters, each removable by its URL parameter."""
        chips = []
        if active["query"]:
            chips.append({"param": "q", "label": f"“{active['query']}”"})
        if active["category"]:
            chips.append({"param": "category", "label": Category(active["category"]).label})
        if active["signature_status"]:
            label = dict(self.filters.fields["signature_status"].choices)[
                active["signature_status"]
            ]
            chips.append({"param": "signature_status", "label": label})
        return chips


class OrganisationDetailView(BackofficeAccessMixin, DetailView):
    # Member emails and the history: coordinators only (see OrganisationListView).
    permission_required = "accounts.coordinate"
    template_name = "organisations/backoffice/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.select_related("sector", "created_by").prefetch_related(
            "subregions"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        context["members"] = organisation.memberships.select_related("user").order_by(
            "role", "user__name", "user__email"
        )
        context["signatures"] = charter_selectors.signature_history(organisation=organisation)
        context["is_public"] = any(
            s.status == Signature.Status.APPROVED for s in context["signatures"]
        )
        context["audit_entries"] = charter_selectors.organisation_audit_entries(
            organisation=organisation
        )
        return context
