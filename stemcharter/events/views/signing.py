"""``/evenementen/<slug>/ondertekenen/``: "Sign the charter here" on an event's page. Remembers
the event in the session (``signing_at``) and sends the signer to the signing form. A published
event that cannot be signed at now (cancelled, outside its days: ``services.event_signable``)
sends them to the form all the same, without the event, and says so; anything else is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from ..models import Event
from ..selectors import event_get
from ..services import event_signable
from ..signing_at import signing_at_forget, signing_at_remember


@method_decorator(never_cache, name="dispatch")
class SignAtEventView(View):
    http_method_names = ["get", "head", "options"]

    def get(self, request, slug: str):
        try:
            event = event_get(slug=slug)
        except Event.DoesNotExist:
            raise Http404(_("There is no published event at this address.")) from None
        if event_signable(event):
            signing_at_remember(request, event)
        else:
            signing_at_forget(request)
            first_day = timezone.localdate(event.starts_at) if event.starts_at else None
            if not event.is_cancelled and first_day and timezone.localdate() < first_day:
                message = _(
                    "The charter can be signed at this event from its first day, %(day)s. "
                    "You can sign it here all the same."
                ) % {"day": date_format(first_day, "DATE_FORMAT")}
            else:
                message = _(
                    "The charter can no longer be signed at this event. You can sign it here "
                    "all the same."
                )
            messages.info(request, message)
        return redirect("charter:sign")
