"""The office: address, opening hours, and this week's plan."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty

from kiosk.ui.present import feed_text, opening_hours_lines, week_lines
from kiosk.ui.screens.base import KioskScreen


class InfoScreen(KioskScreen):
    office_name = StringProperty("")
    address = StringProperty("")
    about = StringProperty("")
    about_language = StringProperty("")
    show_calls = False

    def refresh(self) -> None:
        state = self.app.state
        snapshot, t = state.snapshot, state.translation
        office = snapshot.office
        self.office_name = office.name if office else ""
        self.address = office.address if office else ""
        self.about, self.about_language = feed_text(office.info, state.language) if office else ("", "")
        hours = self.ids.hours
        hours.clear_widgets()
        for day, text in opening_hours_lines(snapshot, state.language):
            hours.add_widget(Factory.PlanCell(text=day))
            hours.add_widget(Factory.PlanCell(text=text))
        week = self.ids.week
        week.clear_widgets()
        for heading, lines in week_lines(snapshot, snapshot.services, state.language, t):
            week.add_widget(Factory.SectionHeading(text=heading))
            for line in lines:
                week.add_widget(
                    Factory.PlanLineView(
                        time=line.time, name=line.name, name_language=line.name_language, room=line.room
                    )
                )
