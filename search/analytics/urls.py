from django.urls import path

from . import views

app_name = "search_analytics"

urlpatterns = [
    path("opened/", views.opened_view, name="opened"),
]
