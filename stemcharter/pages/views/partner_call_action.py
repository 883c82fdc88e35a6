"""``/portal/partneroproepen/<pk>/actie/``: the caller's members link their call to the joint
action it led to (``pages.partner_call_action``); the call's page then links to the action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from stemcharter.support.services import partner_call_link_action
from stemcharter.support.views.calls import PartnerCallAccessMixin

from ..partner_call_action import PartnerCallActionForm


class PartnerCallActionView(PartnerCallAccessMixin, FormView):
    permission_required = "support.manage_partner_call"
    template_name = "support/calls/partner_call_action.html"
    form_class = PartnerCallActionForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["partner_call"] = self.partner_call
        return kwargs

    def get_initial(self):
        return {"action": self.partner_call.action_id}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partner_call"] = self.partner_call
        context["has_actions"] = self.get_form().fields["action"].queryset.exists()
        return context

    def form_valid(self, form):
        action = form.cleaned_data["action"]
        try:
            partner_call_link_action(
                partner_call=self.partner_call, action=action, by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if action is None:
            messages.success(self.request, _("The call is no longer linked to an action."))
        else:
            messages.success(
                self.request,
                _("The call is linked to “%(action)s”.") % {"action": action.title},
            )
        return redirect("portal:partner-call-detail", pk=self.partner_call.pk)
