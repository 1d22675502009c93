"""Screens are built lazily (kiosk/ui/screens/__init__.py): each must build with only its own rules.

A screen's .kv file is loaded when that screen is first built, so a class
one screen defines and another uses works only if the first happens to be
built before. This reads every screen's .kv and module and fails for any
widget class they use that neither they, the shared widgets.kv/widgets.py,
nor Kivy itself define.
"""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.ui.screens import BOOKING_SCREENS, SCREENS

UI = Path(__file__).resolve().parents[2] / "kiosk" / "ui"
RULE = re.compile(r"^<([A-Z]\w*)(?:@[\w+]+)?>:", re.MULTILINE)
KV_USE = re.compile(r"^\s+([A-Z]\w*):\s*$", re.MULTILINE)
PY_USE = re.compile(r"Factory\.([A-Z]\w*)")
PY_CLASS = re.compile(r"^class ([A-Z]\w*)\(", re.MULTILINE)
KV_CANVAS = {"Color", "Rectangle", "RoundedRectangle", "Line", "Ellipse", "PushMatrix", "PopMatrix"}
KV_CANVAS |= {"Rotate", "Scale", "Translate", "Mesh", "BorderImage"}


def defined_in(*paths: Path) -> set[str]:
    names: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        names |= set(RULE.findall(text)) | set(PY_CLASS.findall(text))
    return names


def used_in(kv: Path, module: Path) -> set[str]:
    return set(KV_USE.findall(kv.read_text(encoding="utf-8"))) | set(
        PY_USE.findall(module.read_text(encoding="utf-8"))
    )


def test_every_screen_builds_with_its_own_and_the_shared_rules_only():
    from kivy.factory import Factory

    shared = defined_in(UI / "widgets.kv", UI / "widgets.py", UI / "root.kv")
    screens = UI / "screens"
    names = (*SCREENS, *BOOKING_SCREENS)
    own_rules = {name: defined_in(screens / f"{name}.kv", screens / f"{name}.py") for name in names}
    elsewhere = set().union(*own_rules.values())
    kivy_classes = {name for name in Factory.classes if name not in elsewhere and name not in shared}
    problems = {}
    for name, own in own_rules.items():
        used = used_in(screens / f"{name}.kv", screens / f"{name}.py") - KV_CANVAS
        missing = sorted(used - own - shared - kivy_classes)
        if missing:
            problems[name] = missing
    assert problems == {}, f"classes from another screen's rules: {problems}"


def test_a_screen_reached_first_is_built_on_the_spot(kiosk):
    """The check-in keypad can be the first screen after the welcome (a scanner or a typed code)."""
    screens = kiosk.app.root.ids.screens
    keypad = screens.get_screen("keypad")
    assert keypad.name == "keypad" and screens.has_screen("keypad")
    assert screens.get_screen("keypad") is keypad  # built once
