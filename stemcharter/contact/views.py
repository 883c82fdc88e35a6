"""The contact page: a form for anyone, routed to the coordinators; and the coordinators'
list of the messages in the back office."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, View

from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin
from stemcharter.common.ratelimits import RateLimitExceeded, rate_limit_consume

from . import selectors
from .forms import ContactForm
from .models import ContactMessage
from .services import contact_message_handle, contact_message_send, contact_retention_days

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_days"] = contact_retention_days()
        context["retention_days_unhandled"] = 2 * context["retention_days"]
        return context

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


class ContactMessageListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    """``/beheer/contact/``: the messages, newest first; ``?status=open`` (the default),
    ``handled`` or ``all``. Coordinators only: contact points do not read them."""

    permission_required = "contact.handle_message"
    template_name = "contact/backoffice/contact_message_list.html"
    context_object_name = "contact_messages"
    paginate_by = 25

    def get_queryset(self):
        self.status = self.request.GET.get("status", "open")
        if self.status not in selectors.STATUS_FILTERS:
            self.status = "open"
        return selectors.contact_message_list(status=self.status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.status
        context["counts"] = selectors.contact_message_counts()
        context["retention_days"] = contact_retention_days()
        return context


class ContactMessageDetailView(BackofficeAccessMixin, DetailView):
    """``/beheer/contact/<pk>/``: one message, to read, with "Mark as handled"."""

    permission_required = "contact.handle_message"
    template_name = "contact/backoffice/contact_message_detail.html"
    context_object_name = "contact_message"

    def get_object(self, queryset=None):
        try:
            return selectors.contact_message_get(pk=self.kwargs["pk"])
        except ContactMessage.DoesNotExist as exc:
            raise Http404 from exc


class ContactMessageHandleView(BackofficeAccessMixin, View):
    """POST only: mark a message handled (who and when are recorded, and audited)."""

    permission_required = "contact.handle_message"
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        contact_message = get_object_or_404(ContactMessage, pk=self.kwargs["pk"])
        try:
            contact_message_handle(contact_message=contact_message, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(
                reverse("backoffice:contact-message-detail", kwargs={"pk": contact_message.pk})
            )
        messages.success(
            request,
            _("You marked the message of %(name)s as handled.") % {"name": contact_message.name},
        )
        return HttpResponseRedirect(reverse("backoffice:contact-message-list"))
