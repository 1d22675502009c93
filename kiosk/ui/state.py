"""The app's state in one place: screens bind to these properties, never to each other.

``tr`` is the gettext function of the chosen language, held in a Kivy
property: a .kv rule written ``text: app.state.tr("Heute hier")`` binds to it,
so choosing another language re-evaluates every such text at once, live.
"""

from __future__ import annotations

import gettext

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ObjectProperty, OptionProperty, StringProperty

from kiosk.i18n import translation
from kiosk.i18n.languages import is_rtl

# How the slip of the ticket on screen is doing.
PRINT_STATES = ("none", "printing", "printed", "failed", "off")


class KioskState(EventDispatcher):
    language = StringProperty("de")
    rtl = BooleanProperty(False)
    translation = ObjectProperty(gettext.NullTranslations(), rebind=True)
    tr = ObjectProperty(gettext.NullTranslations().gettext)

    snapshot = ObjectProperty(None, allownone=True)  # kiosk.ui.snapshot.Snapshot
    service_id = StringProperty("")  # the service the visitor is looking at

    issuing = BooleanProperty(False)  # a take-a-ticket request is under way
    issued = ObjectProperty(None, allownone=True)  # kiosk.store.queue.Issued
    issue_error = ObjectProperty(None, allownone=True)  # a KioskError, rendered per language
    print_state = OptionProperty("none", options=PRINT_STATES)
    print_message = StringProperty("")  # German sentence from the printer; shown translated
    preview_png = StringProperty("")
    printer_status = ObjectProperty(None, allownone=True)  # kiosk.printing.PrinterStatus

    maintenance_note = StringProperty("")  # last result shown on the maintenance screen

    # Appointments (kiosk.ui.booking_flow): the slot being booked, and how the booking went.
    offer = ObjectProperty(None, allownone=True)  # kiosk.core.appointments.SlotOffer chosen
    booking_name = StringProperty("")  # optional first name or initials for the staff list
    booking_busy = BooleanProperty(False)  # a booking request is under way (maybe waiting for the city)
    booking = ObjectProperty(None, allownone=True)  # kiosk.store.bookings.Reserved, once it stands
    booking_error = ObjectProperty(None, allownone=True)  # a KioskError, rendered per language
    booking_print = OptionProperty("none", options=PRINT_STATES)  # the appointment slip
    booking_preview = StringProperty("")
    keypad_mode = OptionProperty("code", options=("code", "name"))
    checked_in = ObjectProperty(None, allownone=True)  # kiosk.store.bookings.CheckedIn shown as a ticket

    def set_language(self, code: str) -> None:
        found = translation(code)
        self.translation = found
        self.rtl = is_rtl(code)
        self.language = code
        self.tr = found.gettext  # last: rules bound to tr re-render with rtl already set

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translation.ngettext(singular, plural, count)

    def forget_booking(self) -> None:
        self.offer = None
        self.booking_name = ""
        self.booking_busy = False
        self.booking = None
        self.booking_error = None
        self.booking_print = "none"
        self.booking_preview = ""

    def forget_ticket(self) -> None:
        self.issued = None
        self.issue_error = None
        self.checked_in = None
        self.issuing = False
        self.print_state = "none"
        self.print_message = ""
        self.preview_png = ""
