"""Partner calls in the portal (issue 13): a signatory looks for partners for a joint project.

- ``/portal/partneroproepen/``: the open calls, for members of any signatory (filters);
- ``/portal/partneroproepen/<pk>/``: one call with the answer form, or, for the caller's
  members, the answers, the suggested signatories, close, and the joint action it led to
  (linked on ``…/actie/``, a page of ``pages``: this app reads nothing of actions);
- ``/portal/organisaties/<org>/partneroproepen/`` and ``…/nieuw/``: the caller's own calls.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from stemcharter.common.mixins import LenientPaginationMixin, PortalAccessMixin
from stemcharter.common.text import clean_text
from stemcharter.organisations.models import Category, Organisation

from .. import selectors, services
from ..forms import PartnerCallAnswerForm, PartnerCallFilterForm, PartnerCallForm
from ..models import PartnerCall

CALLS_PER_PAGE = 20


class PartnerCallListView(PortalAccessMixin, LenientPaginationMixin, ListView):
    """The open calls of all signatories; a person who is no signatory's member is told why
    there is nothing to see."""

    template_name = "support/calls/partner_call_list.html"
    context_object_name = "partner_calls"
    paginate_by = CALLS_PER_PAGE

    @cached_property
    def my_signatories(self) -> list[Organisation]:
        return list(selectors.signatory_organisations_of(self.request.user))

    @cached_property
    def filter_form(self) -> PartnerCallFilterForm:
        form = PartnerCallFilterForm(self.request.GET or None)
        form.is_valid()
        return form

    def get_queryset(self):
        if not self.my_signatories:
            return PartnerCall.objects.none()
        filters = getattr(self.filter_form, "cleaned_data", {})
        return selectors.partner_calls_open(
            category=filters.get("category") or "", subregion=filters.get("subregion")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["my_signatories"] = self.my_signatories
        context["my_signatory_ids"] = {o.pk for o in self.my_signatories}
        context["filter_form"] = self.filter_form
        return context


class PartnerCallAccessMixin(PortalAccessMixin):
    """A call by its id; ``permission_required`` on it (a 404 for those who may not see it)."""

    permission_required = "support.view_partner_call"

    @cached_property
    def partner_call(self) -> PartnerCall:
        return get_object_or_404(
            PartnerCall.objects.select_related("organisation", "action"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.partner_call

    def has_permission(self) -> bool:
        user = self.request.user
        return user.is_authenticated and user.has_perm(self.permission_required, self.partner_call)


class PartnerCallDetailView(PartnerCallAccessMixin, TemplateView):
    """A call: the answer form for another signatory's member; the caller's view (answers,
    suggestions, close, the joint action) for its own members."""

    template_name = "support/calls/partner_call_detail.html"

    @cached_property
    def is_caller(self) -> bool:
        return self.request.user.has_perm("support.manage_partner_call", self.partner_call)

    @cached_property
    def answering_organisations(self) -> list[Organisation]:
        if self.partner_call.status != PartnerCall.Status.OPEN:
            return []
        return selectors.answering_organisations(
            user=self.request.user, partner_call=self.partner_call
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.partner_call
        context["partner_call"] = call
        context["is_caller"] = self.is_caller
        context["category_labels"] = _category_labels(call)
        context["sectors"] = list(call.sectors.all())
        context["subregions"] = list(call.subregions.all())
        if self.is_caller:
            context["answers"] = list(selectors.partner_call_answers(partner_call=call))
            if call.status == PartnerCall.Status.OPEN:
                context["suggestions"] = selectors.partner_call_suggestions(partner_call=call)
        else:
            context["my_answers"] = list(
                selectors.partner_call_answers(partner_call=call).filter(
                    organisation__memberships__user=self.request.user
                )
            )
            if self.answering_organisations:
                context["form"] = form or PartnerCallAnswerForm(
                    organisations=self.answering_organisations
                )
        return context

    def post(self, request, *args, **kwargs):
        """Answer the call (for one of the user's signatories that may)."""
        if self.is_caller or not self.answering_organisations:
            if self.is_caller:
                refused = _("You cannot answer this call.")
            elif self.partner_call.status != PartnerCall.Status.OPEN:
                refused = _("This call is closed: it takes no more answers.")
            else:  # every signatory of the user answered already (an older tab)
                refused = _("Your organisation has already answered this call.")
            return self.render_to_response(
                self.get_context_data(
                    refused=refused,
                    # What was typed is not lost: shown back under the refusal.
                    unsent_message=clean_text(request.POST.get("message", ""), multiline=True)[
                        :3000
                    ],
                )
            )
        form = PartnerCallAnswerForm(request.POST, organisations=self.answering_organisations)
        if form.is_valid():
            try:
                services.partner_call_answer(
                    partner_call=self.partner_call,
                    organisation=form.cleaned_data["organisation"],
                    by=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your answer has been sent to %(organisation)s.")
                    % {"organisation": self.partner_call.organisation.name},
                )
                return redirect("portal:partner-call-detail", pk=self.partner_call.pk)
        return self.render_to_response(self.get_context_data(form=form))


class PartnerCallCloseView(PartnerCallAccessMixin, View):
    """The caller closes its call (POST only)."""

    permission_required = "support.manage_partner_call"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.partner_call_close(partner_call=self.partner_call, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The call is closed: it takes no more answers."))
        return redirect("portal:partner-call-detail", pk=self.partner_call.pk)


class _SignatoryMixin(PortalAccessMixin):
    """A page of one of the user's organisations; ``is_signatory``: may it post calls."""

    @cached_property
    def is_signatory(self) -> bool:
        return Organisation.objects.signatories().filter(pk=self.organisation.pk).exists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_signatory"] = self.is_signatory
        return context


class PartnerCallCreateView(_SignatoryMixin, FormView):
    template_name = "support/calls/partner_call_form.html"
    form_class = PartnerCallForm

    def post(self, request, *args, **kwargs):
        if not self.is_signatory:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            partner_call = services.partner_call_create(
                organisation=self.organisation,
                by=self.request.user,
                title=data["title"],
                description=data["description"],
                categories=data["categories"],
                sectors=data["sectors"],
                subregions=data["subregions"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your call is posted: the members of every signatory can find and answer it."),
        )
        return redirect("portal:partner-call-detail", pk=partner_call.pk)


class OrganisationPartnerCallListView(_SignatoryMixin, TemplateView):
    """The calls of one organisation, for its members."""

    template_name = "support/calls/organisation_partner_call_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partner_calls"] = list(selectors.partner_calls_of(organisation=self.organisation))
        return context


def _category_labels(partner_call: PartnerCall) -> list[str]:
    return [Category(c).label for c in partner_call.categories if c in Category.values]
