"""A USB printer driven directly through libusb (pyusb).

Three field problems of cheap USB printers on a Raspberry Pi are designed
for here: the kernel's usblp driver holding the printer ("Resource busy": we
detach it, and if we may not, the message says how to stop it or to use the
``file`` backend on /dev/usb/lp0 instead); USB timeouts on 58 mm printers
whose small buffer fills while they print a picture (the slip goes in small
pieces and the timeout counts per piece, so a slow printer is fine and only
a stuck one fails); and a printer switched on after the kiosk (every slip
opens the device anew, so it is found as soon as it is there).
The endpoints are read from the device rather than assumed (python-escpos
assumes 0x01/0x82, which many printers do not use).
"""

from __future__ import annotations

import contextlib
import errno
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.core.errors import N_
from kiosk.printing.transports.base import EscposStatusTransport, offline

CHUNK = 512  # a few USB packets: small enough for the buffer of a cheap 58 mm printer

NO_PYUSB = N_("Für einen USB-Drucker fehlt pyusb. Bitte installieren: pip install 'quartierskiosk[usb]'.")
NO_LIBUSB = N_("Für einen USB-Drucker fehlt libusb. Bitte das Debian-Paket libusb-1.0-0 installieren.")
MISSING = N_(
    "Der USB-Drucker {ids} ist nicht angeschlossen oder aus. Bitte einschalten und das Kabel prüfen "
    "(lsusb zeigt ihn); gedruckt wird dann ohne Neustart."
)
BUSY = N_(
    "Der USB-Drucker {ids} ist belegt („Resource busy“): meist hält ihn der Kerneltreiber usblp. "
    'Abhilfe: in [printer] backend = "file" mit device = "/dev/usb/lp0" nutzen, oder usblp '
    "abschalten (echo 'blacklist usblp' | sudo tee /etc/modprobe.d/no-usblp.conf; sudo rmmod usblp)."
)
NO_ACCESS = N_(
    "Keine Berechtigung für den USB-Drucker {ids}. Bitte eine udev-Regel anlegen: "
    'SUBSYSTEM=="usb", ATTRS{{idVendor}}=="{vendor}", ATTRS{{idProduct}}=="{product}", '
    'MODE="0660", GROUP="lp" in /etc/udev/rules.d/60-kiosk-printer.rules, dann den Drucker neu einstecken.'
)
FAILED = N_("Der USB-Drucker {ids} lässt sich nicht öffnen ({reason}). Bitte aus- und wieder einschalten.")
STALLED = N_(
    "Der USB-Drucker {ids} nimmt seit {seconds} s keine Daten an. Bitte Papier und Klappe prüfen, "
    "sonst aus- und wieder einschalten."
)
DROPPED = N_(
    "Der USB-Drucker {ids} verschwand mitten im Druck (Kabel gezogen oder ausgeschaltet). "
    "Der Zettel kann unvollständig sein."
)


@dataclass
class UsbFailure(Exception):
    """What went wrong on the bus, without pyusb's types."""

    kind: str  # "no_pyusb", "no_libusb", "missing", "busy", "access", "timeout", "gone", "other"
    reason: str = ""


class UsbLink(Protocol):
    """An opened, claimed printer interface."""

    can_read: bool

    def write(self, data: bytes, timeout_ms: int) -> int: ...
    def read(self, size: int, timeout_ms: int) -> bytes: ...
    def close(self) -> None: ...


Connect = Callable[[int, int, int, int | None, int | None], UsbLink]


def _kind(error: Any) -> str:
    code = getattr(error, "errno", None)
    if code == errno.EBUSY:
        return "busy"
    if code in (errno.EACCES, errno.EPERM):
        return "access"
    if code == errno.ETIMEDOUT:
        return "timeout"
    if code in (errno.ENODEV, errno.ENOENT, errno.EPIPE, errno.EIO):
        return "gone"
    return "other"


