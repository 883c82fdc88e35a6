from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from django.views.generic import TemplateView
from django.views.static import serve

from stemcharter.accounts import urls as accounts_urls
from stemcharter.actions import urls as actions_urls
from stemcharter.actions.sitemaps import ActionSitemap
from stemcharter.audit import urls as audit_urls
from stemcharter.charter import urls as charter_urls
from stemcharter.common.health import health
from stemcharter.common.page_cache import page_cache_exempt
from stemcharter.common.sitemaps import StaticPagesSitemap, sitemap_index
from stemcharter.contact import urls as contact_urls
from stemcharter.events import urls as events_urls
from stemcharter.events.sitemaps import EventSitemap
from stemcharter.insight import urls as insight_urls
from stemcharter.insight.sitemaps import NumbersSitemap
from stemcharter.opendata import urls as opendata_urls
from stemcharter.organisations import urls as organisations_urls
from stemcharter.organisations.sitemaps import SignatorySitemap
from stemcharter.outreach import urls as outreach_urls
from stemcharter.pages import urls as pages_urls
from stemcharter.progress import urls as progress_urls
from stemcharter.regions import urls as regions_urls
from stemcharter.regions.sitemaps import SubregionSitemap
from stemcharter.registrations import urls as registrations_urls
from stemcharter.reviews import urls as reviews_urls
from stemcharter.stories import urls as stories_urls
from stemcharter.stories.sitemaps import StorySitemap
from stemcharter.support import urls as support_urls

# The portal and the back office each gather the views of several apps under one namespace, and
# so do the signatories' public pages (``organisations:``, the name they have always had): the
# directory is the charter's, each signatory's page (its actions and stories too) is in pages.
signatory_patterns = [
    *charter_urls.signatory_urlpatterns,
    *pages_urls.signatory_urlpatterns,
    # invite (issue 14): the do-not-contact link of invitation emails
    *organisations_urls.public_urlpatterns,
]
# The public region pages (pages) and the contact form of a region (contact), under /regio/.
region_patterns = [
    *pages_urls.region_urlpatterns,
    *contact_urls.region_urlpatterns,
]
portal_patterns = [
    *pages_urls.portal_urlpatterns,
    *organisations_urls.portal_urlpatterns,
    *charter_urls.portal_urlpatterns,
    *actions_urls.portal_urlpatterns,
    *stories_urls.portal_urlpatterns,
    *registrations_urls.portal_urlpatterns,
    *events_urls.portal_urlpatterns,
    *support_urls.portal_urlpatterns,
    *outreach_urls.portal_urlpatterns,
    *progress_urls.portal_urlpatterns,
    *accounts_urls.portal_urlpatterns,
]
backoffice_patterns = [
    *pages_urls.backoffice_urlpatterns,
    *charter_urls.backoffice_urlpatterns,
    *reviews_urls.backoffice_urlpatterns,
    *events_urls.backoffice_urlpatterns,
    *support_urls.backoffice_urlpatterns,
    *outreach_urls.backoffice_urlpatterns,
    *progress_urls.backoffice_urlpatterns,
    *insight_urls.backoffice_urlpatterns,
    *regions_urls.backoffice_urlpatterns,
    *audit_urls.backoffice_urlpatterns,
    *contact_urls.backoffice_urlpatterns,
]

SITEMAP_CACHE_SECONDS = 60 * 60
sitemaps = {
    "pages": StaticPagesSitemap,
    "signatories": SignatorySitemap,
    "actions": ActionSitemap,
    "stories": StorySitemap,
    "regions": SubregionSitemap,
    "events": EventSitemap,
    "numbers": NumbersSitemap,  # numbers (issue 15): /in-cijfers/ and each year's overview
}


def admin_password_change(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's "Change password" link leads to allauth's page (for staff, as before)."""
    return redirect("account_change_password")


# The Django admin has its own login form: the password alone, no second factor and no attempt
# limit. Its login page sends people to allauth's login instead (back with ``next``), and its
# password change to allauth's, so there is one way in and one way to change a password.
# StaffMfaRequiredMiddleware still refuses any admin session that did not pass the second factor.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.password_change = admin_password_change

urlpatterns = [
    path("admin/", admin.site.urls),
    # An index of the sections' pages; both are cached for an hour on the server (a new item
    # waits that long), and downstream like any public page (PUBLIC_PAGES_MAX_AGE).
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_index),
        {"sitemaps": sitemaps, "section_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap),
        {"sitemaps": sitemaps, "template_name": "sitemap_section.xml"},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        # Not kept by the page cache: cheaper to build than to store, and the benchmark's
        # floor (docs/performance.md), which must stay the app's own trivial view.
        page_cache_exempt(
            TemplateView.as_view(template_name="robots.txt", content_type="text/plain")
        ),
        name="robots",
    ),
    # For load balancers and monitors: the database, the cache and the task queue (JSON).
    path("health/", health, name="health"),
    # The public API (issue 15): one address for every language, so outside i18n_patterns.
    path("api/v1/", include((opendata_urls.api_urlpatterns, "api"))),
    *i18n_patterns(
        path("", include("stemcharter.pages.urls")),
        path("", include("stemcharter.charter.urls")),
        path("", include((signatory_patterns, "organisations"))),
        path("", include("stemcharter.actions.urls")),
        path("", include("stemcharter.stories.urls")),
        path("", include("stemcharter.events.urls")),
        path("", include("stemcharter.contact.urls")),
        path("", include((region_patterns, "regions"))),
        path("", include("stemcharter.registrations.urls")),
        path("", include("stemcharter.support.urls")),
        path("", include("stemcharter.outreach.urls")),
        path("", include("stemcharter.insight.urls")),
        path("", include("stemcharter.opendata.urls")),
        path("portal/", include((portal_patterns, "portal"))),
        path("beheer/", include((backoffice_patterns, "backoffice"))),
        path("account/", include("allauth.urls")),
        prefix_default_language=False,
    ),
]

if not settings.PRODUCTION and settings.STORAGES["default"]["BACKEND"].endswith(
    "FileSystemStorage"
):
    # Embedded mode serves uploaded media itself; production serves them from object storage.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# The site's error pages, but under a prefix whose app registered handlers of its own (the
# API's JSON under /api/: opendata's AppConfig.ready) those (stemcharter/common/errors.py).
handler400 = "stemcharter.common.errors.handler400"
handler404 = "stemcharter.common.errors.handler404"
handler500 = "stemcharter.common.errors.handler500"
