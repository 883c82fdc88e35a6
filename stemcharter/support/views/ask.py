"""The school's side of support requests (portal): its list of requests, asking (a member of an
education signatory, or a teacher of a school that has not signed, with a confirmed email
address), and the page of one request with its offers, where the school accepts one, declines
others with thanks, or withdraws the request.

Thin: every change goes through ``services``; a refusal is a message on the page. A request is
found among the user's own only (``selectors.request_for_school``): another's is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from stemcharter.common.mixins import PortalAccessMixin
from stemcharter.organisations.models import Category

from .. import selectors, services
from ..forms import OfferAnswerForm, SupportRequestForm, WithdrawForm
from ..models import Offer, SupportRequest


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class _ExplainView(TemplateView):
    """A page that says why one cannot go on here, for a GET and a POST alike."""

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


class _SchoolMixin(PortalAccessMixin):
    """An organisation's pages about its requests: for its members; an organisation that is
    not a school gets a page that says who asks here (403)."""

    refused_template = "support/ask/not_a_school.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.has_permission():
            return self.handle_no_permission()
        if self.organisation.category != Category.EDUCATION:
            return self.render_refusal()
        return super().dispatch(request, *args, **kwargs)

    def render_refusal(self):
        response = _ExplainView.as_view(
            template_name=self.refused_template,
            extra_context={"organisation": self.organisation},
        )(self.request)
        response.status_code = 403
        return response


class SchoolRequestListView(_SchoolMixin, TemplateView):
    """``/portal/organisaties/<org>/hulpvragen/``: a school's requests, newest first."""

    template_name = "support/ask/request_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["support_requests"] = selectors.school_request_list(organisation=self.organisation)
        context["may_ask"] = services.school_may_ask(self.organisation)
        return context


class _AskMixin:
    template_name = "support/ask/request_form.html"
    form_class = SupportRequestForm

    def form_valid(self, form):
        try:
            support_request = services.support_request_create(
                organisation=self.organisation, by=self.request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Your request is posted. Signatories that can help see it and offer; we email "
                "you each offer. You choose one on this page."
            ),
        )
        return redirect(services.request_url(support_request))


class SchoolRequestCreateView(_SchoolMixin, _AskMixin, FormView):
    """``/portal/organisaties/<org>/hulpvragen/nieuw/``: a member of a school that signed
    asks in its name."""

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and self.has_permission()
            and self.organisation.category == Category.EDUCATION
            and not services.school_may_ask(self.organisation)
        ):
            self.refused_template = "support/ask/not_signed_yet.html"
            return self.render_refusal()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        subregion = self.organisation.subregions.first()
        return {"subregion": subregion.pk} if subregion else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["list_url"] = reverse(
            "portal:support-request-list", kwargs={"organisation_slug": self.organisation.slug}
        )
        return context


