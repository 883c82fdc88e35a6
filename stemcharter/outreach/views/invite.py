"""Invitations to sign (issue 14, lane invite).

Portal (``PortalAccessMixin``: the user's own organisations only, another's is a 404):

- ``/portal/organisaties/<org>/uitnodigingen/``: the invitations to sign the organisation sent,
  with their tracking status, who sent them and when; a revoke button per pending one;
- ``…/uitnodigingen/nieuw/``: the form; ``…/uitnodigingen/ondertekenen/<pk>/intrekken/``: revoke.

Members (editors and admins) of an approved signatory only: a member of an organisation that
has not (yet) been approved gets a page that says why (403). Revoking stays possible for any
member (a signature withdrawn since).

Back office (coordinators): ``/beheer/niet-contacteren/``, the do-not-contact list, with a
form to add an address and a button to remove one.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from stemcharter.charter.selectors import is_signatory
from stemcharter.common.mixins import (
    BackofficeAccessMixin,
    LenientPaginationMixin,
    PortalAccessMixin,
)
from stemcharter.organisations import services as organisations_services
from stemcharter.organisations.models import DoNotContact, Invitation
from stemcharter.organisations.selectors import (
    invitation_invite_again,
    invitation_pause_rule,
    invitations_mark_invite_again,
)

from .. import services
from ..forms_invite import DoNotContactForm, SigningInvitationForm

INVITATIONS_PER_PAGE = 25
DO_NOT_CONTACT_PER_PAGE = 50
# Refusals about the address: shown beside the email field.
EMAIL_CODES = {
    "invalid",
    "too_long",
    "do_not_contact",
    "daily_cap",
    "repeat",
    "already_signatory",
    "already_invited",
}


class _InviteAccessMixin(PortalAccessMixin):
    @cached_property
    def is_signatory(self) -> bool:
        return is_signatory(self.organisation)

    def not_signatory_response(self):
        response = self.response_class(
            request=self.request,
            template=["outreach/invite/not_signatory.html"],
            context={"organisation": self.organisation},
            using=self.template_engine,
        )
        response.status_code = 403
        return response


class SigningInvitationListView(_InviteAccessMixin, LenientPaginationMixin, ListView):
    template_name = "outreach/invite/invitation_list.html"
    context_object_name = "invitations"
    paginate_by = INVITATIONS_PER_PAGE

    def get(self, request, *args, **kwargs):
        if not self.is_signatory:
            return self.not_signatory_response()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            self.organisation.invitations.filter(kind=Invitation.Kind.SIGNING)
            .select_related("invited_by")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # "Invite again" only where it can succeed; otherwise the day from which it can.
        invitations_mark_invite_again(
            context["invitations"], organisation=self.organisation, kind=Invitation.Kind.SIGNING
        )
        context["invite_pause_rule"] = invitation_pause_rule(kind=Invitation.Kind.SIGNING)
        return context


class SigningInvitationCreateView(_InviteAccessMixin, FormView):
    template_name = "outreach/invite/invitation_form.html"
    form_class = SigningInvitationForm

    def get(self, request, *args, **kwargs):
        if not self.is_signatory:
            return self.not_signatory_response()
        return super().get(request, *args, **kwargs)

    # What an invitation to sign said, filled in again by "Invite again" (``?again=<pk>``).
    AGAIN_FIELDS = (
        "email",
        "invitee_name",
        "invitee_organisation_name",
        "invitee_town",
        "invitee_category",
        "invitee_website",
        "message",
    )

    def get_initial(self):
        """``?again=<pk>`` ("Invite again" in the list): the form filled in with what one of
        this organisation's own invitations to sign said, when its address can be invited again
        now (``invitation_invite_again``). Otherwise an empty form and ``again_notice`` says
        why, and from which day it can; another organisation's invitation, a colleague
        invitation or anything else get the same answer as an unknown number."""
        initial = super().get_initial()
        self.again_notice = ""
        raw = self.request.GET.get("again")
        if self.request.method != "GET" or raw is None:
            return initial
        previous = None
        if raw.isdigit() and len(raw) < 19:
            previous = (
                self.organisation.invitations.filter(kind=Invitation.Kind.SIGNING, pk=int(raw))
                .select_related("organisation")
                .first()
            )
        if previous is None:
            self.again_notice = _(
                "We cannot find that invitation among the invitations to sign of "
                "%(organisation)s. Fill in the form to send a new one."
            ) % {"organisation": self.organisation.name}
            return initial
        again = invitation_invite_again(previous)
        if again.possible:
            initial.update({name: getattr(previous, name) for name in self.AGAIN_FIELDS})
            return initial
        texts = {
            "accepted": _(
                "The invitation to %(email)s has been used: they signed the charter. There is "
                "nothing to send again."
            ),
            "do_not_contact": _(
                "%(email)s asked not to receive invitations: you cannot invite this address again."
            ),
            "invited_again": _(
                "You invited %(email)s again on %(date)s: that newer invitation is in the list."
            ),
            "open": _(
                "The invitation to %(email)s can still be used until %(until)s, so it cannot be "
                "sent again. If it is not used, you can invite this address again from %(date)s."
            ),
            "paused": _(
                "The invitation to %(email)s cannot be sent again yet: you can invite this "
                "address again from %(date)s."
            ),
        }
        self.again_notice = texts[again.reason] % {
            "email": previous.email,
            "until": date_format(timezone.localdate(previous.expires_at)),
            "date": date_format(again.from_date) if again.from_date else "",
        }
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["again_notice"] = getattr(self, "again_notice", "")
        context["invite_pause_rule"] = invitation_pause_rule(kind=Invitation.Kind.SIGNING)
        return context

    def post(self, request, *args, **kwargs):
        if not self.is_signatory:
            return self.not_signatory_response()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation = services.signing_invitation_create(
                organisation=self.organisation,
                by=self.request.user,
                email=data["email"],
                invitee_name=data["invitee_name"],
                invitee_organisation_name=data["invitee_organisation_name"],
                invitee_town=data["invitee_town"],
                invitee_category=data["invitee_category"],
                invitee_website=data["invitee_website"],
                message=data["message"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            elif error.code in EMAIL_CODES:
                form.add_error("email", error)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("We sent your invitation to %(email)s. The link in it is valid for %(days)s days.")
            % {"email": invitation.email, "days": organisations_services.INVITATION_VALID_DAYS},
        )
        return redirect("portal:outreach-invitation-list", organisation_slug=self.organisation.slug)


class SigningInvitationRevokeView(_InviteAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(
            self.organisation.invitations.filter(kind=Invitation.Kind.SIGNING), pk=kwargs["pk"]
        )
        try:
            services.signing_invitation_revoke(invitation=invitation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The invitation to %(email)s has been revoked.") % {"email": invitation.email},
            )
        return redirect("portal:outreach-invitation-list", organisation_slug=self.organisation.slug)


class DoNotContactListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    """The do-not-contact list; a coordinator adds an address with the form (POST)."""

    permission_required = "accounts.coordinate"
    template_name = "outreach/invite/do_not_contact_list.html"
    context_object_name = "entries"
    paginate_by = DO_NOT_CONTACT_PER_PAGE
    form: DoNotContactForm | None = None

    def get_queryset(self):
        return DoNotContact.objects.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form or DoNotContactForm()
        return context

    def post(self, request, *args, **kwargs):
        form = DoNotContactForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if DoNotContact.objects.filter(email=email).exists():
                messages.info(request, _("%(email)s is already on the list.") % {"email": email})
                return redirect("backoffice:do-not-contact-list")
            try:
                organisations_services.do_not_contact_add(
                    email=email, source=DoNotContact.Source.COORDINATOR, by=request.user
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _("%(email)s gets no more invitations.") % {"email": email},
                )
                return redirect("backoffice:do-not-contact-list")
        self.form = form
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(), status=200)


class DoNotContactDeleteView(BackofficeAccessMixin, View):
    permission_required = "accounts.coordinate"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        entry = get_object_or_404(DoNotContact, pk=kwargs["pk"])
        organisations_services.do_not_contact_remove(entry=entry, by=request.user)
        messages.success(
            request,
            _("%(email)s is off the list: it may be invited again.") % {"email": entry.email},
        )
        return redirect("backoffice:do-not-contact-list")
