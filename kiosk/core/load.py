"""How busy a queue is, as a traffic light for staff.

The measure is people waiting per active desk (a desk that is not paused and
has chosen the service today): that is roughly how many visits each desk
still has ahead of it, which is what decides whether a colleague should open
another desk or take a service on as well. Visit lengths differ between
services, but staff judge "three each" at a glance, and a light that moves
with the waiting count is one they trust.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

# Up to this many people waiting per active desk the light stays green ...
GREEN_UP_TO = 3.0
# ... up to this many it is yellow; above it, red.
YELLOW_UP_TO = 6.0


class LoadLevel(enum.StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


@dataclass(frozen=True)
class Load:
    """People waiting, desks serving, and the light that follows from them."""

    waiting: int
    active_desks: int
    level: LoadLevel

    @property
    def per_desk(self) -> float | None:
        """Waiting per active desk; None when nobody serves (the ratio is undefined)."""
        return self.waiting / self.active_desks if self.active_desks else None


def load_level(
    waiting: int, active_desks: int, green_up_to: float = GREEN_UP_TO, yellow_up_to: float = YELLOW_UP_TO
) -> Load:
    """The light for ``waiting`` people and ``active_desks`` desks serving them.

    Nobody waiting is green whatever the desks. People waiting with no desk
    serving them is red: nobody will call them until someone acts.
    """
    if waiting < 0 or active_desks < 0:
        raise ValueError("waiting and active_desks cannot be negative")
    if waiting == 0:
        level = LoadLevel.GREEN
    elif active_desks == 0:
        level = LoadLevel.RED
    else:
        per_desk = waiting / active_desks
        if per_desk <= green_up_to:
            level = LoadLevel.GREEN
        elif per_desk <= yellow_up_to:
            level = LoadLevel.YELLOW
        else:
            level = LoadLevel.RED
    return Load(waiting=waiting, active_desks=active_desks, level=level)
