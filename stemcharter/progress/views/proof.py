"""The portal's "Promised and delivered" of one signatory (issue 15, pledge next to proof):
``/portal/organisaties/<slug>/toezeggingen/``, every commitment per year, gaps included, with
the way to add an action.

Members of the organisation (``PortalAccessMixin``: another organisation's page is a 404); an
organisation that is not a signatory has no commitments yet (a 404, as the share kit).
"""

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from stemcharter.common.mixins import PortalAccessMixin

from ..proof import Proof, proof_for_viewer, signatory_proof_get


class ProofView(PortalAccessMixin, TemplateView):
    """The organisation's commitments next to what it delivered each year since signing."""

    template_name = "progress/portal/proof.html"

    @cached_property
    def proof(self) -> Proof:
        proof = signatory_proof_get(organisation=self.organisation)
        if proof is None:
            raise Http404  # not a signatory: nothing promised yet
        return proof_for_viewer(proof=proof, user=self.request.user, organisation=self.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proof"] = self.proof
        context["add_action_url"] = reverse(
            "portal:action-create", kwargs={"organisation_slug": self.organisation.slug}
        )
        return context
