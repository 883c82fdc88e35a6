from django.http import Http404
from django.views import View


class _NotBuiltYet(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class StoryListView(_NotBuiltYet):
    pass


class StoryDetailView(_NotBuiltYet):
    pass
