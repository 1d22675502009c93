"""Reading a TOML config into a pydantic model, for the kiosk's and the city server's configs.

A person edits these files by hand, so every failure becomes one line that
names the file and the first bad key (``screen.languages: unknown key
(typo?)``), raised as the caller's own :class:`~kiosk.core.errors.KioskError`
whose template takes ``path`` and ``problem``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kiosk.core.errors import KioskError

Model = TypeVar("Model", bound=BaseModel)


def _where(error: Any) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def _describe(error: Any) -> str:
    if error["type"] == "missing":
        return f"{_where(error)}: required key is missing"
    if error["type"] == "extra_forbidden":
        return f"{_where(error)}: unknown key (typo?)"
    return f"{_where(error)}: {error['msg']}"


def validate(model: type[Model], data: dict[str, Any], source: str, error: type[KioskError]) -> Model:
    """``data`` as ``model``; raises ``error`` naming the first bad key and how many more there are."""
    try:
        return model.model_validate(data)
    except ValidationError as failure:
        problems = [_describe(e) for e in failure.errors()]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise error(path=source, problem=problems[0] + more) from None


def read_toml(path: Path, error: type[KioskError]) -> dict[str, Any]:
    """The file's TOML as a mapping; raises ``error`` saying in a few words why it could not be read."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise error(path=str(path), problem="file not found") from None
    except PermissionError:
        raise error(path=str(path), problem="no permission to read it") from None
    except tomllib.TOMLDecodeError as failure:
        raise error(path=str(path), problem=f"not valid TOML ({failure})") from None
    except OSError as failure:
        raise error(path=str(path), problem=failure.strerror or str(failure)) from None
