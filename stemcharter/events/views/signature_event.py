"""The back office's part of a signature's page (``charter.backoffice_panels``): the event it
was signed at, and for a coordinator a form to set or clear it, posted to
``/beheer/ondertekeningen/<pk>/evenement/``."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from stemcharter.charter.models import Signature
from stemcharter.common.mixins import BackofficeAccessMixin

from ..forms_signing import SignatureEventForm
from ..selectors import event_signed_at
from ..services import event_signature_clear, event_signature_record


def signature_event_panel(request: HttpRequest, signature: Signature):
    """The signature page's section: where it was signed, and the form to change that."""
    event = event_signed_at(signature=signature)
    form = None
    if request.user.has_perm("accounts.coordinate"):
        form = SignatureEventForm(initial={"event": event.pk if event else None})
    return render_to_string(
        "events/backoffice/_signature_event.html",
        {"signature": signature, "signed_at": event, "form": form},
        request=request,
    )


class SignatureEventView(BackofficeAccessMixin, View):
    """POST only: set (or, empty, clear) the event a signature was signed at."""

    permission_required = "accounts.coordinate"
    http_method_names = ["post", "options"]

    def post(self, request, pk: int):
        signature = get_object_or_404(Signature.objects.select_related("organisation"), pk=pk)
        detail_url = reverse("backoffice:signature-detail", kwargs={"pk": signature.pk})
        form = SignatureEventForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("Choose one of the events in the list, or no event. Nothing was changed."),
            )
            return HttpResponseRedirect(f"{detail_url}#signed-at-event")
        event = form.cleaned_data["event"]
        if event is None:
            event_signature_clear(signature=signature, by=request.user)
            messages.success(request, _("The signature is no longer linked to an event."))
        else:
            event_signature_record(event=event, signature=signature, by=request.user)
            messages.success(
                request,
                _("The signature was signed at %(event)s.") % {"event": event.title},
            )
        return HttpResponseRedirect(f"{detail_url}#signed-at-event")
