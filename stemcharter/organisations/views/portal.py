# PLACEHOLDER: being written in this session; replace every class below.
from django.http import Http404
from django.views import View


class PortalHomeView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class InvitationAcceptView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class JoinRequestCreateView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class OrganisationEditView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class MemberListView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class InvitationCreateView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class MembershipDeleteView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class InvitationRevokeView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class JoinRequestDecideView(View):
    def get(self, request, *args, **kwargs):
        raise Http404
