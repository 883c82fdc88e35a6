"""The signatory portal's part of the charter: withdrawing a signature."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.mixins import PortalAccessMixin

from ..models import Signature
from ..services import signature_withdraw


class SignatureWithdrawForm(CleanTextForm):
    reason = forms.CharField(
        label=gettext_lazy("Why do you withdraw?"),
        max_length=2000,
        required=False,
        help_text=gettext_lazy("Only the coordinators read this. It helps us improve the charter."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SignatureWithdrawView(PortalAccessMixin, FormView):
    """Admins withdraw their organisation's signature after a confirmation page."""

    permission_required = "charter.withdraw_signature"
    form_class = SignatureWithdrawForm
    template_name = "charter/portal/signature_withdraw.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signatures"] = list(
            Signature.objects.filter(
                organisation=self.organisation,
                status__in=[Signature.Status.APPROVED, *Signature.OPEN_STATUSES],
            ).select_related("charter_version")
        )
        return context

    def form_valid(self, form):
        try:
            signature_withdraw(
                organisation=self.organisation,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("portal:home")
        messages.success(
            self.request,
            _(
                "The signature of %(organisation)s has been withdrawn. The organisation is no "
                "longer on the public list of signatories."
            )
            % {"organisation": self.organisation.name},
        )
        return redirect("portal:home")
