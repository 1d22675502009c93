"""The scanner listener's rules, without a window: one code per scan, stray keys dropped."""

from __future__ import annotations

import random

from kiosk.core.booking_code import display, new_code
from kiosk.ui.scanner import QUIET_S, STALE_S, ScannerInput

CODE = new_code(random.Random(3).choice)


class Handle:
    def __init__(self, entry: list) -> None:
        self.entry = entry

    def cancel(self) -> None:
        self.entry[2] = True


class Later:
    """The UI thread's timer as the app has it (Kivy's Clock), run by hand here."""

    def __init__(self) -> None:
        self.pending: list[tuple[float, object]] = []

    def __call__(self, callback, seconds):
        entry = [seconds, callback, False]
        self.pending.append(entry)
        return Handle(entry)

    def run(self) -> None:
        due, self.pending = self.pending, []
        for _seconds, callback, cancelled in due:
            if not cancelled:
                callback()


class Time:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def listener(active=lambda: True):
    found: list[str] = []
    later, clock = Later(), Time()
    return ScannerInput(found.append, active, later, clock), found, later, clock


def type_lines(scanner: ScannerInput, clock: Time, text: str) -> None:
    for line in text.split("\r\n"):
        for character in line:
            scanner.feed(character)
            clock.now += 0.002  # a scanner types a character every few milliseconds
        scanner.line_end()


EVENT = (
    f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:{CODE}@quartierskiosk\r\n"
    f"DESCRIPTION:Termin-Code {display(CODE)}\r\nEND:VEVENT\r\nEND:VCALENDAR"
)


def test_a_scanned_event_hands_on_its_code_once():
    scanner, found, later, clock = listener()
    type_lines(scanner, clock, EVENT)
    assert found == [CODE]
    clock.now += QUIET_S
    later.run()
    type_lines(scanner, clock, EVENT)  # the same slip again, later: a new scan
    assert found == [CODE, CODE]


def test_a_scanner_without_enter_is_read_when_it_goes_quiet():
    scanner, found, later, _clock = listener()
    for character in display(CODE):
        scanner.feed(character)
    assert found == []
    later.run()
    assert found == [CODE]


def test_stray_keys_before_a_pause_do_not_join_the_scan():
    scanner, found, later, clock = listener()
    for character in CODE[:4]:
        scanner.feed(character)
    clock.now += STALE_S + 1
    for character in CODE[4:]:
        scanner.feed(character)
    scanner.line_end()
    later.run()
    assert found == []


def test_on_the_staff_screens_scans_are_ignored():
    scanner, found, later, clock = listener(active=lambda: False)
    type_lines(scanner, clock, EVENT)
    later.run()
    assert found == []
