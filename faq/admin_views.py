"""Admin screens of the verification workflow: quick re-verification, law changes, dashboard panel."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views.generic.models import CreateView

from .models import Category, Country, FaqPage, LawChange
from .reports import SEVERITY, status_label
from .reviews import VERIFY_PERMISSION, VerificationRefused, law_changes_for, record_law_change, reverify
from .vocabulary import VerificationStatus


# --- quick re-verification -----------------------------------------------------------------


class ReverifyForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Optional: what you compared, for the audit log."),
    )


def reverify_view(request, page_id):
    if not request.user.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied
    page = get_object_or_404(FaqPage.objects.select_related("locale", "category"), pk=page_id)
    back = get_valid_next_url_from_request(request) or reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = ReverifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reverify(page, request.user, form.cleaned_data["note"])
        except VerificationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Sources of “%(entry)s” re-verified.") % {"entry": page})
        return redirect(back)
    return TemplateResponse(request, "faq/admin/reverify.html", {
        "page": page, "sources": page.sources.all(), "form": form, "next": back,
        "law_changes": law_changes_for(page),
    })


# --- law changes ---------------------------------------------------------------------------


class LawChangeForm(forms.ModelForm):
    class Meta:
        model = LawChange
        fields = ["country", "category", "changed_on", "description"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        source = {"locale__language_code": settings.LANGUAGE_CODE}
        self.fields["country"].queryset = Country.objects.filter(**source).order_by("name")
        self.fields["category"].queryset = Category.objects.filter(**source).select_related("parent")
        self.fields["category"].help_text = gettext_lazy(
            "A top-level category covers its subcategories. Every entry tagged with the country and filed "
            "there becomes “at risk” until it is verified again."
        )


class LawChangeCreateView(CreateView):
    def save_instance(self):
        event = self.form.save(commit=False)
        event.recorded_by = self.request.user
        event.save()
        moved = record_law_change(event, self.request.user)
        self.flagged = len(moved)
        return event

    def get_success_message(self, instance):
        count = getattr(self, "flagged", 0)
        return ngettext(
            "Law change recorded; %(count)d entry flagged as at risk.",
            "Law change recorded; %(count)d entries flagged as at risk.",
            count,
        ) % {"count": count}


class LawChangeViewSet(ModelViewSet):
    model = LawChange
    form_fields = ["country", "category", "changed_on", "description"]
    icon = "warning"
    menu_label = gettext_lazy("Law changes")
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = LawChangeCreateView
    list_display = ["country", "category", "changed_on", "recorded_at", "recorded_by"]
    list_filter = ["country"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return LawChangeForm


# --- dashboard -----------------------------------------------------------------------------


class VerificationPanel(Component):
    """Counts by status for everyone; the user's own entries that need them."""

    name = "verification"
    order = 90
    template_name = "faq/admin/verification_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        counts = dict(
            FaqPage.objects.live().values_list("verification_status").annotate(n=Count("pk"))
            .values_list("verification_status", "n")
        )
        mine = (
            FaqPage.objects.live().filter(owner=self.user, verification_status__in=[
                VerificationStatus.OVERDUE, VerificationStatus.AT_RISK,
            ]).select_related("locale").order_by("review_due")
        )
        return {
            "counts": [(str(status), status_label(status), counts.get(status, 0)) for status in SEVERITY],
            "mine": list(mine[:10]),
            "mine_total": mine.count(),
            "report_url": reverse("faq_verification:report"),
        }
