# PLACEHOLDER: being written in this session; replace every class below.
from django.http import Http404
from django.views import View


class HomeView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class SignatureListView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class SignatureDetailView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class SignatureApproveView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class SignatureRejectView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class CharterVersionListView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class CharterVersionCreateView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class CharterVersionDetailView(View):
    def get(self, request, *args, **kwargs):
        raise Http404
