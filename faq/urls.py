from django.urls import path, re_path

from . import views

app_name = "faq"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("translation/<int:page_id>/", views.in_language, name="in_language"),
    re_path(r"^translation/(?P<page_id>[0-9]+)/(?P<suffix>(?:[\w-]+/)+)$", views.in_language, name="in_language_below"),
]
