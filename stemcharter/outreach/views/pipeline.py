"""Back office (issue 14, the outreach pipeline; coordinators only): the prospects, filtered
in the URL and sortable, their CSV download, a prospect's page to edit it, a new prospect, and
the import of a CSV file (the same service as ``manage.py import_prospects``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from stemcharter.common.csv_export import csv_refused, csv_response, unknown_sort_refusal
from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin

from .. import selectors_pipeline as selectors
from ..filters_pipeline import ProspectFilterSet
from ..forms_pipeline import ProspectForm, ProspectImportForm
from ..models import Prospect
from ..services import prospect_create, prospect_groups_with, prospect_update, prospects_import


class _CoordinatorsOnly(BackofficeAccessMixin):
    # Contact addresses and notes of organisations of every region: coordinators only.
    permission_required = "accounts.coordinate"


class ProspectFilterMixin(_CoordinatorsOnly):
    """The prospects, filtered and sorted by the query string (``q``, ``status``, ``group``,
    ``owner``, ``next``, ``sort``): the list and its CSV download show the same rows."""

    def get_queryset(self):
        self.filterset = ProspectFilterSet(
            self.request.GET or None, queryset=selectors.prospect_list()
        )
        # What the download says of an unknown order, beside the filters' ``refusals()``.
        self.sort_refusals: list[str] = []
        self.sort = self.request.GET.get("sort", "name")
        if self.sort not in selectors.PROSPECT_SORTS:
            if "sort" in self.request.GET:
                self.filterset.notices.append(
                    _("We cannot sort by “%(value)s”, so we sort by name.")
                    % {"value": self.sort[:60]}
                )
                self.sort_refusals.append(unknown_sort_refusal(self.sort))
            self.sort = "name"
        return selectors.prospect_sorted(self.filterset.qs, self.sort)


class ProspectListView(ProspectFilterMixin, LenientPaginationMixin, ListView):
    """``/beheer/prospecten/``: the outreach pipeline, with the count of each status."""

    template_name = "outreach/pipeline/prospect_list.html"
    context_object_name = "prospects"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        without_status = self.filterset.filtered(selectors.prospect_list(), skip=["status"])
        context.update(
            filters=self.filterset.form,
            notices=self.filterset.notices,
            active=self.filterset.active,
            chips=self.filterset.chips(),
            sort=self.sort,
            status_counts=selectors.prospect_status_counts(without_status),
            today=timezone.localdate(),
        )
        return context


class ProspectExportView(ProspectFilterMixin, View):
    """The prospects of the list, with its filters and order, as a CSV download
    (``common.csv_export``: formulas neutralised, UTF-8 that Excel reads)."""

    def get(self, request, *args, **kwargs):
        prospects = self.get_queryset()
        if self.filterset.notices:  # a value the list would leave out: never another file
            return csv_refused([*self.filterset.refusals(), *self.sort_refusals])
        return csv_response(
            filename=f"{_('prospects')}-{timezone.localdate().isoformat()}.csv",
            header=selectors.prospect_export_header(),
            rows=selectors.prospect_export_rows(prospects),
        )


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ProspectCreateView(_CoordinatorsOnly, FormView):
    """``/beheer/prospecten/nieuw/``: add an organisation to the pipeline by hand."""

    template_name = "outreach/pipeline/prospect_form.html"
    form_class = ProspectForm

    def form_valid(self, form):
        groups = prospect_groups_with(
            groups=form.cleaned_data["groups"], new_group=form.cleaned_data["new_group"]
        )
        try:
            prospect = prospect_create(by=self.request.user, groups=groups, **form.values())
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("You added %(name)s to the pipeline.") % {"name": prospect.name}
        )
        return HttpResponseRedirect(reverse("backoffice:prospect-detail", args=[prospect.pk]))


class ProspectDetailView(_CoordinatorsOnly, FormView):
    """``/beheer/prospecten/<pk>/``: a prospect, its signatory and the invitations that name
    it, its history, and the form to change it (POST)."""

    template_name = "outreach/pipeline/prospect_detail.html"
    form_class = ProspectForm

    @cached_property
    def prospect(self) -> Prospect:
        try:
            return selectors.prospect_get(pk=self.kwargs["pk"])
        except Prospect.DoesNotExist as exc:
            raise Http404 from exc

    def get_form_kwargs(self):
        # A copy: the form writes what was typed on its instance, the page shows the saved one.
        return {**super().get_form_kwargs(), "instance": Prospect.objects.get(pk=self.prospect.pk)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            prospect=self.prospect,
            invitations=selectors.prospect_invitations(self.prospect),
            audit_entries=list(selectors.prospect_audit_entries(self.prospect)),
        )
        return context

    def form_valid(self, form):
        groups = prospect_groups_with(
            groups=form.cleaned_data["groups"], new_group=form.cleaned_data["new_group"]
        )
        try:
            prospect = prospect_update(
                prospect=self.prospect, by=self.request.user, groups=groups, **form.values()
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("You saved %(name)s.") % {"name": prospect.name})
        return HttpResponseRedirect(reverse("backoffice:prospect-detail", args=[prospect.pk]))


class ProspectImportView(_CoordinatorsOnly, FormView):
    """``/beheer/prospecten/importeren/``: upload a CSV file of prospects; the page then
    shows what was imported (or, for a bad file, why nothing was)."""

    template_name = "outreach/pipeline/prospect_import.html"
    form_class = ProspectImportForm

    def form_valid(self, form):
        try:
            result = prospects_import(
                file=form.cleaned_data["file"],
                by=self.request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(form=ProspectImportForm(), result=result)
        )
