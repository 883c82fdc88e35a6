"""Back office for the charter: the signature review queue, charter versions, and every
organisation with the status of its signatures and their history. (The back-office home
gathers several apps: it is in pages.)"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from stemcharter.common.csv_export import csv_refused, csv_response, unknown_sort_refusal
from stemcharter.common.markdown import render_markdown
from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin
from stemcharter.organisations.models import Category, Organisation

from .. import backoffice_panels, selectors, services
from ..forms_backoffice import (
    CharterVersionForm,
    OrganisationFilterForm,
    SignatureFilterForm,
    SignatureRejectForm,
)
from ..models import CharterVersion, Signature
from ..referrals import referral_channel_label


class SignatureListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    """The review queue: submitted signatures, oldest first, unless the filters say otherwise."""

    # Signer emails of every region: coordinators only, until contact points get a queue
    # scoped to their subregions.
    permission_required = "accounts.coordinate"
    template_name = "charter/backoffice/signature_list.html"
    context_object_name = "signatures"
    paginate_by = 25

    def get_queryset(self):
        self.filters = SignatureFilterForm(self.request.GET)
        self.sort = self.request.GET.get("sort", "submitted")
        if self.sort not in selectors.SIGNATURE_SORTS:
            self.sort = "submitted"
        return selectors.signature_list(
            **self.filters.filters(), sort=self.sort, reviewer=self.request.user
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters"] = self.filters
        context["sort"] = self.sort
        context["active"] = self.filters.filters()
        context["status_label"] = dict(Signature.Status.choices).get(context["active"]["status"])
        return context


class SignatureDetailView(BackofficeAccessMixin, DetailView):
    # Signer email and withdrawal reason: coordinators only (see SignatureListView).
    permission_required = "accounts.coordinate"
    template_name = "charter/backoffice/signature_detail.html"
    context_object_name = "signature"

    def get_object(self, queryset=None):
        try:
            return selectors.signature_get(pk=self.kwargs["pk"])
        except Signature.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signature = self.object
        context["earlier_signatures"] = selectors.signature_history(
            organisation=signature.organisation
        ).exclude(pk=signature.pk)
        context["audit_entries"] = selectors.signature_audit_entries(signature=signature)
        context["referral_channel_label"] = referral_channel_label(signature.referral_channel)
        # What apps above charter add to this page (e.g. the event it was signed at).
        context["signature_panels"] = backoffice_panels.panels(self.request, signature)
        context["can_decide"] = signature.status == Signature.Status.SUBMITTED and (
            self.request.user.has_perm("charter.review_signature", signature)
        )
        # A coordinator who is a member of the signing organisation sees it, but another
        # coordinator decides (conflict of interest).
        context["own_organisation"] = signature.has_conflict_of_interest(self.request.user)
        # "form" so that the page title starts with "Error:" when the reason is missing.
        context.setdefault("form", SignatureRejectForm())
        return context


class _SignatureDecisionMixin:
    """POST only: approve and reject change state, a GET on their URL is a 405."""

    permission_required = "charter.review_signature"
    http_method_names = ["post", "options"]

    def get_signature(self) -> Signature:
        return get_object_or_404(
            Signature.objects.select_related("organisation"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self) -> Signature:
        # The permission depends on the signature: nobody decides on their own organisation's.
        return self.get_signature()

    def detail_url(self) -> str:
        return reverse("backoffice:signature-detail", kwargs={"pk": self.kwargs["pk"]})


class SignatureApproveView(_SignatureDecisionMixin, BackofficeAccessMixin, View):
    def post(self, request, *args, **kwargs):
        signature = self.get_signature()
        try:
            services.signature_approve(signature=signature, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.detail_url())
        messages.success(
            request,
            _("You approved the signature of %(organisation)s. We emailed the signer.")
            % {"organisation": signature.organisation.name},
        )
        return HttpResponseRedirect(reverse("backoffice:signature-list"))


class SignatureRejectView(_SignatureDecisionMixin, SignatureDetailView):
    def post(self, request, *args, **kwargs):
        signature = self.get_signature()
        form = SignatureRejectForm(request.POST)
        if form.is_valid():
            try:
                services.signature_reject(
                    signature=signature, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                if error.code != "reason":
                    messages.error(request, " ".join(error.messages))
                    return HttpResponseRedirect(self.detail_url())
                form.add_error("reason", error)
            else:
                messages.success(
                    request,
                    _(
                        "You rejected the signature of %(organisation)s. We emailed the reason "
                        "to the signer."
                    )
                    % {"organisation": signature.organisation.name},
                )
                return HttpResponseRedirect(reverse("backoffice:signature-list"))
        # The review page again, with the error beside the reason and in the summary.
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=form))


class CharterVersionListView(BackofficeAccessMixin, ListView):
    permission_required = "charter.change_charterversion"
    template_name = "charter/backoffice/charter_version_list.html"
    context_object_name = "versions"
    paginate_by = 50

    def get_queryset(self):
        return selectors.charter_version_list()


class CharterVersionDetailView(BackofficeAccessMixin, DetailView):
    permission_required = "charter.change_charterversion"
    template_name = "charter/backoffice/charter_version_detail.html"
    context_object_name = "version"
    slug_field = "number"
    slug_url_kwarg = "number"

    def get_queryset(self):
        return selectors.charter_version_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_counts"] = selectors.charter_version_signature_counts(version=self.object)
        context["current"] = CharterVersion.objects.current()
        return context


class CharterVersionCreateView(BackofficeAccessMixin, FormView):
    """Publish a new version, starting from the current text; "Preview" shows it first."""

    permission_required = "charter.change_charterversion"
    template_name = "charter/backoffice/charter_version_form.html"
    form_class = CharterVersionForm

    def get_initial(self):
        return CharterVersionForm.initial_from(CharterVersion.objects.current())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_preview": "preview" in self.request.POST}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current"] = CharterVersion.objects.current()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        if "preview" in self.request.POST:
            return self.render_to_response(
                self.get_context_data(
                    form=form, preview=render_markdown(data["body"], line_breaks=False)
                )
            )
        try:
            version = services.charter_version_publish(
                title=data["title"],
                body=data["body"],
                change_note=data["change_note"],
                by=self.request.user,
                based_on=data["based_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("You published version %(number)s of the charter. It is now the public text.")
            % {"number": version.number},
        )
        return HttpResponseRedirect(
            reverse("backoffice:charter-version-detail", kwargs={"number": version.number})
        )


class OrganisationFilterMixin(BackofficeAccessMixin):
    """Every organisation, filtered and sorted by the query string (``q``, ``category``,
    ``signature_status``, ``sort``): the list and its CSV download show the same rows. A
    value the list ignores (it shows every organisation, sorted by name) is refused by the
    download (``refusals``)."""

    # Every organisation of every region: coordinators only, until contact points get a view
    # scoped to their subregions.
    permission_required = "accounts.coordinate"

    def get_queryset(self):
        self.filters = OrganisationFilterForm(self.request.GET)
        self.sort = self.request.GET.get("sort", "name")
        if self.sort not in selectors.ORGANISATION_SORTS:
            self.sort = "name"
        return selectors.organisation_list(**self.filters.filters(), sort=self.sort)

    def refusals(self) -> list[str]:
        """What the list ignored of the query string, as the lines of a refusal
        (``common.csv_export.csv_refused``): the filter form's errors and an unknown order.
        Ask it after ``get_queryset``."""
        lines = self.filters.error_lines()
        raw_sort = self.request.GET.get("sort", "")
        if raw_sort and raw_sort not in selectors.ORGANISATION_SORTS:
            lines.append(unknown_sort_refusal(raw_sort))
        return lines


class OrganisationListView(OrganisationFilterMixin, LenientPaginationMixin, ListView):
    template_name = "organisations/backoffice/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 25

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
            export_query=self._export_query(active),
        )
        return context

    def _export_query(self, active: dict[str, str]) -> str:
        """The download's query string: the filters and order the page applied (not the URL's,
        whose bad values the download refuses), so it holds the rows shown."""
        params = {
            "q": active["query"],
            "category": active["category"],
            "signature_status": active["signature_status"],
            "sort": "" if self.sort == "name" else self.sort,
        }
        encoded = urlencode({name: value for name, value in params.items() if value})
        return f"?{encoded}" if encoded else ""

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


class OrganisationExportView(OrganisationFilterMixin, View):
    """The organisations of the list, with its filters and order, as a CSV download for a
    spreadsheet (``common.csv_export``: formulas neutralised, UTF-8 that Excel reads). A
    filter value or order the list would ignore is refused (400, ``csv_refused``), as every
    CSV download with filters: a download must hold what was asked for."""

    def get(self, request, *args, **kwargs):
        organisations = self.get_queryset()
        refusals = self.refusals()
        if refusals:
            return csv_refused(refusals)
        return csv_response(
            filename=f"{_('organisations')}-{timezone.localdate().isoformat()}.csv",
            header=selectors.organisation_export_header(),
            rows=selectors.organisation_export_rows(organisations),
        )


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
        context["signatures"] = selectors.signature_history(organisation=organisation)
        context["is_public"] = any(
            s.status == Signature.Status.APPROVED for s in context["signatures"]
        )
        context["audit_entries"] = selectors.organisation_audit_entries(organisation=organisation)
        return context
