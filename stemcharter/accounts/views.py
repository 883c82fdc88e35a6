from django.contrib import messages
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from stemcharter.common.mixins import PortalAccessMixin

from .forms import PreferencesForm
from .services import user_update_preferences


class PreferencesView(PortalAccessMixin, FormView):
    template_name = "accounts/preferences.html"
    form_class = PreferencesForm
    success_url = reverse_lazy("portal:account-preferences")

    def get_initial(self):
        return {"name": self.request.user.name, "language": self.request.user.language}

    def form_valid(self, form):
        user_update_preferences(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Your preferences are saved."))
        return super().form_valid(form)
