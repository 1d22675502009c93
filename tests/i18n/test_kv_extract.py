"""The .kv extractor finds the texts of the Kivy rules, as pybabel extract uses it."""

from __future__ import annotations

import io
import re

from babel.messages.extract import DEFAULT_KEYWORDS

from kiosk.i18n.kv_extract import extract_kv
from tests.i18n.catalog_rules import ROOT, template

KEYWORDS = {**DEFAULT_KEYWORDS, "tr": None}

KV = b"""#:import rgba kiosk.ui.palette.rgba
# An ordinary comment: not for translators.
<Example@BoxLayout>:
    title: ""
    KLabel:
        text: app.state.tr("Heute hier")
        color: rgba("#fff")
    KLabel:
        # Translators: a button; keep it short.
        text: app.state.tr("Start") if root.ready else app.state.tr("Bitte warten")
    KLabel:
        text: "Nicht markiert"
        on_release:
            app.flow.note(
                app.state.tr("Zwei Zeilen")
            )
    KLabel:
        text: app.state.ngettext("{n} Person", "{n} Personen", root.count)
"""


def extracted(source: bytes = KV) -> list[tuple[int, str, object, list[str]]]:
    return list(extract_kv(io.BytesIO(source), KEYWORDS, ["Translators:"], {}))


def test_marked_texts_are_found_with_their_lines_and_unmarked_ones_are_not():
    found = {(line, messages) for line, _func, messages, _comments in extracted()}
    assert (6, "Heute hier") in found
    assert (10, "Start") in found and (10, "Bitte warten") in found
    assert (15, "Zwei Zeilen") in found  # a call spread over lines of a handler
    assert (18, ("{n} Person", "{n} Personen", None)) in found
    assert all(messages != "Nicht markiert" for _line, messages in found)


def test_a_translators_comment_above_the_property_goes_with_its_text():
    comments = {messages: notes for _line, _func, messages, notes in extracted()}
    assert comments["Start"] == ["Translators: a button; keep it short."]
    assert comments["Heute hier"] == []


def test_every_marked_text_of_the_real_kv_files_is_in_the_template():
    marked = set()
    for path in (ROOT / "kiosk").rglob("*.kv"):
        marked |= set(re.findall(r'\btr\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    assert marked, "the .kv files hold marked texts"
    assert marked <= {m.id for m in template() if m.id}
