from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from console.views import console_redirect
from faq.views import robots, sitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/search/", include("search.urls")),
    path("api/search/", include("search.analytics.urls")),
    path("console/", console_redirect, name="console_redirect"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots, name="robots"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public URL carries its language (/ro/, /ru/, /uk/, /en/); "/" redirects to one.
urlpatterns += i18n_patterns(
    path("console/", include("console.urls")),
    path("", include("faq.feedback_urls")),
    path("", include("faq.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
