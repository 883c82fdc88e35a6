from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve

from stemcharter.accounts import urls as accounts_urls
from stemcharter.actions import urls as actions_urls
from stemcharter.actions.sitemaps import ActionSitemap
from stemcharter.audit import urls as audit_urls
from stemcharter.charter import urls as charter_urls
from stemcharter.common.sitemaps import StaticPagesSitemap
from stemcharter.organisations import urls as organisations_urls
from stemcharter.organisations.sitemaps import SignatorySitemap
from stemcharter.regions import urls as regions_urls
from stemcharter.reviews import urls as reviews_urls
from stemcharter.stories import urls as stories_urls
from stemcharter.stories.sitemaps import StorySitemap

# The portal and the back office each gather the views of several apps under one namespace.
portal_patterns = [
    *organisations_urls.portal_urlpatterns,
    *charter_urls.portal_urlpatterns,
    *actions_urls.portal_urlpatterns,
    *stories_urls.portal_urlpatterns,
    *accounts_urls.portal_urlpatterns,
]
backoffice_patterns = [
    *charter_urls.backoffice_urlpatterns,
    *reviews_urls.backoffice_urlpatterns,
    *organisations_urls.backoffice_urlpatterns,
    *regions_urls.backoffice_urlpatterns,
    *audit_urls.backoffice_urlpatterns,
]

sitemaps = {
    "pages": StaticPagesSitemap,
    "signatories": SignatorySitemap,
    "actions": ActionSitemap,
    "stories": StorySitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    *i18n_patterns(
        path("", include("stemcharter.common.urls")),
        path("", include("stemcharter.charter.urls")),
        path("", include("stemcharter.organisations.urls")),
        path("", include("stemcharter.actions.urls")),
        path("", include("stemcharter.stories.urls")),
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
