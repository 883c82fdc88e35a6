"""After the help: both sides say whether it took place (issue 13, "deliver").

``/portal/hulpvragen/<pk>/bevestigen/``: the school's members, or the teacher who asked.
``/portal/organisaties/<org>/aanbiedingen/<pk>/bevestigen/``: the members of the signatory whose
offer (``<pk>``) the school accepted.

One page, three states: the question (an accepted offer whose window has started), the answer
given (a side may change it until the other side has answered too), or why it cannot be
answered (too early, no offer accepted, withdrawn, final). Anyone else: 404, as the portal does.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stemcharter.charter.selectors import is_signatory
from stemcharter.common.mixins import PortalAccessMixin

from ..forms import ConfirmDeliveryForm
from ..models import Offer, SupportRequest
from ..services import (
    SIDE_OFFERER,
    SIDE_SCHOOL,
    accepted_offer,
    confirm_error,
    may_confirm,
    support_request_confirm,
)


class _ConfirmMixin:
    """``support_request``, ``side`` and ``offer`` (the accepted one, or None) are set by the
    subclass, which checked who may see the page."""

    template_name = "support/deliver/confirm.html"
    side: str

    def story_organisation(self):
        """The organisation that may turn the delivered help into a story from here."""
        raise NotImplementedError

    def done_url(self) -> str:
        return self.request.path

    def form(self, data=None) -> ConfirmDeliveryForm:
        if data is not None:
            return ConfirmDeliveryForm(data)
        answer = getattr(self.support_request, f"{self.side}_confirmed")
        initial = {}
        if answer is not None:
            initial = {
                "happened": "yes" if answer else "no",
                "feedback": getattr(self.support_request, f"{self.side}_feedback"),
            }
        return ConfirmDeliveryForm(initial=initial)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if confirm_error(self.support_request):
            return self.render_to_response(self.get_context_data())
        form = self.form(request.POST)
        if form.is_valid():
            try:
                support_request_confirm(
                    support_request=self.support_request,
                    side=self.side,
                    by=request.user,
                    happened=form.cleaned_data["happened"],
                    feedback=form.cleaned_data["feedback"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        for message in errors:
                            form.add_error(field if field in form.fields else None, message)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: your answer was saved."))
                return HttpResponseRedirect(self.done_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        support_request = self.support_request
        own = getattr(support_request, f"{self.side}_confirmed")
        other_side = SIDE_OFFERER if self.side == SIDE_SCHOOL else SIDE_SCHOOL
        context.update(
            support_request=support_request,
            offer=self.offer,
            side=self.side,
            own_answer=own,
            other_answered=getattr(support_request, f"{other_side}_confirmed") is not None,
            delivered=support_request.status == SupportRequest.Status.DELIVERED,
            not_delivered=support_request.status == SupportRequest.Status.NOT_DELIVERED,
        )
        refusal = confirm_error(support_request)
        if refusal and not (context["delivered"] or context["not_delivered"]):
            context["refusal"] = refusal
        elif not refusal and "form" not in context:
            context["form"] = self.form()
        if context["delivered"] and self.offer is not None:
            organisation = self.story_organisation()
            if organisation is not None:
                context["story_url"] = reverse(
                    "portal:support-offer-story",
                    kwargs={"organisation_slug": organisation.slug, "pk": self.offer.pk},
                )
        return context


class SchoolConfirmView(_ConfirmMixin, PortalAccessMixin, TemplateView):
    """``/portal/hulpvragen/<pk>/bevestigen/``: the school's side."""

    side = SIDE_SCHOOL

    @cached_property
    def support_request(self) -> SupportRequest:
        support_request = get_object_or_404(
            SupportRequest.objects.select_related("organisation", "kind", "subregion"),
            pk=self.kwargs["pk"],
        )
        if not may_confirm(self.request.user, support_request, SIDE_SCHOOL):
            raise Http404
        return support_request

    @cached_property
    def offer(self) -> Offer | None:
        return accepted_offer(self.support_request)

    def story_organisation(self):
        # A school that signed the charter tells the story as its own (a teacher's school
        # that has not signed has no portal page to write it from).
        school = self.support_request.organisation
        if school is None or not is_signatory(school):
            return None
        if not school.memberships.filter(user=self.request.user).exists():
            return None
        return school


class OfferConfirmView(_ConfirmMixin, PortalAccessMixin, TemplateView):
    """``/portal/organisaties/<org>/aanbiedingen/<pk>/bevestigen/``: the offering signatory's
    side (its own offer only; another organisation's offer: 404)."""

    side = SIDE_OFFERER

    @cached_property
    def own_offer(self) -> Offer:
        return get_object_or_404(
            Offer.objects.select_related(
                "organisation",
                "support_request__organisation",
                "support_request__kind",
                "support_request__subregion",
            ),
            organisation=self.organisation,
            pk=self.kwargs["pk"],
        )

    @cached_property
    def support_request(self) -> SupportRequest:
        return self.own_offer.support_request

    @cached_property
    def offer(self) -> Offer | None:
        return self.own_offer if self.own_offer.status == Offer.Status.ACCEPTED else None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if self.offer is None:
            # Not (or no longer) the accepted offer: nothing to confirm, nothing of the
            # request's progress either.
            context = TemplateView.get_context_data(self, **kwargs)
            context.update(
                organisation=self.organisation,
                support_request=self.support_request,
                side=self.side,
                refusal=_("The school has not accepted this offer: there is nothing to confirm."),
            )
            return context
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if self.offer is None:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def story_organisation(self):
        return self.organisation
