"""Reads an ESC/POS byte stream back, the way a printer would, for assertions.

It knows exactly the commands a slip may contain and fails on anything else,
so a stray or malformed command shows up as a test failure, not as garbage on
paper. Text is decoded with the code page the stream selected (ESC t n).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ESC, GS, DLE = 0x1B, 0x1D, 0x10


@dataclass
class Receipt:
    inits: int = 0
    cuts: list[int] = field(default_factory=list)  # GS V m
    code_pages: list[int] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # native text, decoded
    images: list[Image.Image] = field(default_factory=list)  # GS v 0 rasters, black = 0
    qr_codes: list[bytes] = field(default_factory=list)  # GS ( k stored data
    qr_printed: int = 0
    sizes: list[int] = field(default_factory=list)  # GS ! n
    order: list[str] = field(default_factory=list)  # "init", "text", "image", "qr", "cut"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read(stream: bytes, profile: str = "default") -> Receipt:
    """Parse a slip; ``profile`` says which code page an ``ESC t n`` number means."""
    from kiosk.printing.escpos_lib import profile_data

    pages = {int(n): name.lower() for n, name in profile_data(profile)["codePages"].items()}
    receipt = Receipt()
    encoding = "cp437"  # what a printer starts with after ESC @
    text = bytearray()
    i = 0

    def flush_line() -> None:
        receipt.lines.append(text.decode(encoding))
        receipt.order.append("text")
        text.clear()

    while i < len(stream):
        byte = stream[i]
        if byte == 0x0A:
            flush_line()
            i += 1
        elif byte == ESC:
            command = stream[i + 1]
            if command == ord("@"):
                receipt.inits += 1
                receipt.order.append("init")
                encoding = "cp437"
                i += 2
            elif command == ord("t"):
                receipt.code_pages.append(stream[i + 2])
                encoding = pages[stream[i + 2]]
                i += 3
            elif command == ord("d") or command in b"!EMa-":  # print and feed n lines
                i += 3
            else:
                raise AssertionError(f"unexpected ESC {command:#x} at {i}")
        elif byte == GS:
            command = stream[i + 1]
            if command == ord("!"):
                receipt.sizes.append(stream[i + 2])
                i += 3
            elif command == ord("V"):
                mode = stream[i + 2]
                receipt.cuts.append(mode)
                receipt.order.append("cut")
                i += 4 if mode in (65, 66) else 3
            elif command == ord("v") and stream[i + 2] == ord("0"):
                width_bytes = stream[i + 4] | stream[i + 5] << 8
                height = stream[i + 6] | stream[i + 7] << 8
                start = i + 8
                data = stream[start : start + width_bytes * height]
                assert len(data) == width_bytes * height, "raster image cut short"
                inverted = bytes(b ^ 0xFF for b in data)  # ESC/POS: 1 = black; PIL "1": 1 = white
                receipt.images.append(Image.frombytes("1", (width_bytes * 8, height), inverted))
                receipt.order.append("image")
                i = start + len(data)
            elif command == ord("(") and stream[i + 2] == ord("k"):
                length = stream[i + 3] | stream[i + 4] << 8
                body = stream[i + 5 : i + 5 + length]
                cn, fn = body[0], body[1]
                assert cn == ord("1"), "only QR codes expected"
                if fn == 80:
                    receipt.qr_codes.append(bytes(body[3:]))
                elif fn == 81:
                    receipt.qr_printed += 1
                    receipt.order.append("qr")
                i += 5 + length
            else:
                raise AssertionError(f"unexpected GS {command:#x} at {i}")
        elif byte == DLE:
            raise AssertionError("a status query does not belong in a slip")
        elif byte < 0x20:
            raise AssertionError(f"unexpected control byte {byte:#x} at {i}")
        else:
            text.append(byte)
            i += 1
    if text:
        flush_line()
    return receipt
