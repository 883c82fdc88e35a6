"""The signatory's side of support requests (issue 13, point 3): one request as a signatory
sees it, with the offer form or its own offer; withdrawing an offer; the signatory's offers.

Every view takes the organisation from the URL through ``PortalAccessMixin`` (the user's own
organisations only) and the request or offer among those of that organisation
(``selectors.requests_for_signatory``, ``selectors.offer_list``): another one is a 404. The
asker's name and email appear only once the organisation's own offer is accepted.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from stemcharter.common.mixins import LenientPaginationMixin, PortalAccessMixin

from .. import selectors, services
from ..forms import OfferForm
from ..models import Offer


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class OfferCreateView(PortalAccessMixin, FormView):
    """A request as a signatory sees it (the ask, the school's name and town) and the offer
    form; once it offered, its own offer and what became of it instead."""

    template_name = "support/offer/offer_create.html"
    form_class = OfferForm

    @cached_property
    def support_request(self):
        return get_object_or_404(
            selectors.requests_for_signatory(organisation=self.organisation), pk=self.kwargs["pk"]
        )

    @cached_property
    def offer(self) -> Offer | None:
        return services.offer_current(
            support_request=self.support_request, organisation=self.organisation
        )

    @cached_property
    def refusal(self) -> str:
        return services.offer_refusal(
            support_request=self.support_request, organisation=self.organisation
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "support_request": self.support_request}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        support_request, offer = self.support_request, self.offer
        context["support_request"] = support_request
        context["offer"] = offer
        context["own_request"] = support_request.organisation_id == self.organisation.pk
        context["can_offer"] = not self.refusal
        context["refusal"] = self.refusal
        if offer is not None and offer.status == Offer.Status.ACCEPTED:
            context["contact"] = selectors.request_contact_person(support_request)
        if self.refusal:
            context.pop("form", None)
        return context

    def post(self, request, *args, **kwargs):
        if self.refusal:
            messages.error(request, self.refusal)
            return self._back()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.offer_create(
                support_request=self.support_request,
                organisation=self.organisation,
                by=self.request.user,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
                return self.form_invalid(form)
            # Refused meanwhile (the school closed it, a second tab offered first).
            messages.error(self.request, _error_text(error))
            return self._back()
        messages.success(
            self.request,
            _(
                "Your offer has been sent to %(school)s. You get an email when the school "
                "accepts or declines it."
            )
            % {"school": self.support_request.school_display_name},
        )
        return self._back()

    def _back(self):
        return redirect(
            "portal:support-offer-create",
            organisation_slug=self.organisation.slug,
            pk=self.support_request.pk,
        )


class OfferWithdrawView(PortalAccessMixin, View):
    """Take back an offer the school has not answered (the button on the request's page)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        offer = get_object_or_404(
            Offer.objects.filter(organisation=self.organisation), pk=kwargs["pk"]
        )
        try:
            services.offer_withdraw(offer=offer, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Your offer has been withdrawn."))
        return redirect(
            "portal:support-offer-create",
            organisation_slug=self.organisation.slug,
            pk=offer.support_request_id,
        )


class OfferListView(PortalAccessMixin, LenientPaginationMixin, ListView):
    """The organisation's offers to schools with their status; for an accepted one, the
    school's contact person."""

    template_name = "support/offer/offer_list.html"
    context_object_name = "offers"
    paginate_by = 50

    def get_queryset(self):
        return selectors.offer_list(organisation=self.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for offer in context["offers"]:
            offer.contact = (
                selectors.request_contact_person(offer.support_request)
                if offer.status == Offer.Status.ACCEPTED
                else None
            )
        return context
