"""The "Was this helpful?" endpoint; included inside ``i18n_patterns`` so its messages follow the page's language."""

from django.urls import path

from . import feedback_views

app_name = "feedback"
urlpatterns = [
    path("feedback/<int:page_id>/", feedback_views.vote, name="vote"),
]
