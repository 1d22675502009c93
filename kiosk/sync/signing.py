"""Detached Ed25519 signatures over the exact feed bytes.

The city signs the feed file as published; the kiosk checks the bytes it
received (after HTTP's gzip is undone) against the public key in its config.
A signature beside the feed keeps any static web server good enough to
publish from, and a signature over bytes (not over parsed JSON) means there
is no canonical form to get wrong.

Formats, chosen to be pasted and read by people:

- public key: the 32 raw bytes in base64 (one line in ``kiosk.toml``);
- private key: PKCS#8 PEM, as OpenSSL writes it, so a city can also sign
  with ``openssl pkeyutl -sign -rawin``;
- signature file: the 64 raw bytes in base64, one line.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.sync.errors import FeedBadSignature, FeedUnsigned, KeyFileError

SIGNATURE_BYTES = 64
MAX_SIGNATURE_FILE = 1024


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The public key as the one line that goes into ``[sync] public_key``."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def write_private_key(key: Ed25519PrivateKey, path: Path) -> None:
    """Write the PEM readable by its owner only; never overwrite an existing key."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(
            path=str(path), problem="sie existiert schon und wird nicht überschrieben"
        ) from None
    except OSError as error:
        raise KeyFileError(path=str(path), problem=error.strerror or str(error)) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_key_pem(key))


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise KeyFileError(path=str(path), problem=error.strerror or str(error)) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise KeyFileError(
            path=str(path), problem=f"kein privater PEM-Schlüssel ohne Passwort ({error})"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(path=str(path), problem="kein Ed25519-Schlüssel")
    return key


def load_public_key(text: str) -> Ed25519PublicKey:
    """The key from ``[sync] public_key`` (validated by the config already)."""
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    """The signature file's content for ``data``."""
    return base64.b64encode(key.sign(data)).decode("ascii") + "\n"


def parse_signature(content: bytes) -> bytes:
    """The 64 signature bytes from a signature file; FeedUnsigned when it holds none."""
    text = content.strip()
    if not text:
        raise FeedUnsigned(detail="die Signaturdatei ist leer")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise FeedUnsigned(detail="die Signaturdatei enthält kein Base64") from None
    if len(raw) != SIGNATURE_BYTES:
        raise FeedUnsigned(detail=f"die Signatur hat {len(raw)} statt {SIGNATURE_BYTES} Bytes")
    return raw


def verify(public_key: str, data: bytes, signature_file: bytes) -> None:
    """Raise unless ``signature_file`` is the city's signature over exactly ``data``."""
    signature = parse_signature(signature_file)
    try:
        load_public_key(public_key).verify(signature, data)
    except InvalidSignature:
        raise FeedBadSignature() from None
