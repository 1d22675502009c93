"""The few building blocks every screen uses (layout in widgets.kv).

- :class:`KLabel` picks the shipped font that can draw its text (Kivy has no
  font fallback) and aligns to the reading direction.
- :class:`KButton` shows it was pressed at once and swallows the repeats a
  bouncing touchscreen or an impatient double tap produce.
- :class:`MirrorBox` lays its children out right to left for Arabic and Persian.
"""

from __future__ import annotations

import time

from kivy.app import App
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.label import Label

from kiosk.ui.fonts import ASSETS, font_for, shape_for_font

PICTOGRAMS = ASSETS / "pictograms"

# Touches closer together than this on one button are one press. FACTS: taps
# under 80 ms apart arrive as two presses; nervous double taps reach ~400 ms.
REPEAT_GUARD_S = 0.6


def pictogram_path(name: str) -> str:
    path = PICTOGRAMS / f"{name}.png"
    return str(path if path.exists() else PICTOGRAMS / "generic.png")


class KLabel(Label):
    """A label in the right font for its text, aligned to the reading direction.

    Sizing lives here, not in kv: a kv rule binding ``height`` in the base
    class keeps firing after a subclass rule overrides it, and the two then
    fight forever. ``wrap`` wraps at the label's width; with ``size_hint_y``
    None the height follows the text (at least ``min_height``; 0 when not
    ``shown``).
    """

    strong = BooleanProperty(False)  # the Bold font file (Label.bold would fake it)
    written_in = StringProperty("")  # the text's language when it is not the screen's (a German fallback)
    rtl = BooleanProperty(False)  # the direction it is laid out in (widgets.kv works it out)
    align = OptionProperty("start", options=("start", "center", "end"))
    wrap = BooleanProperty(True)
    shown = BooleanProperty(True)
    min_height = NumericProperty(0)
    role = StringProperty("body")  # a font size of the theme: small, body, button, title, ...
    tone = StringProperty("text")  # a text colour of the theme: text, text_muted, good, ...

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        for name in ("width", "wrap"):
            self.fbind(name, self._wrap)
        for name in ("texture_size", "size_hint_y", "shown", "min_height"):
            self.fbind(name, self._fit)
        for name in ("role", "tone"):
            self.fbind(name, self._apply_theme)
        app = App.get_running_app()
        self._theme = getattr(app, "theme", None)
        if self._theme is not None:
            self._theme.bind(version=self._apply_theme)  # bind(): a weak reference
        self._wrap()
        self._fit()
        self._apply_theme()

    # Font size and colour follow the theme in Python, by role: a base kv rule
    # binding ``font_size: app.theme.body`` keeps firing after a subclass or
    # instance rule overrides it, and wins whenever the theme changes.
    def _apply_theme(self, *_args: object) -> None:
        theme = getattr(self, "_theme", None)  # None while Label.__init__ still runs
        if theme is None:
            return
        self.font_size = getattr(theme, self.role)
        self.color = getattr(theme, self.text_tone())

    def text_tone(self) -> str:
        return self.tone

    def _wrap(self, *_args: object) -> None:
        self.text_size = (self.width, None) if self.wrap else (None, None)

    def _fit(self, *_args: object) -> None:
        if self.size_hint_y is None:
            self.height = max(self.min_height, self.texture_size[1]) if self.shown else 0
        self.opacity = 1 if self.shown else 0

    def on_text(self, _instance: object, text: str) -> None:
        self.font_name = font_for(text, self.strong)

    # ``text`` keeps what the screen asked for; only the drawn text swaps the
    # marks its font lacks. (Changing ``text`` inside on_text would not do:
    # observers later in the same dispatch still get the old value.)
    def _create_label(self) -> None:
        super()._create_label()
        self._label.text = shape_for_font(self.text)

    def _trigger_texture_update(self, name=None, source=None, value=None) -> None:
        if name == "text" and source:
            value = shape_for_font(value)
        super()._trigger_texture_update(name, source, value)

    def on_strong(self, _instance: object, strong: bool) -> None:
        self.font_name = font_for(self.text, strong)


