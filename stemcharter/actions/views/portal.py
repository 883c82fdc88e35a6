from django.http import Http404
from django.views import View


class _NotBuiltYet(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class ActionListView(_NotBuiltYet):
    pass


class ActionCreateView(_NotBuiltYet):
    pass


class ActionDetailView(_NotBuiltYet):
    pass
