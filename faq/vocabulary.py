"""Controlled vocabularies of the domain (DESIGN.md section 2).

Importable without configured settings (the demo content checker uses them).

The codes are stable keys used in import files and search filters; labels are translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    OPERATORS = "operators", _("Operators only")


class Sensitivity(models.TextChoices):
    NONE = "none", _("None")
    TRAFFICKING = "trafficking", _("Human trafficking")
    GBV = "gbv", _("Gender-based violence")
    CHILD_PROTECTION = "child-protection", _("Child protection")
    DISTRESS = "distress", _("Caller in distress")


class Audience(models.TextChoices):
    LABOUR_MIGRANT = "labour-migrant", _("Labour migrants")
    STUDENT = "student", _("Students")
    FAMILY = "family", _("Families")
    ASYLUM_SEEKER = "asylum-seeker", _("Asylum seekers")
    REFUGEE = "refugee", _("Refugees")
    RETURNEE = "returnee", _("Returnees")
    FOREIGNER_IN_MOLDOVA = "foreigner-in-moldova", _("Foreigners in Moldova")
    DIASPORA = "diaspora", _("Diaspora")


class MigrationPhase(models.TextChoices):
    PRE_DEPARTURE = "pre-departure", _("Before departure")
    TRANSIT = "transit", _("In transit")
    IN_DESTINATION = "in-destination", _("In the destination country")
    RETURN = "return", _("Return")
    REINTEGRATION = "reintegration", _("Reintegration")


class SourceType(models.TextChoices):
    OFFICIAL = "official", _("Official")
    SECONDARY = "secondary", _("Secondary")
    PARTNER = "partner", _("Partner organisation")


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government authority")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    CONSULATE = "consulate", _("Embassy or consulate")
    HOTLINE = "hotline", _("Hotline")


class VerificationStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    AT_RISK = "at_risk", _("At risk")
    IN_REVIEW = "in_review", _("In review")
    UNSOURCED = "unsourced", _("Unsourced")


# The public sees a caution (banner on the entry, label on a search hit) when the sources are
# overdue or a known change may have made the answer wrong; the reasons are for editors.
CAUTION_STATUSES = (VerificationStatus.OVERDUE, VerificationStatus.AT_RISK)

class SourceOutcome(models.TextChoices):
    """What a reviewer found when checking one source."""

    CHECKED = "checked", _("Checked, unchanged")
    CHANGED = "changed", _("Changed, entry updated")
    BROKEN = "broken", _("Broken or gone")


class RiskReason(models.TextChoices):
    """Why an entry is ``at_risk``; several may hold at once."""

    LAW_CHANGED = "law_changed", _("Law changed")
    FACT_SHEET_OVERDUE = "fact_sheet_overdue", _("Country fact sheet overdue")
    BROKEN_LINK = "broken_link", _("Broken source link")
    MOVED_LINK = "moved_link", _("Source moved permanently")
    TRANSLATION_OUTDATED = "translation_outdated", _("Translation outdated")


class LinkOutcome(models.TextChoices):
    OK = "ok", _("Working")
    BROKEN = "broken", _("Broken")
    MOVED = "moved", _("Moved permanently")


class FactSheetSection(models.TextChoices):
    ENTRY_RESIDENCE = "entry-residence", _("Entry and residence")
    WORK = "work", _("Work")
    QUALIFICATIONS = "qualifications", _("Recognition of qualifications")
    STUDY = "study", _("Study")
    LIVING = "living", _("Living")
    HEALTH_SOCIAL = "health-social", _("Health and social protection")
    CHILDREN_EDUCATION = "children-education", _("Children and education")
    HELP_PROTECTION = "help-protection", _("Help and protection")
    SUPPORT_NETWORKS = "support-networks", _("Support networks")
    EMERGENCY_CONSULAR = "emergency-consular", _("Emergency and consular contacts")
    OFFICIAL_SOURCES = "official-sources", _("Official sources")


class FeedbackReason(models.TextChoices):
    """Why a reader found an entry unhelpful; a short fixed list, so no one can type personal details."""

    UNCLEAR = "unclear", _("Hard to understand")
    MISSING_INFORMATION = "missing_information", _("Information I need is missing")
    OUT_OF_DATE = "out_of_date", _("Out of date or wrong")
    NOT_MY_SITUATION = "not_my_situation", _("Does not fit my situation")
    OTHER = "other", _("Another reason")


class CalloutTone(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    DANGER = "danger", _("Danger")


LANGUAGE_CHOICES = [
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("en", _("English")),
    ("it", _("Italian")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("he", _("Hebrew")),
    ("pl", _("Polish")),
]
