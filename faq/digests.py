"""The owners' daily digest (issue 5 point 3): one e-mail per owner and day, never one per entry.

Each digest is written in its owner's admin language and lists the owner's live entries that are
overdue, at risk or due soon, with a link to edit each. :class:`~faq.models.DigestLog` makes a
second run on the same day send nothing.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import ngettext

from kb.languages import saved_language

from .models import DigestLog, FaqPage
from .vocabulary import VerificationStatus

DIGEST_STATUSES = (VerificationStatus.OVERDUE, VerificationStatus.AT_RISK, VerificationStatus.DUE_SOON)


@dataclass
class DigestRun:
    sent: list = field(default_factory=list)
    already_sent: list = field(default_factory=list)
    without_address: list = field(default_factory=list)


def owner_entries(user):
    """The owner's live entries needing attention, worst first, then by due date."""
    entries = (
        FaqPage.objects.live().filter(owner=user, verification_status__in=DIGEST_STATUSES)
        .select_related("locale").order_by("review_due", "answer_number", "locale__language_code")
    )
    groups = {status: [] for status in DIGEST_STATUSES}
    for entry in entries:
        groups[entry.verification_status].append(entry)
    return [(VerificationStatus(status), items) for status, items in groups.items() if items]


def edit_url(entry):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[entry.pk])


def render_digest(user, groups, today):
    count = sum(len(items) for _status, items in groups)
    with translation.override(saved_language(user)):
        subject = ngettext(
            "Knowledge base: %(count)s entry needs verification",
            "Knowledge base: %(count)s entries need verification",
            count,
        ) % {"count": number_format(count, force_grouping=True)}
        body = render_to_string("faq/email/digest.txt", {
            "user": user, "groups": [(status, [(e, edit_url(e)) for e in items]) for status, items in groups],
            "today": today, "count": count,
        })
    return subject, body, count


def send_digests(today):
    """Send today's digests; safe to run any number of times a day."""
    run = DigestRun()
    owners = get_user_model().objects.filter(
        is_active=True,
        pk__in=FaqPage.objects.live().filter(verification_status__in=DIGEST_STATUSES).values("owner_id"),
    ).order_by("pk")
    for user in owners:
        if not user.email:
            run.without_address.append(user)
            continue
        groups = owner_entries(user)
        subject, body, count = render_digest(user, groups, today)
        try:
            with transaction.atomic():
                DigestLog.objects.create(user=user, day=today, entries=count)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            run.already_sent.append(user)
            continue
        run.sent.append(user)
    return run
