"""Admin screens for the reference data (snippets) of the knowledge base."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, Country, Organisation


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "path", "review_interval_days"]
    list_filter = ["parent"]
    search_fields = ["name"]
    ordering = ["path"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "code"]
    search_fields = ["name"]
    ordering = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "organisation_type", "country", "phone"]
    list_filter = ["organisation_type", "never_give_address"]
    search_fields = ["name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (CategoryViewSet, CountryViewSet, OrganisationViewSet)


register_snippet(TaxonomyGroup)
