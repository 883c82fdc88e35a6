"""The signatory portal: an organisation's profile, members, invitations, join requests (the
portal home, "My organisations", is in pages: it shows each one's signature too).

Every view takes the organisation from the URL through PortalAccessMixin (the user's own
organisations only); no form has an organisation field, so posted ids cannot reach another one.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from stemcharter.common.concurrency import EditConflict, EditConflictMixin
from stemcharter.common.mixins import PortalAccessMixin
from stemcharter.common.ratelimits import (
    RateLimitExceeded,
    RateLimitUsage,
    rate_limit_consume,
)

from .. import services
from ..forms import (
    InvitationForm,
    JoinRequestDecisionForm,
    JoinRequestForm,
    MembershipRoleForm,
    OrganisationProfileForm,
)
from ..models import Invitation, JoinRequest, Membership, Organisation
from ..selectors import (
    invitation_pause_rule,
    invitations_mark_invite_again,
    join_request_retry_date,
    join_request_retry_rule,
)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class OrganisationEditView(PortalAccessMixin, EditConflictMixin, FormView):
    """Members (admins and editors) keep the profile up to date. A save from a page opened
    before someone else changed the profile is refused, nothing lost (``common.concurrency``);
    a chosen logo must then be chosen again, as after any problem."""

    permission_required = "organisations.change_organisation"
    form_class = OrganisationProfileForm
    template_name = "organisations/portal/organisation_edit.html"

    def get_initial(self):
        return OrganisationProfileForm.initial_for(self.organisation)

    def versioned_object(self):
        return self.organisation

    def form_valid(self, form):
        try:
            with self.unchanged_since():
                services.organisation_update(
                    organisation=self.organisation,
                    by=self.request.user,
                    data=form.profile_data(),
                    logo=form.cleaned_data.get("logo"),
                )
        except EditConflict as conflict:
            return self.edit_conflict(form, conflict)
        except services.DuplicateOrganisationError as error:
            form.add_error(error.field, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The profile has been saved."))
        return redirect("portal:organisation-edit", organisation_slug=self.organisation.slug)


class MemberListView(PortalAccessMixin, TemplateView):
    """Every member sees who is in the organisation; admins also manage the members here."""

    template_name = "organisations/portal/member_list.html"
    invitation_form: InvitationForm | None = None

    @property
    def can_manage(self) -> bool:
        return self.request.user.has_perm("organisations.manage_members", self.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.organisation
        memberships = list(
            organisation.memberships.select_related("user").order_by("user__name", "user__email")
        )
        context["memberships"] = memberships
        context["can_manage"] = self.can_manage
        if self.can_manage:
            context["admin_count"] = sum(m.role == Membership.Role.ADMIN for m in memberships)
            context["role_choices"] = Membership.Role.choices
            context["invitation_form"] = self.invitation_form or InvitationForm()
            context["invitations"] = list(
                organisation.invitations.filter(
                    kind=Invitation.Kind.COLLEAGUE, status=Invitation.Status.PENDING
                ).select_related("invited_by")
            )
            # The form invites again only from the day the anti-abuse pause allows: say so.
            invitations_mark_invite_again(
                context["invitations"], organisation=organisation, kind=Invitation.Kind.COLLEAGUE
            )
            context["invite_pause_rule"] = invitation_pause_rule(kind=Invitation.Kind.COLLEAGUE)
            context["join_requests"] = organisation.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("user")
        return context

    def post(self, request, *args, **kwargs):
        """Change a member's role (admins only)."""
        if not self.can_manage:
            raise Http404
        form = MembershipRoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a role from the list."))
            return self._back()
        membership = get_object_or_404(
            self.organisation.memberships.select_related("user"),
            pk=form.cleaned_data["membership"],
        )
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return self._back()
        messages.success(
            request,
            _("The role of %(person)s is now: %(role)s.")
            % {"person": membership.user, "role": Membership.Role(form.cleaned_data["role"]).label},
        )
        return self._back()

    def _back(self) -> HttpResponseRedirect:
        return redirect("portal:member-list", organisation_slug=self.organisation.slug)


class InvitationCreateView(MemberListView):
    permission_required = "organisations.manage_members"
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return self._back()

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        status = 200
        if form.is_valid():
            usages = self._consume_rate_limits(form)
            if usages is None:
                status = 429
            else:
                try:
                    invitation = services.invitation_create(
                        organisation=self.organisation,
                        email=form.cleaned_data["email"],
                        role=form.cleaned_data["role"],
                        by=request.user,
                    )
                except ValidationError as error:
                    for usage in usages:  # refused: it does not count as an invitation
                        usage.rollback()
                    form.add_error("email", error)
                else:
                    messages.success(
                        request,
                        _("We sent an invitation to %(email)s. It is valid for %(days)s days.")
                        % {"email": invitation.email, "days": services.INVITATION_VALID_DAYS},
                    )
                    return self._back()
        self.invitation_form = form
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def _consume_rate_limits(self, form: InvitationForm) -> list[RateLimitUsage] | None:
        """Count the invitation per invited address and per organisation (settings.
        STEMCHARTER_RATE_LIMITS), so invite → revoke → invite cannot flood an inbox. When a
        limit is reached, the form says so and nothing is counted."""
        limits = [
            (
                "invitation_per_email",
                form.cleaned_data["email"],
                _("You invited this address several times today. Try again tomorrow."),
            ),
            (
                "invitation_per_organisation",
                str(self.organisation.pk),
                _("Your organisation sent many invitations today. Try again tomorrow."),
            ),
        ]
        usages: list[RateLimitUsage] = []
        for action, key, message in limits:
            try:
                usages.append(rate_limit_consume(self.request, action=action, key=key))
            except RateLimitExceeded:
                for usage in usages:
                    usage.rollback()
                form.add_error("email", ValidationError(message, code="rate_limited"))
                return None
        return usages


