"""The city's counts endpoint (docs/sync.md), small: for testing the outbox against."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.fake_endpoint import Answer, Fault, FaultyEndpoint

__all__ = ["CityServer", "Fault"]


class CityServer(FaultyEndpoint):
    def __init__(self, token: str, faults: Fault = lambda n: None, slow_seconds: float = 1.0) -> None:
        super().__init__(token, faults, slow_seconds)
        self.counted: Counter[tuple[str, str]] = Counter()  # (office, day) -> messages stored

    @property
    def stored(self) -> dict[str, dict[str, Any]]:
        return self.messages

    def store(self, path: str, body: dict[str, Any]) -> Answer | None:
        self.counted[(body["office_id"], body["day"])] += 1
        return None

    @property
    def url(self) -> str:
        return f"{self.origin}/api/v1/counts"
