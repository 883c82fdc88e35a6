import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from stemcharter.common.mixins import PortalAccessMixin

from .forms import AccountDeleteForm, PreferencesForm
from .selectors import (
    account_deleted_along,
    account_deletion_blocks,
    account_deletion_consequences,
    personal_data_summary,
    user_personal_data,
)
from .services import UserDeleteRefused, user_data_exported, user_delete, user_update_preferences

EXPORT_FILENAME = "stem-charter-gegevens.json"


class PreferencesView(PortalAccessMixin, FormView):
    template_name = "accounts/preferences.html"
    form_class = PreferencesForm
    success_url = reverse_lazy("portal:account-preferences")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        user = self.request.user
        return {
            "name": user.name,
            "language": user.language,
            "contact_point_email_public": user.contact_point_email_public,
        }

    def form_valid(self, form):
        user_update_preferences(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Your preferences are saved."))
        return super().form_valid(form)


class DataExportView(PortalAccessMixin, TemplateView):
    """GET shows what we keep; POST downloads it as JSON (POST, so no link prefetch counts)."""

    template_name = "accounts/data_export.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["data"] = data = user_personal_data(user=self.request.user)
        context["summary"] = personal_data_summary(data=data)
        return context

    def post(self, request, *args, **kwargs):
        data = user_data_exported(user=request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
        return response


class AccountDeleteView(PortalAccessMixin, FormView):
    template_name = "accounts/account_delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["consequences"] = account_deletion_consequences()
        context["blocks"] = account_deletion_blocks(user=user)
        context["deleted_along"] = account_deleted_along(user=user)
        return context

    def form_valid(self, form):
        try:
            user_delete(user=self.request.user)
        except UserDeleteRefused as refused:
            for block in refused.blocks:
                form.add_error(None, block.refusal)
            return self.form_invalid(form)
        logout(self.request)
        messages.success(self.request, _("Your account has been deleted."))
        return redirect("public:home")
