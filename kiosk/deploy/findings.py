"""One health check's answer, in the words ``kiosk doctor`` prints."""

from __future__ import annotations

import enum
from dataclasses import dataclass

# The update procedure of README.md, "Aktualisieren", in one line.
UPDATE_FIX = "Software aktualisieren: cd ~/quartierskiosk && git pull && sudo deploy/install.sh"


class Level(enum.IntEnum):
    """Ordered so the worst of several findings is ``max()``."""

    OK = 0
    WARN = 1
    FAIL = 2

    @property
    def word(self) -> str:
        return {Level.OK: "OK", Level.WARN: "Warnung", Level.FAIL: "FEHLER"}[self]


@dataclass(frozen=True)
class Finding:
    """What a check saw and, when it is not OK, what a person should do.

    ``fix`` is a concrete instruction (a command to type, a cable to check),
    never "contact support" alone: often nobody on site knows Linux.
    """

    name: str
    level: Level
    finding: str
    fix: str = ""

    @classmethod
    def ok(cls, name: str, finding: str) -> Finding:
        return cls(name, Level.OK, finding)

    @classmethod
    def warn(cls, name: str, finding: str, fix: str) -> Finding:
        return cls(name, Level.WARN, finding, fix)

    @classmethod
    def fail(cls, name: str, finding: str, fix: str) -> Finding:
        return cls(name, Level.FAIL, finding, fix)

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "level": self.level.name.lower(), "finding": self.finding, "fix": self.fix}
