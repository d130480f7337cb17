from ..vocabulary import (  # noqa: F401
    Audience,
    FactSheetSection,
    FeedbackReason,
    MigrationPhase,
    OrganisationType,
    LinkOutcome,
    RiskReason,
    Sensitivity,
    SourceOutcome,
    SourceType,
    VerificationStatus,
    Visibility,
)
from .feedback import EntryFeedback  # noqa: F401
from .pages import (  # noqa: F401
    CountryFactSheetPage,
    CountryIndexPage,
    FaqIndexPage,
    FaqPage,
    FaqRelatedEntry,
    FaqSource,
    HomePage,
)
from .taxonomy import Category, Country, Organisation  # noqa: F401
from .verification import DigestLog, EntryReview, LawChange, SourceLink, SourceVerification  # noqa: F401
from .workflow import SourceVerificationTask, SourceVerificationTaskState  # noqa: F401
