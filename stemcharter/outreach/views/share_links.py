"""``/d/<code>/``: a share link's visit, counted in aggregate, then on to its page."""

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..models import ShareLink
from ..services import share_visit_counted

SIGNING_PATH = "/ondertekenen/"


@never_cache
@require_safe
def share_link_visit(request: HttpRequest, code: str) -> HttpResponse:
    """Count one visit of the share link ``code`` and redirect (302) to its page.

    Nothing about the visitor is kept or set: no cookie, no address, only the link's counter
    and the day of its last visit (issue 14: reach "in aggregate only"). A link to the signing
    form carries its code on (``?bron=<code>``) so that a signature can say where it came from.
    Unknown code: 404.
    """
    link = ShareLink.objects.filter(code=code).only("pk", "path", "code").first()
    if link is None:
        raise Http404
    if share_visit_counted(request):
        ShareLink.objects.filter(pk=link.pk).update(
            visit_count=F("visit_count") + 1, last_visit_on=timezone.localdate()
        )
    target = link.path
    if target == SIGNING_PATH:
        target = f"{target}?{urlencode({'bron': link.code})}"
    return HttpResponseRedirect(target)
