"""The catalogs under locales/: complete, consistent with the code, and compilable.

These tests are the translator's checklist. After new texts land in the code
(`./dev.sh catalogs` merges them into every .po), they fail and name each
message that still needs a translation.
"""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from kiosk.i18n.languages import LANGUAGES, catalog_name
from kiosk.printing import worker
from tests.i18n.catalog_rules import (
    LOCALES,
    NATIVE_DIGITS,
    ROOT,
    SAME_AS_GERMAN,
    TECHNICAL,
    TRANSLATED,
    catalog,
    forms,
    load,
    msgid,
    placeholders,
    template,
    wordless,
)

PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def test_the_template_holds_exactly_the_messages_of_the_code(tmp_path: Path):
    """locales/kiosk.pot is what `pybabel extract` finds now (.py and .kv files alike)."""
    fresh = tmp_path / "kiosk.pot"
    subprocess.run(
        [*PYBABEL, "-q", "extract", "-F", "babel.cfg", "-o", str(fresh), "."],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    found = {m.id for m in load(fresh) if m.id}
    committed = {m.id for m in template() if m.id}
    assert found - committed == set(), "new texts: run ./dev.sh catalogs, then translate"
    assert committed - found == set(), "texts gone from the code: run ./dev.sh catalogs"
    assert any(loc.endswith(".kv") for m in template() for loc, _line in m.locations)


def test_every_offered_language_has_a_catalog_and_no_catalog_is_stray():
    folders = {p.parent.parent.name for p in LOCALES.glob("*/LC_MESSAGES/kiosk.po")}
    assert folders == {catalog_name(code) for code in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_source_is_translated(language):
    source = {m.id for m in template() if m.id}
    po = catalog(language)
    assert {m.id for m in po if m.id} == source, "run ./dev.sh catalogs"
    missing = [msgid(m) for m in po if m.id and not all(s.strip() for s in forms(m))]
    fuzzy = [msgid(m) for m in po if m.id and m.fuzzy]
    assert missing == [], f"{language}: not translated yet"
    assert fuzzy == [], f"{language}: marked fuzzy (changed German text), please review"
    assert not po.obsolete, f"{language}: obsolete entries; run ./dev.sh catalogs"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_the_german_text(language):
    wrong = []
    for m in catalog(language):
        if not m.id:
            continue
        if isinstance(m.id, str):
            if placeholders(m.string) != placeholders(m.id):
                wrong.append(m.id)
            continue
        known = placeholders(m.id[0]) | placeholders(m.id[1])
        strings = forms(m)
        # Arabic's "one" and "two" may say the number in words; the general form must show it.
        if any(placeholders(s) - known for s in strings) or placeholders(strings[-1]) != known:
            wrong.append(m.id[0])
    assert wrong == [], f"{language}: placeholders differ"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_formats_with_the_code_s_arguments(language):
    """A stray or unescaped brace would raise in .format() on the visitor's screen."""
    for m in catalog(language):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        arguments = {name: "X" for text in ids for name in placeholders(text)}
        for text in forms(m):
            text.format(**arguments)


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_have_the_count_of_the_language_and_compile(language):
    po = catalog(language)
    # The header's Plural-Forms is Babel's formula for the language (Poedit and Weblate show it).
    assert po.plural_forms == Catalog(locale=Locale.parse(catalog_name(language))).plural_forms
    if language == "ar":
        assert po.num_plurals == 6
    for m in po:
        if m.id and not isinstance(m.id, str):
            assert len(forms(m)) == po.num_plurals, msgid(m)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    translations = gettext.GNUTranslations(compiled)
    for n in (0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 111):
        said = translations.ngettext("{n} Person wartet", "{n} Personen warten", n).format(n=n)
        assert said.strip() and "{" not in said
    # The formula reaches every form, and the forms are not one text copied (Russian may
    # rightly repeat one: "1 человек" and "5 человек"). Turkish and Persian keep the noun
    # singular after a number, so their two CLDR forms may read the same.
    plural = gettext.c2py(po.plural_expr)
    assert {plural(n) for n in range(200)} == set(range(po.num_plurals))
    plurals = [m for m in po if m.id and not isinstance(m.id, str)]
    singular_after_numbers = language in ("tr", "fa")
    assert po.num_plurals == 1 or singular_after_numbers or any(len(set(forms(m))) > 1 for m in plurals)


@pytest.mark.parametrize("language", LANGUAGES)
def test_babel_finds_no_problem_in_the_catalog(language):
    problems = [(msgid(m), errors) for m, errors in catalog(language).check() if errors]
    assert problems == []


def test_the_catalogs_compile_with_the_build_command(tmp_path: Path):
    """What ./dev.sh and deploy/install.sh run: `pybabel compile -d locales -D kiosk`."""
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES, copy, ignore=shutil.ignore_patterns("*.mo"))
    done = subprocess.run(
        [*PYBABEL, "compile", "--statistics", "-d", str(copy), "-D", "kiosk"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for code in LANGUAGES:
        mo = copy / catalog_name(code) / "LC_MESSAGES" / "kiosk.mo"
        with mo.open("rb") as compiled:
            gettext.GNUTranslations(compiled)  # a valid .mo
    assert "(100%)" in done.stderr and "translated" in done.stderr


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_is_the_german_text_unless_allowed(language):
    same = [
        msgid(m)
        for m in catalog(language)
        if m.id
        and not wordless(msgid(m))
        and language not in SAME_AS_GERMAN.get(msgid(m), ())
        and any(text == german for text, german in zip(forms(m), _german_forms(m), strict=False))
    ]
    assert same == [], f"{language}: still German (add a translation, or allow it in catalog_rules.py)"


def _german_forms(message) -> list[str]:
    if isinstance(message.id, str):
        return [message.id]
    singular, plural = message.id
    return [singular] + [plural] * (len(forms(message)) - 1)


def test_the_allow_list_only_names_messages_that_exist():
    source = {msgid(m) for m in template() if m.id}
    assert set(SAME_AS_GERMAN) <= source


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_says_its_translations_await_review_by_native_speakers(language):
    po = catalog(language)
    assert "review by native speakers" in " ".join(po.header_comment.split())
    assert "await review by native speakers" in po.language_team


@pytest.mark.parametrize("language", LANGUAGES)
def test_digits_are_western_in_every_translation(language):
    native = [msgid(m) for m in catalog(language) if m.id and any(NATIVE_DIGITS.search(s) for s in forms(m))]
    assert native == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_commands_config_keys_and_file_names_stay_as_they_are(language):
    changed = [
        (fragment, msgid(m))
        for m in catalog(language)
        if m.id
        for fragment in TECHNICAL
        if fragment in msgid(m) and not all(fragment in text for text in forms(m))
    ]
    assert changed == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_printer_notice_asks_to_remember_the_number_in_the_words_the_ticket_screen_uses(language):
    """The ticket screen adds "please remember your number" unless the notice says it already."""
    from kiosk.i18n import translation

    t = translation(language)
    remember = t.gettext("Bitte merken Sie sich Ihre Nummer.").rstrip(".")
    notices = (worker.VISITOR_PAPER_OUT, worker.VISITOR_COVER_OPEN, worker.VISITOR_OFFLINE)
    notices += (worker.VISITOR_INTERRUPTED, worker.VISITOR_FAILED)
    assert [n for n in notices if remember not in t.gettext(n)] == []


def test_the_readme_shows_screenshots_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"\(docs/screenshots/([\w-]+\.png)\)", readme)
    assert len(shown) >= 27
    assert [name for name in shown if not (ROOT / "docs" / "screenshots" / name).is_file()] == []
