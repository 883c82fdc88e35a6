"""The contact page: a form for anyone, routed to the coordinators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from stemcharter.common.ratelimits import RateLimitExceeded, rate_limit_consume

from .forms import ContactForm
from .models import ContactMessage
from .services import contact_message_send

SENT_MESSAGE = _("Thank you. Your message has reached the coordinators; they answer by email.")


@method_decorator(never_cache, name="dispatch")
class ContactView(FormView):
    """``/contact/``. ``?topic=<a Topic value>`` chooses the topic (links from pages that say
    "contact the coordinators" about something in particular)."""

    form_class = ContactForm
    template_name = "contact/contact.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("topic") in ContactMessage.Topic.values:
            initial["topic"] = self.request.GET["topic"]
        user = self.request.user
        if user.is_authenticated:
            initial.update(name=user.name, email=user.email)
        return initial

    def form_valid(self, form):
        if form.is_robot:
            # Looks sent, so a robot learns nothing; nothing is kept or emailed.
            messages.success(self.request, SENT_MESSAGE)
            return redirect("contact:contact")
        try:
            rate_limit_consume(self.request, action="contact_message")
        except RateLimitExceeded:
            form.add_error(
                None,
                ValidationError(
                    _(
                        "You sent several messages in a short while. Try again later: your "
                        "message is still here."
                    )
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        contact_message_send(
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            topic=form.cleaned_data["topic"],
            message=form.cleaned_data["message"],
            language=translation.get_language() or "",
        )
        messages.success(self.request, SENT_MESSAGE)
        return redirect("contact:contact")
