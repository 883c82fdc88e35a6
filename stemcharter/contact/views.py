"""The contact page: a form for anyone, routed to the coordinators; the same form on a
region's page, routed to its contact points; and the list of the messages in the back office
(coordinators all, contact points those of their subregions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, View

from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin
from stemcharter.common.ratelimits import RateLimitExceeded, rate_limit_consume
from stemcharter.regions.models import Subregion

from . import selectors
from .forms import ContactForm
from .models import ContactMessage
from .services import contact_message_handle, contact_message_send, contact_retention_days

SENT_MESSAGE = _("Thank you. Your message has reached the coordinators; they answer by email.")
SENT_TO_CONTACT_POINTS = _(
    "Thank you. Your message has reached the contact point of %(region)s; they answer by email."
)


@method_decorator(never_cache, name="dispatch")
class ContactView(FormView):
    """``/contact/``. ``?topic=<a Topic value>`` chooses the topic (links from pages that say
    "contact the coordinators" about something in particular)."""

    form_class = ContactForm
    template_name = "contact/contact.html"
    # The subregion whose contact points receive the message (RegionContactView); None: the
    # coordinators.
    subregion: Subregion | None = None

    def sent_message(self) -> str:
        return str(SENT_MESSAGE)

    def get_success_url(self) -> str:
        return reverse("contact:contact")

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
        context["subregion"] = self.subregion
        return context

    def form_valid(self, form):
        if form.is_robot:
            # Looks sent, so a robot learns nothing; nothing is kept or emailed.
            messages.success(self.request, self.sent_message())
            return redirect(self.get_success_url())
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
            subregion=self.subregion,
        )
        messages.success(self.request, self.sent_message())
        return redirect(self.get_success_url())


class RegionContactView(ContactView):
    """``/regio/<slug>/contact/``: the contact form, emailed to the subregion's contact points
    (to the coordinators when it has none), who read it in the back office. Their email
    addresses are not shown: a contact point chooses that on their preferences page."""

    def dispatch(self, request, *args, **kwargs):
        self.subregion  # noqa: B018 - an unknown region is not found, before anything else
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def subregion(self) -> Subregion:
        return get_object_or_404(
            Subregion.objects.select_related("province").prefetch_related("contact_points"),
            slug=self.kwargs["slug"],
        )

    def sent_message(self) -> str:
        if self.has_contact_points:
            return SENT_TO_CONTACT_POINTS % {"region": self.subregion.name}
        return str(SENT_MESSAGE)

    @cached_property
    def has_contact_points(self) -> bool:
        return any(person.is_active for person in self.subregion.contact_points.all())

    def get_success_url(self) -> str:
        return reverse("regions:subregion-contact", kwargs={"slug": self.subregion.slug})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_contact_points"] = self.has_contact_points
        return context


class ContactMessageListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    """``/beheer/contact/``: the messages, newest first; ``?status=open`` (the default),
    ``handled`` or ``all``. Coordinators see all of them, contact points those written to
    their subregions (``selectors.contact_message_list``)."""

    permission_required = "contact.read_messages"
    template_name = "contact/backoffice/contact_message_list.html"
    context_object_name = "contact_messages"
    paginate_by = 25

    def get_queryset(self):
        self.status = self.request.GET.get("status", "open")
        if self.status not in selectors.STATUS_FILTERS:
            self.status = "open"
        return selectors.contact_message_list(user=self.request.user, status=self.status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.status
        context["counts"] = selectors.contact_message_counts(user=self.request.user)
        context["retention_days"] = contact_retention_days()
        return context


class ContactMessageDetailView(BackofficeAccessMixin, DetailView):
    """``/beheer/contact/<pk>/``: one message, to read, with "Mark as handled" (coordinators;
    a contact point a message written to their subregion, 403 for another)."""

    permission_required = "contact.handle_message"
    template_name = "contact/backoffice/contact_message_detail.html"
    context_object_name = "contact_message"

    @cached_property
    def contact_message(self) -> ContactMessage:
        try:
            return selectors.contact_message_get(pk=self.kwargs["pk"])
        except ContactMessage.DoesNotExist as exc:
            raise Http404 from exc

    def get_object(self, queryset=None):
        # Read once: for the permission (rules asks get_object) and for the page.
        return self.contact_message


class ContactMessageHandleView(BackofficeAccessMixin, View):
    """POST only: mark a message handled (who and when are recorded, and audited)."""

    permission_required = "contact.handle_message"
    http_method_names = ["post", "options"]

    @cached_property
    def contact_message(self) -> ContactMessage:
        return get_object_or_404(ContactMessage, pk=self.kwargs["pk"])

    def get_permission_object(self) -> ContactMessage:
        return self.contact_message

    def post(self, request, *args, **kwargs):
        contact_message = self.contact_message
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