class TeacherRequestCreateView(PortalAccessMixin, _AskMixin, FormView):
    """``/portal/hulpvragen/nieuw/``: a teacher of a school that has not signed asks, with the
    school's name and town; only with a confirmed email address (else a page says how)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.has_verified_email(request.user):
            return _ExplainView.as_view(template_name="support/ask/verify_email.html")(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "with_school": True}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["without_signatory"] = True
        context["list_url"] = reverse("portal:home")
        context["schools"] = [
            o
            for o in selectors.portal_schools(user=self.request.user)
            if services.school_may_ask(o)
        ]
        return context


class RequestDetailView(PortalAccessMixin, TemplateView):
    """``/portal/hulpvragen/<id:pk>/``: the school's page of one request: status, age, the
    offers, accepting one and declining others, withdrawing; after acceptance, the signatory's
    contact person. POST: ``answer`` (accept or decline one offer) or ``withdraw``."""

    template_name = "support/ask/request_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.support_request = selectors.request_for_school(user=request.user, pk=kwargs["pk"])
            if self.support_request is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "withdraw" in request.POST:
            return self._withdraw()
        form = OfferAnswerForm(request.POST)
        valid = form.is_valid()
        offer_pk = form.cleaned_data.get("offer")
        if offer_pk is None or "answer" in form.errors:
            messages.error(request, _("Choose an offer to accept or decline."))
            return redirect(request.path)
        offer = self.support_request.offers.filter(pk=offer_pk).first()
        if offer is None:
            # An offer of another request (a changed form): nothing is accepted.
            messages.error(
                request,
                _("This offer is not one of this request's offers. Nothing was changed."),
            )
            return redirect(request.path)
        if not valid:
            return self.render_to_response(self.get_context_data(bound_answer=form))
        thank_you = form.cleaned_data.get("thank_you", "")
        try:
            if form.cleaned_data["answer"] == OfferAnswerForm.ACCEPT:
                services.offer_accept(offer=offer, by=request.user, thank_you=thank_you)
                messages.success(
                    request,
                    _(
                        "You accepted the offer of %(organisation)s. We sent them your name and "
                        "email address; their contact person is below. The other signatories "
                        "got your thanks."
                    )
                    % {"organisation": offer.organisation.name},
                )
            else:
                services.offer_decline(offer=offer, by=request.user, thank_you=thank_you)
                messages.success(
                    request,
                    _("You declined the offer of %(organisation)s. We sent them your thanks.")
                    % {"organisation": offer.organisation.name},
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(request.path)

    def _withdraw(self):
        form = WithdrawForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(withdraw_form=form))
        try:
            services.support_request_withdraw(
                support_request=self.support_request,
                by=self.request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
        else:
            messages.success(
                self.request,
                _("Your request is withdrawn. We told the signatories that offered help."),
            )
        return redirect(self.request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        support_request = self.support_request
        offers = selectors.request_offers(support_request=support_request)
        bound = kwargs.get("bound_answer")
        is_open = support_request.status == SupportRequest.Status.OPEN
        rows = []
        for offer in offers:
            row = {"offer": offer, "contact": None}
            if offer.status == Offer.Status.ACCEPTED:
                row["contact"] = selectors.offer_contact(offer=offer)
            if is_open and offer.status == Offer.Status.PENDING:
                row["accept_form"] = _answer_form(offer, OfferAnswerForm.ACCEPT, bound)
                row["decline_form"] = _answer_form(offer, OfferAnswerForm.DECLINE, bound)
            rows.append(row)
        withdraw_form = kwargs.get("withdraw_form")
        context.update(
            {
                "support_request": support_request,
                "organisation": support_request.organisation,
                "rows": rows,
                "is_open": is_open,
                "pending_count": sum(1 for o in offers if o.status == Offer.Status.PENDING),
                "may_withdraw": support_request.status in services.WITHDRAWABLE,
                "withdraw_form": withdraw_form or WithdrawForm(),
                # The form that came back with a problem, for the error summary.
                "error_form": bound or withdraw_form,
                "list_url": reverse(
                    "portal:support-request-list",
                    kwargs={"organisation_slug": support_request.organisation.slug},
                )
                if support_request.organisation_id
                else reverse("portal:home"),
                "sign_url": reverse("charter:sign") if not support_request.organisation_id else "",
            }
        )
        return context


def _answer_form(offer: Offer, answer: str, bound: OfferAnswerForm | None) -> OfferAnswerForm:
    """The form of one answer to one offer: the bound one when it came back with a problem."""
    auto_id = f"id_{answer}{offer.pk}_%s"
    if (
        bound is not None
        and bound.cleaned_data.get("offer") == offer.pk
        and bound.data.get("answer") == answer
    ):
        form = bound
        form.auto_id = auto_id
    else:
        form = OfferAnswerForm(initial={"offer": offer.pk, "answer": answer}, auto_id=auto_id)
    thank_you = form.fields["thank_you"]
    if answer == OfferAnswerForm.ACCEPT:
        thank_you.label = _("A word of thanks to the other signatories")
        thank_you.help_text = _("They read it with the news that you chose another offer.")
    else:
        thank_you.help_text = _("The signatory reads it as your words.")
        thank_you.show_optional = False
    return form
