"""Languages: the interface language a staff member chose, and the fallback chain for content.

Callers must be answered in a language they understand. When an answer is not yet translated
into the language asked for, it is shown in the next language of ``KB_LANGUAGE_FALLBACKS`` that
has it (by default Ukrainian falls back to Russian, then Romanian), and every surface says so.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile


def saved_language(user):
    """The user's saved admin language when it is one of ours, else the site default."""
    preferred = UserProfile.get_for_user(user).preferred_language if user.is_authenticated else ""
    return preferred if preferred in language_codes() else settings.LANGUAGE_CODE


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def own_name(code):
    """The language's name in itself ("Русский"), as language menus show it; "" if not ours."""
    return dict(settings.LANGUAGES).get(code, "")


def active_language():
    """The language of this request (its URL prefix, cookie or header) when it is one of ours,
    else the site default: the content language a search defaults to."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in language_codes() else settings.LANGUAGE_CODE


def fallback_chain(language):
    """``language`` and then the languages to show in its place, best first, without repeats.

    The default language (the source of every entry) always ends the chain, so an entry that
    exists at all can be shown.
    """
    chain = [language]
    for code in [*settings.KB_LANGUAGE_FALLBACKS.get(language, []), settings.LANGUAGE_CODE]:
        if code not in chain:
            chain.append(code)
    return chain


def language_name(code):
    """The language's name in the active interface language ("Russian", "русский", ...)."""
    return str(get_language_info(code)["name_translated"])


def fallback_notice(requested, shown):
    """The words that say something is shown in another language, in the interface language."""
    return _("Not yet available in %(requested)s; shown in %(shown)s.") % {
        "requested": language_name(requested), "shown": language_name(shown),
    }


@register(Tags.compatibility)
def check_fallbacks(app_configs=None, **kwargs):
    errors = []
    known = set(language_codes())
    fallbacks = getattr(settings, "KB_LANGUAGE_FALLBACKS", None)
    if not isinstance(fallbacks, dict):
        return [Error("KB_LANGUAGE_FALLBACKS must map a language code to a list of language codes.",
                      hint='For example {"uk": ["ru", "ro"]}.', id="kb.E001")]
    for language, chain in fallbacks.items():
        if not isinstance(chain, (list, tuple)):
            errors.append(Error(f"KB_LANGUAGE_FALLBACKS[{language!r}] must be a list of language codes.",
                                id="kb.E001"))
            continue
        unknown = [code for code in [language, *chain] if code not in known]
        if unknown:
            errors.append(Error(
                f"KB_LANGUAGE_FALLBACKS names {', '.join(map(repr, unknown))}, not among LANGUAGES.",
                hint=f"Use the codes of LANGUAGES: {', '.join(sorted(known))}.", id="kb.E002"))
        if language in chain or len(set(chain)) != len(chain):
            errors.append(Error(
                f"KB_LANGUAGE_FALLBACKS[{language!r}] repeats a language: {list(chain)!r}.",
                hint="List each fallback language once, without the language itself.", id="kb.E003"))
    return errors
