"""Printer connections, one small class each; :func:`make_transport` picks one from the config."""

from __future__ import annotations

from kiosk.config import PrinterConfig
from kiosk.printing.transports.base import Transport, TransportError


def make_transport(config: PrinterConfig) -> Transport:
    """The connection the config names. Optional libraries load on first use, not here."""
    timeouts = {"write_timeout": config.write_timeout, "status_timeout": config.status_timeout}
    if config.backend == "network":
        from kiosk.printing.transports.network import NetworkTransport

        net = config.network
        return NetworkTransport(
            net.host,
            net.port,
            connect_timeout=config.connect_timeout,
            check_status=config.check_status,
            **timeouts,
        )
    if config.backend == "file":
        from kiosk.printing.transports.file import FileTransport

        return FileTransport(config.file.device, write_timeout=config.write_timeout)
    if config.backend == "serial":
        from kiosk.printing.transports.serial import SerialTransport

        ser = config.serial
        return SerialTransport(
            ser.device, ser.baudrate, ser.flow_control, check_status=config.check_status, **timeouts
        )
    if config.backend == "usb":
        from kiosk.printing.transports.usb import UsbTransport

        usb = config.usb
        return UsbTransport(
            usb.vendor_id,
            usb.product_id,
            usb.interface,
            usb.out_endpoint,
            usb.in_endpoint,
            check_status=config.check_status,
            **timeouts,
        )
    if config.backend == "cups":
        from kiosk.printing.transports.cups import CupsTransport

        return CupsTransport(config.cups.queue, config.cups.server, **timeouts)
    from kiosk.printing.transports.preview import PreviewTransport

    return PreviewTransport(config.preview.folder, config.preview.keep)


__all__ = ["Transport", "TransportError", "make_transport"]
