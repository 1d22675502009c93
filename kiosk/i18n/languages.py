"""The languages a kiosk can offer: own names, greetings, direction, voice.

A visitor who reads little German finds their language by its own name in
its own script, so these names and greetings are never translated: they are
data, not gettext messages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # as in the feeds and the gettext catalogs: "ar", "de-easy"
    native: str  # its own name in its own script: "العربية"
    greeting: str  # what the welcome screen says in turn
    rtl: bool = False
    voice: str = ""  # espeak-ng voice for the spoken ticket number; "" = none

    @property
    def base(self) -> str:
        """The language without its variant ("de-easy" -> "de")."""
        return self.code.split("-")[0]

    @property
    def catalog(self) -> str:
        """The folder of its gettext catalog under locales/ ("de-easy" -> "de@easy")."""
        return catalog_name(self.code)


def catalog_name(code: str) -> str:
    """The gettext/Babel name for a language code of the app and the feeds.

    The app writes variants BCP 47 style ("de-easy", as in the feeds); gettext,
    Babel, Poedit and Weblate write them as a POSIX modifier ("de@easy", like
    "sr@latin"). This is the one place that maps one to the other.
    """
    base, _, variant = code.partition("-")
    return f"{base}@{variant}" if variant else base


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("de", "Deutsch", "Willkommen!", voice="de"),
        Language("en", "English", "Welcome!", voice="en"),
        Language("tr", "Türkçe", "Hoş geldiniz!", voice="tr"),
        Language("ar", "العربية", "أهلاً وسهلاً!", rtl=True, voice="ar"),
        Language("uk", "Українська", "Ласкаво просимо!", voice="uk"),
        Language("ru", "Русский", "Добро пожаловать!", voice="ru"),
        Language("pl", "Polski", "Witamy!", voice="pl"),
        Language("ro", "Română", "Bine ați venit!", voice="ro"),
        Language("bg", "Български", "Добре дошли!", voice="bg"),
        Language("fa", "فارسی", "خوش آمدید!", rtl=True, voice="fa"),
        Language("ku", "Kurdî", "Bi xêr hatin!", voice="ku"),
        Language("de-easy", "Leichte Sprache", "Hallo! Willkommen!", voice="de"),
    )
}

DEFAULT_ORDER: tuple[str, ...] = tuple(LANGUAGES)


def language(code: str) -> Language:
    """The language with this code; KeyError names the unknown code."""
    return LANGUAGES[code]


def native_name(code: str) -> str:
    """The language's own name ("English"), or the code for one the kiosk does not know."""
    found = LANGUAGES.get(code)
    return found.native if found else code


def is_rtl(code: str) -> bool:
    found = LANGUAGES.get(code)
    return bool(found and found.rtl)


def direction(code: str) -> str:
    """The HTML ``dir`` of a page or paragraph in this language: "rtl" or "ltr"."""
    return "rtl" if is_rtl(code) else "ltr"