class InvitationRevokeView(PortalAccessMixin, View):
    permission_required = "organisations.manage_members"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        # Colleague invitations only: invitations to sign are revoked on their own list
        # (outreach), by editors too.
        invitation = get_object_or_404(
            self.organisation.invitations.filter(kind=Invitation.Kind.COLLEAGUE), pk=kwargs["pk"]
        )
        try:
            services.invitation_revoke(invitation=invitation, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("The invitation to %(email)s has been revoked.") % {"email": invitation.email},
            )
        return redirect("portal:member-list", organisation_slug=self.organisation.slug)


class MembershipDeleteView(PortalAccessMixin, TemplateView):
    """A confirmation page, then the removal. The last admin cannot be removed."""

    permission_required = "organisations.manage_members"
    template_name = "organisations/portal/membership_delete.html"

    def get_membership(self) -> Membership:
        return get_object_or_404(
            self.organisation.memberships.select_related("user"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["membership"] = self.get_membership()
        return context

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("portal:member-list", organisation_slug=self.organisation.slug)
        if membership.user == request.user:
            messages.success(
                request,
                _("You are no longer a member of %(organisation)s.")
                % {"organisation": self.organisation.name},
            )
            return redirect("portal:home")
        messages.success(
            request,
            _("%(person)s is no longer a member of %(organisation)s.")
            % {"person": membership.user, "organisation": self.organisation.name},
        )
        return redirect("portal:member-list", organisation_slug=self.organisation.slug)


class JoinRequestDecideView(PortalAccessMixin, View):
    permission_required = "organisations.manage_members"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        join_request = get_object_or_404(
            self.organisation.join_requests.select_related("user"), pk=kwargs["pk"]
        )
        form = JoinRequestDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to accept or decline the request."))
        else:
            accept = form.cleaned_data["decision"] == "accept"
            try:
                services.join_request_decide(
                    join_request=join_request, accept=accept, by=request.user
                )
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                text = (
                    _("%(person)s is now a member.")
                    if accept
                    else _("You declined the request of %(person)s.")
                )
                messages.success(request, text % {"person": join_request.user})
        return redirect("portal:member-list", organisation_slug=self.organisation.slug)


class InvitationAcceptView(PortalAccessMixin, TemplateView):
    """The link in the invitation email. Logging in (or signing up) comes first."""

    template_name = "organisations/portal/invitation_accept.html"

    def get_invitation(self) -> Invitation | None:
        # An invitation to sign is not one to join (charter:sign-invitation is its page).
        return (
            Invitation.objects.select_related("organisation", "invited_by")
            .filter(token=self.kwargs["token"], kind=Invitation.Kind.COLLEAGUE)
            .first()
        )

    def get(self, request, *args, **kwargs):
        invitation = self.get_invitation()
        problem = None
        try:
            services.invitation_check(invitation=invitation, user=request.user)
        except ValidationError as error:
            problem = _error_text(error)
        return self.render_to_response(
            self.get_context_data(invitation=invitation, problem=problem),
            status=404 if invitation is None else 200,
        )

    def post(self, request, *args, **kwargs):
        try:
            membership = services.invitation_accept(token=kwargs["token"], user=request.user)
        except ValidationError as error:
            invitation = self.get_invitation()
            return self.render_to_response(
                self.get_context_data(invitation=invitation, problem=_error_text(error)),
                status=404 if invitation is None else 400,
            )
        messages.success(
            request,
            _("Welcome! You are now a member of %(organisation)s.")
            % {"organisation": membership.organisation.name},
        )
        return redirect("portal:home")


class JoinRequestCreateView(PortalAccessMixin, FormView):
    """Ask to join an organisation that is shown in public (an approved signatory).

    Other organisations give 404, as on the public pages: whether an organisation has a
    pending or refused signature is not for outsiders to learn.
    """

    form_class = JoinRequestForm
    template_name = "organisations/portal/join_request_create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.target = get_object_or_404(Organisation.objects.signatories(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        target, user = self.target, self.request.user
        context["target"] = target
        context["is_member"] = target.memberships.filter(user=user).exists()
        context["has_pending_request"] = target.join_requests.filter(
            user=user, status=JoinRequest.Status.PENDING
        ).exists()
        context["retry_date"] = join_request_retry_date(organisation=target, user=user)
        # The page names the day; the rule behind it is said beside it.
        context["retry_rule"] = join_request_retry_rule()
        return context

    def form_valid(self, form):
        try:
            services.join_request_create(
                organisation=self.target,
                user=self.request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(self.request, _error_text(error))
            return redirect("portal:home")
        messages.success(
            self.request,
            _(
                "Your request has been sent to the admins of %(organisation)s. "
                "You will get an email when they answer."
            )
            % {"organisation": self.target.name},
        )
        return redirect(reverse("portal:home"))
