"""A Babel extractor for Kivy's .kv files (``pybabel extract`` with babel.cfg).

A .kv file is not Python, but every property value in it is a Python
expression (``text: app.state.tr("Heute hier")``). So this extractor cuts
each value out of its line, joins the lines of a value whose brackets are
still open, and hands the expression to Babel's own Python extractor. The
keywords, plural forms and ``# Translators:`` comments then work exactly as
in .py files, and the line numbers in the template point into the .kv file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

# "name: value" in a rule; the name may be dotted (canvas.before) and the
# value empty (a child widget or a block that follows on the next lines).
_PROPERTY = re.compile(r"^\s*[A-Za-z_][\w.]*\s*:\s*(?P<value>.*)$")
_OPEN = dict(zip("([{", ")]}", strict=True))


def _depth(text: str) -> int:
    """Brackets still open at the end of ``text`` (strings are skipped roughly)."""
    depth, quote = 0, ""
    for char in re.sub(r"\\.", "", text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in _OPEN:
            depth += 1
        elif char in _OPEN.values():
            depth -= 1
    return depth


def expressions(lines: list[str]) -> Iterator[tuple[int, list[str], str]]:
    """(first line number, comment lines before it, Python text) for each value."""
    comments: list[str] = []
    number = 0
    while number < len(lines):
        line = lines[number].rstrip("\n")
        stripped = line.strip()
        number += 1
        if stripped.startswith("#:") or not stripped:  # kv directives (#:import ...)
            comments = []
            continue
        if stripped.startswith("#"):
            comments.append(stripped)
            continue
        if stripped.startswith("<") or stripped.startswith("["):
            comments = []  # a rule or template header
            continue
        found = _PROPERTY.match(line)
        value = found.group("value") if found else stripped  # a line of a handler's block
        start = number
        while _depth(value) > 0 and number < len(lines):
            value += "\n" + lines[number].strip()
            number += 1
        if value:
            yield start, comments, value
        comments = []


def extract_kv(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel's extractor interface: (line number, function, message(s), comments)."""
    encoding = options.get("encoding", "utf-8")
    lines = fileobj.read().decode(encoding).splitlines()
    for start, comments, value in expressions(lines):
        source = "\n".join([*comments, value]).encode("utf-8")
        offset = start - 1 - len(comments)
        for lineno, funcname, messages, found in extract_python(
            io.BytesIO(source), keywords, comment_tags, {"encoding": "utf-8"}
        ):
            yield lineno + offset, funcname, messages, found
