from django.http import Http404
from django.views import View


class _NotBuiltYet(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class ReviewQueueView(_NotBuiltYet):
    pass


class ReviewDetailView(_NotBuiltYet):
    pass


class CriteriaSetListView(_NotBuiltYet):
    pass
