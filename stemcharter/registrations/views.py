"""Registering (``/inschrijven/<type>/<pk>/``), the personal page of a registration
(``/inschrijving/<token>/``) and the organiser's list (``/portal/inschrijvingen/<type>/<pk>/``).

Thin: every change goes through ``services``; a refusal is shown as a message on the page.
None of these pages is cached: the form carries a CSRF token and the others are personal. The
public page of the item itself (cached for anonymous visitors, and a minute in their browsers)
shows the places left and links here, so it stays cacheable: it goes stale when the item
becomes full or frees its last seat (``services._locked``), and the number of places left may
be a minute old; this form shows the live one.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, View

from stemcharter.common.csv_export import csv_refused, csv_response
from stemcharter.common.ratelimits import RateLimitExceeded, rate_limit_consume
from stemcharter.common.text import clean_text

from . import selectors, services
from .forms import DecisionForm, OrganiserAddForm, OrganiserCancelForm, RegistrationForm
from .links import (
    LinkProblem,
    personal_link_token,
    registration_from_check_in_token,
    registration_from_token,
)
from .models import Registration
from .qr import check_in_url, qr_svg
from .registry import registrable_type_for, registrable_type_for_key


def _item_or_404(type_key: str, pk: int):
    registrable_type = registrable_type_for_key(type_key)
    if registrable_type is None:
        raise Http404(_("There is nothing to register for at this address."))
    item = registrable_type.model._base_manager.filter(pk=pk).first()
    if item is None:
        raise Http404(_("There is nothing to register for at this address."))
    return registrable_type, item


@method_decorator(never_cache, name="dispatch")
class RegisterView(FormView):
    """The registration form of one item: visitors give a name and an address and confirm by
    email; members of a signatory register in one click."""

    form_class = RegistrationForm
    template_name = "registrations/register.html"

    def dispatch(self, request, *args, **kwargs):
        self.registrable_type, self.item = _item_or_404(kwargs["type_key"], kwargs["pk"])
        if not (
            self.registrable_type.is_visible(self.item)
            and self.registrable_type.takes_registrations(self.item)
        ):
            raise Http404(_("There is nothing to register for at this address."))
        self.member = services.is_signatory_member(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "member": self.member}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "item": self.item,
                "title": self.registrable_type.title(self.item),
                "item_url": self.registrable_type.url(self.item),
                "places": selectors.item_places(item=self.item),
                "member": self.member,
                "members_only_refused": self.registrable_type.members_only(self.item)
                and not self.member,
            }
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        if form.is_robot:  # looks sent, so a robot learns nothing; nothing is kept
            return self._sent(data.get("email", ""))
        usage = None
        if not self.member:
            try:
                usage = rate_limit_consume(
                    self.request, action="registration", key=data["email"].lower()
                )
            except RateLimitExceeded:
                form.add_error(
                    None,
                    _(
                        "Too many registrations from here or for this address. "
                        "Try again in an hour."
                    ),
                )
                return self.form_invalid(form)
        try:
            registration = services.registration_create(
                item=self.item,
                kind=data["kind"],
                name=data.get("name", ""),
                email=data.get("email", ""),
                group_name=data.get("group_name") or "",
                pupils=data.get("pupils") or 0,
                adults=data.get("adults") or 0,
                user=self.request.user,
                language=translation.get_language(),
            )
        except services.RegistrationRefused as refused:
            if usage is not None:
                usage.rollback()
            field = refused.field if refused.field in form.fields else None
            form.add_error(field, ValidationError(refused.message))
            return self.form_invalid(form)
        if self.member:
            messages.success(self.request, _placed_message(registration))
            return redirect(
                "registrations:registration",
                token=personal_link_token(registration),
            )
        return self._sent(registration.email)

    def _sent(self, email: str):
        return render(
            self.request,
            "registrations/register_sent.html",
            {
                "email": email,
                "title": self.registrable_type.title(self.item),
                "item_url": self.registrable_type.url(self.item),
                "hours": settings.REGISTRATION_CONFIRM_HOURS,
            },
        )


def _placed_message(registration: Registration) -> str:
    if registration.state == Registration.State.REGISTERED:
        return _("You are registered. We sent you a confirmation by email.")
    if registration.state == Registration.State.WAITLISTED:
        return _(
            "It is full, so you are on the waitlist. We send you an email as soon as a place "
            "is free for you."
        )
    if registration.state == Registration.State.APPLIED:
        return _("Your application was sent. The organiser lets you know by email.")
    return _("Nothing was changed.")


@method_decorator(never_cache, name="dispatch")
class RegistrationView(TemplateView):
    """The personal page of a registration, from the link in the emails: confirm it (a
    visitor), see it, cancel it. A changed, made-up or erased link gets a page that says so."""

    template_name = "registrations/registration.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.registration = registration_from_token(kwargs["token"])
        except LinkProblem as problem:
            return render(
                request,
                "registrations/link_problem.html",
                {"reason": problem.reason},
                status=404,
            )
        self.item = services.registration_item(self.registration)
        self.registrable_type = registrable_type_for(self.item)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        context.update(
            {
                "registration": registration,
                "title": self.registrable_type.title(self.item),
                "item_url": self.registrable_type.url(self.item),
                "position": selectors.waitlist_position(registration),
                "expired": services.confirmation_expired(registration),
                "token": self.kwargs["token"],
                "qr_code": qr_svg(check_in_url(registration)) if registration.holds_seats else "",
                # Cancelled because the organiser called the whole thing off: say so, and why.
                "item_cancelled": registration.state == Registration.State.CANCELLED
                and self.registrable_type.is_cancelled(self.item),
                "cancellation_reason": self.registrable_type.cancellation_reason(self.item),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "confirm":
                if not self.registration.is_active:
                    messages.info(request, _("This registration was already cancelled."))
                elif self.registration.state != Registration.State.UNCONFIRMED:
                    messages.info(request, _("This registration was already confirmed."))
                else:
                    registration = services.registration_confirm(registration=self.registration)
                    messages.success(request, _placed_message(registration))
            elif action == "cancel":
                if not self.registration.is_active:
                    messages.info(request, _("This registration was already cancelled."))
                else:
                    services.registration_cancel(registration=self.registration)
                    messages.success(request, _("Your registration is cancelled."))
            else:
                messages.error(request, _("Choose to confirm or to cancel."))
        except services.RegistrationRefused as refused:
            messages.error(request, refused.message)
        return HttpResponseRedirect(request.path)


# The organiser's list shows this many registrations a page.
LIST_PAGE_SIZE = 50
# The longest search of the list (a longer one is cut on the page, refused by the download).
LIST_SEARCH_MAX_LENGTH = 100


def list_params(query: QueryDict) -> dict[str, str]:
    """The organiser's list's own parameters from ``query``, cleaned: a known state, a search
    of at most 100 characters a text may hold (PostgreSQL refuses a NUL byte in a query: a
    500), a page number of digits. Anything else is left out."""
    state = query.get("state", "")
    if state not in Registration.State.values:
        state = ""
    search = clean_text(query.get("q", ""), multiline=False).strip()[:LIST_SEARCH_MAX_LENGTH]
    page = query.get("page", "")
    if not (page.isascii() and page.isdigit() and len(page) <= 6):
        page = ""
    return {"state": state, "q": search, "page": page}


def list_param_errors(query: QueryDict) -> list[str]:
    """What ``list_params`` would leave out or cut of ``query`` (a state we do not know, a
    search longer than 100 characters), as messages: the CSV download refuses them
    (``csv_refused``), so a file never holds other rows than the organiser asked for."""
    errors = []
    state = query.get("state", "")
    if state and state not in Registration.State.values:
        errors.append(
            _("Status: there is no status “%(value)s”; choose one of the list.")
            % {"value": state[:30]}
        )
    search = clean_text(query.get("q", ""), multiline=False).strip()
    if len(search) > LIST_SEARCH_MAX_LENGTH:
        errors.append(
            _("Search: at most %(max)s characters (it has %(length)s).")
            % {"max": LIST_SEARCH_MAX_LENGTH, "length": len(search)}
        )
    return errors


def list_query(params: dict[str, str]) -> str:
    """``params`` (from ``list_params``) as a query string ("" when none is set): the list
    keeps its filters, search and page through a POST and its redirect."""
    query = QueryDict(mutable=True)
    for name in ("state", "q", "page"):
        if params.get(name):
            query[name] = params[name]
    return query.urlencode()


class ManageMixin:
    """For the people who manage an item's registrations (``rules.py``): anonymous visitors
    log in; anyone else gets 404, so nobody learns which items take registrations."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.registrable_type, self.item = _item_or_404(kwargs["type_key"], kwargs["pk"])
        if getattr(self.item, "revision_of_id", None) or not request.user.has_perm(
            "registrations.manage_registrations", self.item
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def list_url(self) -> str:
        return reverse(
            "portal:registration-list",
            kwargs={"type_key": self.registrable_type.key, "pk": self.item.pk},
        )

    def list_url_kept(self) -> str:
        """The list with the filters, search and page it had (the request's own query
        string, cleaned: ``list_params``)."""
        query = list_query(list_params(self.request.GET))
        return f"{self.list_url()}?{query}" if query else self.list_url()


class CheckInView(TemplateView):
    """Where the QR code on a confirmation leads: the organiser sees who it is and checks
    them in. Only the people who manage the item's registrations (404 for anyone else)."""

    template_name = "registrations/portal/check_in.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            self.registration = registration_from_check_in_token(kwargs["token"])
        except LinkProblem:
            raise Http404 from None
        self.item = services.registration_item(self.registration)
        if not request.user.has_perm("registrations.manage_registrations", self.item):
            raise Http404
        self.registrable_type = registrable_type_for(self.item)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "registration": self.registration,
                "title": self.registrable_type.title(self.item),
                "list_url": reverse(
                    "portal:registration-list",
                    kwargs={"type_key": self.registrable_type.key, "pk": self.item.pk},
                ),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.registration_check_in(registration=self.registration, by=request.user)
            messages.success(request, _("%(name)s is checked in.") % {"name": self.registration})
        except services.RegistrationRefused as refused:
            messages.error(request, refused.message)
        return HttpResponseRedirect(request.path)


class RegistrationListView(ManageMixin, TemplateView):
    """The registrations and the waitlist of one item, filtered by state or searched by name
    (to check people in on the day), a page at a time. The organiser cancels one (the
    waitlist moves up) or adds one by hand (a POST here: someone who phoned)."""

    template_name = "registrations/portal/registration_list.html"

    def post(self, request, *args, **kwargs):
        form = OrganiserAddForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_add_by_organiser(
                    item=self.item,
                    by=request.user,
                    kind=data["kind"],
                    name=data["name"],
                    email=data.get("email") or "",
                    group_name=data.get("group_name") or "",
                    pupils=data.get("pupils") or 0,
                    adults=data.get("adults") or 0,
                    language=translation.get_language(),
                )
            except services.RegistrationRefused as refused:
                field = refused.field if refused.field in form.fields else None
                form.add_error(field, ValidationError(refused.message))
            else:
                messages.success(request, _added_message(registration))
                return redirect(self.list_url_kept())
        return self.render_to_response(self.get_context_data(add_form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = list_params(self.request.GET)
        state, search = params["state"], params["q"]
        registrations = selectors.registration_list(item=self.item, state=state, search=search)
        if not search:
            registrations = selectors.with_waitlist_position(registrations)
        page = Paginator(registrations, LIST_PAGE_SIZE).get_page(params["page"])
        # The page shown (get_page falls back to the last one): the forms come back to it.
        params["page"] = str(page.number) if page.number > 1 else ""
        context.update(
            {
                "item": self.item,
                "type_key": self.registrable_type.key,
                "title": self.registrable_type.title(self.item),
                "item_url": self.registrable_type.url(self.item),
                "places": selectors.item_places(item=self.item),
                "registrations": page.object_list,
                "page_obj": page,
                "state": state,
                "search": search,
                "list_query": list_query(params),
                # The download is the list as filtered and searched (every page of it).
                "export_query": list_query({"state": state, "q": search}),
                "state_choices": Registration.State.choices,
                "decision_form": DecisionForm(),
                "add_form": kwargs.get("add_form") or OrganiserAddForm(),
                "check_in_closed": services.check_in_closed_reason(item=self.item),
                "list_url": self.list_url(),
            }
        )
        return context


def _added_message(registration: Registration) -> str:
    told = (
        _("We sent them the confirmation by email.")
        if registration.email
        else _("They gave no email address: tell them yourself.")
    )
    if registration.state == Registration.State.WAITLISTED:
        said = _(
            "It is full, so %(name)s is on the waitlist; they move up when places free up."
        ) % {"name": registration}
    else:
        said = _("%(name)s is registered.") % {"name": registration}
    return f"{said} {told}"


class RegistrationExportView(ManageMixin, View):
    """The list as CSV (every cell neutralised against formulas: ``common.csv_export``), with
    the list's own filter and search (``list_params``): what the organiser sees, every page.
    A value the list would leave out or cut is refused (400, ``list_param_errors``)."""

    def get(self, request, *args, **kwargs):
        errors = list_param_errors(request.GET)
        if errors:
            return csv_refused(errors)
        params = list_params(request.GET)
        registrations = selectors.registration_list(
            item=self.item, state=params["state"], search=params["q"]
        )
        header = [
            _("Status"),
            _("Name"),
            _("Email address"),
            _("Group"),
            _("Pupils"),
            _("Adults"),
            _("Places"),
            _("Registered at"),
            _("On the waitlist since"),
            _("Checked in at"),
            _("Attended"),
        ]

        def when(value):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

        rows = (
            [
                r.get_state_display(),
                r.name,
                r.email,
                r.group_name,
                r.pupils if r.kind == Registration.Kind.GROUP else "",
                r.adults if r.kind == Registration.Kind.GROUP else "",
                r.seats,
                when(r.created_at),
                when(r.waitlisted_at),
                when(r.checked_in_at),
                "" if r.attended is None else (_("Yes") if r.attended else _("No")),
            ]
            for r in registrations
        )
        filename = f"inschrijvingen-{self.registrable_type.key}-{self.item.pk}.csv"
        return csv_response(filename=filename, header=header, rows=rows)


class RegistrationManageView(ManageMixin, View):
    """One decision on one registration: accept, decline, cancel (with a message), check in,
    attended or not. The list comes back with its filters, search and page (the query string
    of the form's address, cleaned)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        registration = (
            Registration.objects.for_item(self.item).filter(pk=kwargs["registration_pk"]).first()
        )
        if registration is None:
            raise Http404
        action = request.POST.get("action")
        if action == "cancel":
            return self._cancel(request, registration)
        form = DecisionForm(request.POST)
        message = form.cleaned_data.get("message", "") if form.is_valid() else ""
        if action in ("accept", "decline") and not form.is_valid():
            for error in form.errors.get("message", []):
                messages.error(request, error)
            return redirect(self.list_url_kept())
        by = request.user
        try:
            if action == "accept":
                services.registration_decide(
                    registration=registration, accept=True, message=message, by=by
                )
                messages.success(request, _("Accepted. We told them by email."))
            elif action == "decline":
                services.registration_decide(
                    registration=registration, accept=False, message=message, by=by
                )
                messages.success(request, _("Declined. We told them by email."))
            elif action == "check_in":
                services.registration_check_in(registration=registration, by=by)
                messages.success(request, _("%(name)s is checked in.") % {"name": registration})
            elif action in ("attended", "absent"):
                services.registration_attendance_set(
                    registration=registration, attended=action == "attended", by=by
                )
                messages.success(request, _("Attendance recorded."))
            else:
                messages.error(request, _("Choose what to do with this registration."))
        except services.RegistrationRefused as refused:
            messages.error(request, refused.message)
        return redirect(self.list_url_kept())

    def _cancel(self, request, registration: Registration):
        form = OrganiserCancelForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("message", []):
                messages.error(request, error)
            return redirect(self.list_url_kept())
        held = registration.holds_seats
        try:
            services.registration_cancel_by_organiser(
                registration=registration,
                by=request.user,
                message=form.cleaned_data.get("message", ""),
            )
        except services.RegistrationRefused as refused:
            messages.error(request, refused.message)
        else:
            told = (
                _("We told them by email.")
                if registration.email and registration.state != Registration.State.UNCONFIRMED
                else _("They gave no confirmed email address: tell them yourself.")
            )
            said = _("The registration of %(name)s is cancelled.") % {"name": registration}
            if held:
                said += " " + _("Its places went to the waitlist, in order.")
            messages.success(request, f"{said} {told}")
        return redirect(self.list_url_kept())
