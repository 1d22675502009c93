// The waiting-room display: live over SSE, with a clear "connection lost" state.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("texts").textContent);
  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const withSound = document.body.dataset.speech === "on";
  const LANG = document.documentElement.lang;
  // Reading right to left, the call runs from the code on the right to the room on the left.
  const ARROW = document.documentElement.dir === "rtl" ? "←" : "→";
  const LOST_AFTER_MS = 12000; // the server pings every 5 s
  const FRESH_MS = 90000; // calls older than this are shown, not announced, after a reconnect
  let source = null;
  let lastMessage = 0;
  let announced = null; // the newest call event id already announced
  let clockOffset = 0; // server time minus local time
  window.kioskDisplay = { states: 0, lastEventId: 0, shownAt: {} };

  function el(tag, cls, ...children) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    for (const child of children) node.append(child instanceof Node ? child : String(child));
    return node;
  }

  function place(call) { return call.room || call.desk; }

  // Ticket codes and room numbers keep their left-to-right order on an RTL page.
  function ltr(node) { node.dir = "ltr"; return node; }

  // The service's name in the display's language, else German, marked as German so a
  // screen reader and the browser's bidi treat it as what it is.
  function serviceName(offer) {
    const own = (offer.names || {})[LANG];
    const node = el("span", "name", own || offer.name);
    node.dir = "auto";
    if (!own) node.lang = "de";
    return node;
  }

  function render(state) {
    const fresh = [];
    const newest = state.recent.reduce((m, c) => Math.max(m, c.event_id), 0);
    if (announced === null) announced = newest; // a (re)loaded page does not replay old calls
    const serverNow = Date.parse(state.now);
    clockOffset = serverNow - Date.now();
    for (const call of [...state.recent].reverse()) {
      if (call.event_id > announced) {
        if (serverNow - Date.parse(call.at) < FRESH_MS) fresh.push(call);
        announced = call.event_id;
      }
    }
    const freshIds = new Set(fresh.map((c) => c.event_id));
    $("current").replaceChildren(...state.current.slice(0, 4).map((call) => {
      const tile = el("li", "tile" + (freshIds.has(call.event_id) ? " flash" : ""),
        ltr(el("span", "code", call.code)), el("span", "arrow", ARROW), ltr(el("span", "room", place(call))));
      tile.dataset.event = call.event_id;
      return tile;
    }));
    $("recent").replaceChildren(...state.recent.map((call) => el("li", freshIds.has(call.event_id) ? "flash" : "",
      ltr(el("span", "code", call.code)), el("span", "room", ARROW + " ", ltr(el("span", "", place(call)))),
      ltr(el("span", "time", call.time)))));
    $("onnow").replaceChildren(...state.on_now.map((o) => el("li", "",
      ltr(el("span", "prefix", o.prefix)), serviceName(o),
      el("span", "where", o.room ? fmt(T.room, { room: o.room }) : ""),
      el("span", "until", fmt(T.until, { time: o.until })),
      el("span", "waiting", fmt(T.waiting, { n: o.waiting })))));
    for (const call of fresh) {
      window.kioskDisplay.shownAt[call.code] = performance.now();
      window.kioskAnnouncer.announce(call.code, call.announce, withSound);
    }
    window.kioskDisplay.states += 1;
    window.kioskDisplay.lastEventId = state.last_event_id;
    if (withSound && window.kioskAnnouncer.soundBlocked()) { $("sound").textContent = T.sound_off; $("sound").hidden = false; }
  }

  function connected(ok) {
    $("lost").textContent = T.lost;
    $("lost").hidden = ok;
    document.body.classList.toggle("offline", !ok);
  }

  function connect() {
    if (source) source.close();
    source = new EventSource("/api/display/stream");
    source.addEventListener("state", (e) => { lastMessage = Date.now(); connected(true); render(JSON.parse(e.data)); });
    source.addEventListener("ping", (e) => {
      lastMessage = Date.now();
      connected(true);
      const now = JSON.parse(e.data).now;
      if (now) clockOffset = Date.parse(now) - Date.now();
    });
    source.addEventListener("error", () => connected(false));
    lastMessage = Date.now();
  }

  setInterval(() => {
    // A connection the network forgot to close never fires "error": notice the silence.
    if (Date.now() - lastMessage > LOST_AFTER_MS) { connected(false); connect(); }
    const now = new Date(Date.now() + clockOffset);
    $("clock").textContent = now.toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Berlin" });
  }, 1000);

  document.addEventListener("click", () => { window.kioskAnnouncer.unlock(); $("sound").hidden = true; });
  connect();
})();