class Debounced(ButtonBehavior):
    """A press that counts once: repeats, double taps and taps during a screen change are swallowed."""

    repeat_guard = NumericProperty(REPEAT_GUARD_S)
    swallow_double_tap = BooleanProperty(True)  # False on keypads, where 1-1 is meant
    _last_press = NumericProperty(-1e9)

    def on_touch_down(self, touch) -> bool:
        if self.disabled or not self.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        now = time.monotonic()
        app = App.get_running_app()
        settling = app is not None and hasattr(app, "input_ready") and not app.input_ready(now)
        repeated = touch.is_double_tap and self.swallow_double_tap
        if repeated or now - self._last_press < self.repeat_guard or settling:
            return True  # swallowed: the same press again, or a tap meant for the screen before
        self._last_press = now
        return super().on_touch_down(touch)


class KButton(Debounced, KLabel):
    """A button at least one touch target big, debounced."""

    kind = OptionProperty("secondary", options=("primary", "secondary", "quiet"))

    def on_kind(self, *_args: object) -> None:
        self._apply_theme()

    def text_tone(self) -> str:
        return {"primary": "on_primary", "secondary": "on_secondary", "quiet": "text"}[self.kind]


class FeedText(BoxLayout):
    """A text from the feed, and "only in German" under it when German stands in (widgets.kv)."""

    text = StringProperty("")
    written_in = StringProperty("")  # "" = in the visitor's language; see kiosk.ui.present.feed_text
    align = OptionProperty("start", options=("start", "center", "end"))
    strong = BooleanProperty(False)
    role = StringProperty("body")
    tone = StringProperty("text")


class Pictogram(Image):
    name = StringProperty("generic")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.source = pictogram_path(self.name)

    def on_name(self, _instance: object, name: str) -> None:
        self.source = pictogram_path(name)


class MirrorBox(BoxLayout):
    """A BoxLayout that, with ``rtl`` set, places its children right to left."""

    rtl = BooleanProperty(False)

    def on_rtl(self, *_args: object) -> None:
        self._trigger_layout()

    def do_layout(self, *args: object) -> None:
        super().do_layout(*args)
        if self.rtl and self.orientation == "horizontal":
            for child in self.children:
                child.x = self.x + self.right - child.right


class ServiceRowView(Debounced, MirrorBox):
    """One service in the "here today" list; the whole row is the button."""

    row = ObjectProperty(None, allownone=True)  # kiosk.ui.present.ServiceRow


class LanguageButton(KButton):
    code = StringProperty("")


class CallsBand(MirrorBox):
    """The band of numbers being called now, newest first."""

    calls = ObjectProperty((), rebind=True)

    def on_calls(self, _instance: object, calls: tuple) -> None:
        self.render()

    def on_size(self, *_args: object) -> None:
        self.render()

    def render(self) -> None:
        """Show the newest calls that fit in one line; older ones drop off the end."""
        from kivy.factory import Factory

        app = App.get_running_app()
        t = app.state.translation
        box = self.ids.codes
        box.clear_widgets()
        # The title's width follows its text one frame late; after a language
        # switch the new title may be wider, so measure the text itself now.
        title = self.ids.title
        title.texture_update()
        title_width = max(title.width, title.texture_size[0] + app.theme.pad)
        room = self.width - self.padding[0] - self.padding[2] - title_width - self.spacing
        used = 0.0
        for call in self.calls:
            where = t.gettext("Raum {room}").format(room=call.room) if call.room else call.desk_name
            item = Factory.CallItem(code=call.code, where=where)
            for label in (item.ids.code_label, item.ids.where_label):
                label.texture_update()
            width = item.ids.code_label.texture_size[0] + item.ids.where_label.texture_size[0] + item.spacing
            if used + width > room:
                break
            used += width + box.spacing
            box.add_widget(item)


class CallItem(MirrorBox):
    """One called number in the band: the code, and where to go."""

    code = StringProperty("")
    where = StringProperty("")


class PlanLineView(MirrorBox):
    """One session in the info screen's week plan: time, service, room."""

    time = StringProperty("")
    name = StringProperty("")
    name_language = StringProperty("")
    room = StringProperty("")