class PyUsbLink:
    """The real thing: a pyusb device with its kernel driver detached and interface claimed."""

    def __init__(
        self, vendor: int, product: int, interface: int, out_ep: int | None, in_ep: int | None
    ) -> None:
        try:
            import usb.core
            import usb.util
        except ImportError:
            raise UsbFailure("no_pyusb") from None
        self._usb = usb
        try:
            device = usb.core.find(idVendor=vendor, idProduct=product)
        except usb.core.NoBackendError:
            raise UsbFailure("no_libusb") from None
        if device is None:
            raise UsbFailure("missing")
        self._device, self._interface = device, interface
        try:
            if device.is_kernel_driver_active(interface):
                device.detach_kernel_driver(interface)
            try:
                config = device.get_active_configuration()
            except usb.core.USBError:
                device.set_configuration()
                config = device.get_active_configuration()
            usb.util.claim_interface(device, interface)
        except usb.core.USBError as error:
            usb.util.dispose_resources(device)
            raise UsbFailure(_kind(error), str(error)) from None
        endpoints = list(config[(interface, 0)].endpoints())
        outs = [
            e.bEndpointAddress
            for e in endpoints
            if usb.util.endpoint_direction(e.bEndpointAddress) == usb.util.ENDPOINT_OUT
        ]
        ins = [
            e.bEndpointAddress
            for e in endpoints
            if usb.util.endpoint_direction(e.bEndpointAddress) == usb.util.ENDPOINT_IN
        ]
        self._out = out_ep if out_ep is not None else (outs[0] if outs else 0x01)
        self._in = in_ep if in_ep is not None else (ins[0] if ins else None)
        self.can_read = self._in is not None

    def write(self, data: bytes, timeout_ms: int) -> int:
        try:
            return int(self._device.write(self._out, data, timeout_ms))
        except self._usb.core.USBError as error:
            raise UsbFailure(_kind(error), str(error)) from None

    def read(self, size: int, timeout_ms: int) -> bytes:
        assert self._in is not None
        try:
            return bytes(self._device.read(self._in, size, timeout_ms))
        except self._usb.core.USBTimeoutError:
            return b""
        except self._usb.core.USBError as error:
            raise UsbFailure(_kind(error), str(error)) from None

    def close(self) -> None:
        with contextlib.suppress(self._usb.core.USBError):  # unplugged: nothing left to release
            self._usb.util.release_interface(self._device, self._interface)
        self._usb.util.dispose_resources(self._device)


class UsbTransport(EscposStatusTransport):
    def __init__(
        self,
        vendor_id: int,
        product_id: int,
        interface: int = 0,
        out_endpoint: int | None = None,
        in_endpoint: int | None = None,
        *,
        write_timeout: float = 10.0,
        status_timeout: float = 1.5,
        check_status: bool = True,
        connect: Connect = PyUsbLink,
    ) -> None:
        super().__init__(check_status, status_timeout)
        self.ids = f"{vendor_id:04x}:{product_id:04x}"
        self._args = (vendor_id, product_id, interface, out_endpoint, in_endpoint)
        self.write_timeout = write_timeout
        self.description = f"Der USB-Drucker {self.ids}"
        self._connect = connect
        self._link: UsbLink | None = None

    def _failure(self, failure: UsbFailure, sent: int = 0) -> Exception:
        vendor, product = self.ids.split(":")
        messages = {
            "no_pyusb": NO_PYUSB,
            "no_libusb": NO_LIBUSB,
            "missing": MISSING,
            "busy": BUSY,
            "access": NO_ACCESS,
            "timeout": STALLED,
            "gone": DROPPED,
        }
        message = messages.get(failure.kind, FAILED if not sent else DROPPED)
        return offline(
            message,
            sent,
            ids=self.ids,
            vendor=vendor,
            product=product,
            reason=failure.reason,
            seconds=self.write_timeout,
        )

    def open(self) -> None:
        self.close()
        try:
            self._link = self._connect(*self._args)
        except UsbFailure as failure:
            raise self._failure(failure) from None
        self.asks_printer = self.check_status and self._link.can_read

    def write(self, data: bytes) -> None:
        assert self._link is not None, "open() first"
        sent = 0
        timeout_ms = int(self.write_timeout * 1000)
        try:
            while sent < len(data):
                sent += self._link.write(data[sent : sent + CHUNK], timeout_ms)
        except UsbFailure as failure:
            raise self._failure(failure, sent) from None

    def read_byte(self, deadline: float) -> int | None:
        assert self._link is not None, "open() first"
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                data = self._link.read(64, max(1, int(remaining * 1000)))
            except UsbFailure as failure:
                raise self._failure(failure) from None
            if data:
                return data[-1]  # a bulk read may carry an unasked byte first; the answer is last
        return None

    def discard_input(self) -> None:
        assert self._link is not None, "open() first"
        if not self._link.can_read:
            return
        try:
            while self._link.read(64, 1):
                pass
        except UsbFailure as failure:
            raise self._failure(failure) from None

    def status(self):
        if self._link is not None and not self._link.can_read:
            from kiosk.printing.types import PrinterState, PrinterStatus

            return PrinterStatus(PrinterState.UNKNOWN, NO_ANSWER_CHANNEL.format(ids=self.ids))
        return super().status()

    def close(self) -> None:
        if self._link is None:
            return
        with contextlib.suppress(Exception):
            self._link.close()
        self._link = None


NO_ANSWER_CHANNEL = N_("Der USB-Drucker {ids} hat keinen Rückkanal; Papier und Klappe kann er nicht melden.")
