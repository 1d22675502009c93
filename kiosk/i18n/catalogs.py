"""The gettext catalogs under locales/, and loading one for a language.

``locales/<catalog>/LC_MESSAGES/kiosk.po`` is what translators edit (Poedit,
Weblate); the build (``./dev.sh``, ``deploy/install.sh``: ``pybabel compile``)
writes ``kiosk.mo`` beside it, which loads in a millisecond. A ``.mo`` that is
missing or older than its ``.po`` (a fresh clone, a ``git pull``, a translator
trying an edit) would show no or stale translations; then the catalog is
compiled from the ``.po`` in memory with Babel instead, and a warning says so
once. The ``.po`` is the truth; the ``.mo`` is only its fast copy.
"""

from __future__ import annotations

import gettext
import io
import logging
from pathlib import Path

from kiosk.i18n.languages import catalog_name
from kiosk.resources import project_folder

DOMAIN = "kiosk"
log = logging.getLogger("kiosk.i18n")


def locale_dir() -> Path:
    return project_folder("locales")


def po_path(language: str, root: Path | None = None) -> Path:
    return (root or locale_dir()) / catalog_name(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_path(root: Path | None = None) -> Path:
    return (root or locale_dir()) / f"{DOMAIN}.pot"


def compile_po(po: Path) -> bytes:
    """The .mo bytes of a .po file, as ``pybabel compile`` writes them (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def load(language: str, root: Path | None = None) -> gettext.NullTranslations:
    """The catalog of ``language``; German (the msgids themselves) when there is none."""
    po = po_path(language, root)
    if not po.exists():
        return gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    log.warning("%s is missing or older than its .po: read the .po instead (pybabel compile builds it)", mo)
    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))
