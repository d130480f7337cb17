"""Console URLs, included inside ``i18n_patterns``: /<language>/console/..."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views

app_name = "console"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("answer/<int:page_id>/", views.answer_view, name="answer"),
    path("answer/<int:page_id>/report/", views.report_view, name="report"),
    path("languages/", views.language_counts_view, name="language_counts"),
    path("calls/", views.calls_view, name="calls"),
    path("calls/shift/", views.shift_view, name="shift"),
    path("language/", views.language_view, name="language"),
    # Operators have no admin access, so Wagtail's logout (an admin URL) is closed to them.
    path("logout/", LogoutView.as_view(next_page="console_redirect"), name="logout"),
    path("jsi18n/", views.ConsoleJavaScriptCatalog.as_view(packages=["console"]), name="jsi18n"),
]
