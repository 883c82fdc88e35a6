"""The page of the one-click "no more invitations" link in every invitation email (issue 14):
no login, the signed link is the key (``organisations.do_not_contact``). GET asks to confirm (a
mail scanner that follows links adds nothing), POST puts the address on the list. A changed or
made-up link gets a page that says so (404).

The POST is also the one-click unsubscribe of the email's ``List-Unsubscribe-Post`` header (RFC
8058): a mail provider POSTs ``List-Unsubscribe=One-Click`` to the link, without cookie, session
or CSRF token, so this view (and only this one) is exempt from the CSRF check. That costs
nothing: the token in the link is the key, a forged request cannot name an address without it,
and putting an address on the list twice changes nothing (``services.do_not_contact_add``).
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from .. import services
from ..do_not_contact import DoNotContactLinkProblem, do_not_contact_email
from ..models import DoNotContact


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class DoNotContactView(TemplateView):
    template_name = "organisations/do_not_contact/confirm.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        try:
            self.email = do_not_contact_email(kwargs["token"])
        except DoNotContactLinkProblem:
            return render(request, "organisations/do_not_contact/problem.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["email"] = self.email
        context["already"] = DoNotContact.objects.filter(email=self.email).exists()
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.do_not_contact_add(email=self.email, source=DoNotContact.Source.HOLDER)
        except ValidationError:  # an address too long once lowercased: never one we sent to
            return render(request, "organisations/do_not_contact/problem.html", status=404)
        return render(request, "organisations/do_not_contact/done.html", {"email": self.email})
