from ..vocabulary import (  # noqa: F401
    Audience,
    FactSheetSection,
    MigrationPhase,
    OrganisationType,
    Sensitivity,
    SourceType,
    VerificationStatus,
    Visibility,
)
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
