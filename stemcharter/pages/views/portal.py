"""The portal home, "My organisations": each of the user's organisations with its signature
(organisations and charter), the invitations and join requests waiting, and the ways to the
organisation's profile, members, actions and stories."""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.views.generic import TemplateView

from stemcharter.charter.models import Signature
from stemcharter.charter.selectors import portal_memberships
from stemcharter.charter.services import signature_blocking_reason
from stemcharter.common.mixins import PortalAccessMixin
from stemcharter.organisations.models import Membership, Organisation
from stemcharter.organisations.selectors import invitations_open_for, join_requests_pending_of
from stemcharter.progress.reporting import open_report_year  # report
from stemcharter.progress.selectors import report_stages  # report
from stemcharter.support.selectors import awaiting_confirmation, own_request_list


@dataclass
class OrganisationOverview:
    """What the portal home shows for one of the user's organisations."""

    membership: Membership
    signatures: list[Signature] = field(default_factory=list)
    is_public: bool = False
    can_sign: bool = False
    can_withdraw: bool = False
    # Where its report on the open year stands (progress.selectors.ReportStage), for a
    # signatory while reports can be written; None otherwise.
    progress_report: Any = None

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation

    @property
    def is_admin(self) -> bool:
        return self.membership.role == Membership.Role.ADMIN


def _overview(membership: Membership) -> OrganisationOverview:
    signatures = membership.organisation.portal_signatures  # newest first
    approved = next((s for s in signatures if s.status == Signature.Status.APPROVED), None)
    pending = next((s for s in signatures if s.status in Signature.OPEN_STATUSES), None)
    shown = [s for s in (pending, approved) if s] or signatures[:1]
    overview = OrganisationOverview(membership=membership, signatures=shown)
    overview.is_public = approved is not None
    overview.can_sign = (
        overview.is_admin
        and signature_blocking_reason(organisation=membership.organisation) is None
    )
    overview.can_withdraw = overview.is_admin and bool(approved or pending)
    return overview


class PortalHomeView(PortalAccessMixin, TemplateView):
    template_name = "organisations/portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        overviews = [_overview(m) for m in portal_memberships(user=user)]
        context["overviews"] = overviews
        context["invitations"] = invitations_open_for(user=user)
        context["join_requests"] = join_requests_pending_of(user=user)
        # Support requests whose help started: did it take place? (support, "deliver")
        context["awaiting_confirmation"] = awaiting_confirmation(
            user=user, today=timezone.localdate()
        )
        # The support requests the user asked for a school that has not signed (support, ask).
        context["own_support_requests"] = own_request_list(user=user)[:20]
        # --- report --- Where each signatory's report on the open year stands (nothing
        # outside the reporting period).
        year = open_report_year(timezone.localdate())
        if year is not None:
            signatories = [o.organisation for o in overviews if o.is_public]
            stages = report_stages(organisations=signatories, year=year)
            for overview in overviews:
                overview.progress_report = stages.get(overview.organisation.pk)
        # --- end of report ---
        return context
