from django.urls import path

from search import api

app_name = "search"

urlpatterns = [
    path("", api.search_view, name="api"),
    path("openapi.json", api.openapi_view, name="openapi"),
]
