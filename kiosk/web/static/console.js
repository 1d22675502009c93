// The staff console: one page, talking to /api/staff/*, live through SSE.
// Data is put into the page with textContent only, never as HTML.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("texts").textContent);
  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  let csrf = null;
  let overview = null;
  let source = null;
  let refreshTimer = null;
  let chartsAt = 0;

  function when(iso) {
    // "26.11. 03:00" in office time, from an ISO time with offset.
    const date = new Date(iso);
    if (isNaN(date)) return iso;
    return date.toLocaleString("de-DE", { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Berlin" });
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (csrf && method !== "GET") headers["X-CSRF-Token"] = csrf;
    let response;
    try {
      response = await fetch(path, {
        method, headers, credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      return { ok: false, status: 0, error: { code: "offline", message: T.offline } };
    }
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (response.status === 401 && path !== "/api/staff/session") signedOut(data.error && data.error.message);
    return { ok: response.ok, status: response.status, data, error: data.error };
  }

  function say(target, text, isError) {
    const node = $(target);
    node.textContent = text || "";
    node.classList.toggle("error", Boolean(isError));
  }

  function signedOut(message) {
    // Several requests may fail at once; the first one's reason ("expired") is the one to show.
    if ($("signin").hidden) showSignIn(message);
  }

  function showSignIn(message) {
    csrf = null;
    if (source) { source.close(); source = null; }
    $("console").hidden = true;
    $("signout").hidden = true;
    $("load").hidden = true;
    $("live").hidden = true;
    $("desk-label").textContent = "";
    $("signin").hidden = false;
    say("signin-error", message || "", true);
  }

  function showConsole(session) {
    csrf = session.csrf_token;
    $("signin").hidden = true;
    $("console").hidden = false;
    $("signout").hidden = false;
    $("live").hidden = false;
    $("desk-label").textContent = "· " + session.desk.name + (session.desk.room ? " (" + session.desk.room + ")" : "");
    connect();
    refresh();
  }

  function connect() {
    if (source) source.close();
    source = new EventSource("/api/staff/stream");
    source.addEventListener("changed", scheduleRefresh);
    source.addEventListener("open", () => { live(true); scheduleRefresh(); });
    source.addEventListener("error", () => live(false));
  }

  function live(ok) {
    $("live").textContent = ok ? T.online : T.offline;
    $("live").className = ok ? "live ok" : "live lost";
  }

  function scheduleRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 120);
  }

  async function refresh() {
    const result = await api("GET", "/api/staff/overview");
    if (!result.ok) return;
    overview = result.data;
    render(overview);
    loadAppointments();
    if (Date.now() - chartsAt > 10000) { chartsAt = Date.now(); loadStats(); }
  }

  // Appointments (issue 9): today's per service with their check-in, conflicts, cancelling.
  function shortDay(iso) { const [, m, d] = iso.split("-"); return Number(d) + "." + Number(m) + "."; }

  async function loadAppointments() {
    const result = await api("GET", "/api/staff/appointments");
    if (!result.ok) return;
    const data = result.data;
    const box = $("appointments");
    box.replaceChildren(...(data.services.length ? data.services.map((s) => el("div", { class: "appointment-service" },
      el("h3", {}, s.name),
      el("table", {}, el("tbody", {}, ...s.appointments.map((a) => el("tr", { class: a.state },
        el("td", { class: "time" }, a.time),
        el("td", { class: "code" }, a.display_code),
        el("td", {}, a.name || ""),
        el("td", { class: a.state }, a.ticket ? fmt(T.appointment_ticket, { ticket: a.ticket, state: a.ticket_state }) : a.state_text),
        el("td", { class: "conflict" }, a.conflict || ""),
        el("td", {}, a.cancellable ? el("button", { class: "small", onclick: () => cancelAppointment(a) }, T.appointment_cancel) : null))))))
    ) : [el("p", { class: "muted" }, T.appointments_none)]));
    $("conflicts-box").hidden = data.conflicts.length === 0;
    $("conflicts").replaceChildren(...data.conflicts.map((c) => el("li", {},
      shortDay(c.day) + " " + c.time + " · " + c.service_name + " · " + c.display_code + (c.name ? " (" + c.name + ")" : "") + ": " + c.conflict + " ",
      c.cancellable ? el("button", { class: "small", onclick: () => cancelAppointment(c) }, T.appointment_cancel) : null)));
  }

  async function cancelAppointment(a) {
    if (!window.confirm(fmt(T.appointment_cancel_confirm, { code: a.display_code, day: shortDay(a.day), time: a.time }))) return;
    const result = await api("POST", "/api/staff/appointments/" + encodeURIComponent(a.code) + "/cancel");
    say("appointments-message", result.ok ? fmt(T.appointment_cancelled, { code: a.display_code }) : (result.error ? result.error.message : T.error), !result.ok);
    loadAppointments();
  }

  function render(o) {
    const t = o.ticket;
    $("current-code").textContent = t ? t.code : "–";
    $("current-info").textContent = t ? t.service_name + " · " + t.state_text + (t.called ? " · " + t.called : "") : T.no_ticket;
    $("current").className = "current" + (t ? " state-" + t.state : "");
    $("btn-recall").disabled = !t;
    $("btn-start").disabled = !t || t.state !== "called";
    $("btn-finish").disabled = !t;
    $("btn-noshow").disabled = !t || t.state !== "called";
    $("btn-transfer").disabled = !t;
    $("btn-pause").textContent = o.desk.paused ? T.resume : T.pause;
    $("btn-pause").classList.toggle("active", o.desk.paused);
    if (o.desk.paused && !$("message").textContent) say("message", T.paused);

    const select = $("transfer-to");
    const chosen = select.value;
    select.replaceChildren(...o.services.filter((s) => !t || s.id !== t.service)
      .map((s) => el("option", { value: s.id }, s.name)));
    if (chosen) select.value = chosen;

    const choices = $("service-choices");
    if (!choices.dataset.dirty) {
      choices.replaceChildren(...o.services.map((s) => el("label", { class: "choice" + (s.on_now ? " on" : "") },
        el("input", { type: "checkbox", name: "services", value: s.id, checked: s.mine }),
        " " + s.prefix + " · " + s.name + (s.today ? " (" + s.today.from + "–" + s.today.until + ")" : ""))));
    }

    const load = o.load;
    $("load").hidden = false;
    $("load").className = "load " + load.level;
    $("load-word").textContent = T["load_" + load.level];
    $("load-text").textContent = fmt(T.load_text, { waiting: load.waiting, desks: load.active_desks });

    const queues = $("queues");
    const shown = o.services.filter((s) => s.mine || s.waiting.length || s.on_now);
    queues.replaceChildren(...shown.map((s) => el("div", { class: "queue" + (s.mine ? " mine" : "") },
      el("h3", {}, el("span", { class: "dot " + s.load.level, title: T["load_" + s.load.level] }),
        " " + s.prefix + " · " + s.name + " ", el("small", {}, s.waiting.length + (s.mine ? " · " + T.mine : ""))),
      s.waiting.length ? el("ol", {}, ...s.waiting.map((w) => el("li", {},
        el("span", { class: "code" }, w.code),
        el("span", { class: "since" }, w.appointment ? fmt(T.appointment, { time: w.appointment }) : fmt(T.waiting_since, { minutes: w.waiting_minutes })),
        el("span", { class: "lang" }, w.language),
        el("button", { class: "small", onclick: () => reprint(w.code) }, T.reprint))))
        : el("p", { class: "muted" }, T.nobody_waiting))));

    const st = o.status;
    const p = st.printer || {};
    $("st-printer").textContent = (T.printer_states[p.state] || p.state || "") + (p.detail ? " – " + p.detail : "");
    $("st-printer").className = p.state === "ready" ? "st-ok" : (p.state === "unknown" ? "" : "st-warn");
    $("st-schedule").textContent = st.schedule.version
      ? fmt(T.schedule_age, { version: st.schedule.version, hours: st.schedule.age_hours ?? "?" }) : T.no_schedule;
    $("st-schedule").className = st.schedule.age_hours > 36 ? "st-warn" : "";
    const sy = st.sync || {};
    const parts = [];
    parts.push(sy.last_success ? fmt(T.sync_last, { when: when(sy.last_success) }) : T.sync_never);
    if (sy.last_error) parts.push(fmt(T.sync_error, { error: sy.last_error }));
    $("st-sync").textContent = parts.join(" · ");
    $("st-clock").textContent = st.clock && st.clock.behind ? T.clock_behind : "✓";
    $("st-clock").className = st.clock && st.clock.behind ? "st-warn" : "st-ok";
    const relay = st.relay;
    document.querySelectorAll(".relay").forEach((node) => { node.hidden = !relay; });
    if (relay) {
      $("st-relay").textContent = relay.last_error ? fmt(T.relay_error, { error: relay.last_error })
        : (relay.last_success ? fmt(T.relay_ok, { when: when(relay.last_success) }) : "…");
      $("st-relay").className = "relay " + (relay.last_error ? "st-warn" : "st-ok");
    }
    $("desks").replaceChildren(...o.desks.map((d) => el("li", { class: d.paused ? "paused" : "" },
      d.name + (d.room ? " (" + d.room + ")" : "") + ": " + (d.services.join(", ") || "–") +
      (d.ticket ? " · " + T.at_desk + " " + d.ticket : "") + (d.paused ? " · " + T.pause : ""))));
  }

  async function loadStats() {
    const v = Date.now();
    $("chart-arrivals").src = "/api/staff/charts/arrivals.svg?v=" + v;
    $("chart-waits").src = "/api/staff/charts/waits.svg?v=" + v;
    const result = await api("GET", "/api/staff/stats");
    if (!result.ok) return;
    const rows = result.data.services;
    $("stats").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", {}, T.service), el("th", {}, T.issued), el("th", {}, T.served),
        el("th", {}, T.no_shows), el("th", {}, T.wait))),
      el("tbody", {}, ...rows.map((r) => el("tr", {}, el("td", {}, r.name), el("td", {}, r.issued),
        el("td", {}, r.served), el("td", {}, r.no_shows),
        el("td", {}, r.wait_median === null ? "–" : Math.round(r.wait_median) + " / " + Math.round(r.wait_p90))))));
  }

  async function act(path, body, done) {
    const result = await api("POST", path, body);
    if (!result.ok) { if (result.status !== 401) say("message", result.error ? result.error.message : T.error, true); return; }
    say("message", done ? done(result.data) : "");
    refresh();
  }

  function place(call) { return call.room ? fmt(T.room, { room: call.room }) : call.desk; }

  async function reprint(code) {
    const result = await api("POST", "/api/staff/tickets/" + encodeURIComponent(code) + "/reprint");
    say("message", result.ok ? fmt(T.reprinted, { code }) : (result.error ? result.error.message : T.error), !result.ok);
  }

  $("btn-next").addEventListener("click", () => act("/api/staff/call-next", undefined,
    (c) => fmt(T.called, { code: c.code, place: place(c) })));
  $("btn-recall").addEventListener("click", () => act("/api/staff/recall", undefined,
    (c) => fmt(T.called, { code: c.code, place: place(c) })));
  $("btn-start").addEventListener("click", () => act("/api/staff/start"));
  $("btn-finish").addEventListener("click", () => act("/api/staff/finish", undefined, () => T.done));
  $("btn-noshow").addEventListener("click", () => act("/api/staff/no-show"));
  $("btn-transfer").addEventListener("click", () => act("/api/staff/transfer", { to_service: $("transfer-to").value }));
  $("btn-pause").addEventListener("click", async () => {
    const paused = !(overview && overview.desk.paused);
    const result = await api("PUT", "/api/staff/desk/pause", { paused });
    say("message", result.ok ? (paused ? T.paused : "") : result.error.message, !result.ok);
    refresh();
  });
  $("service-choices").addEventListener("change", () => { $("service-choices").dataset.dirty = "1"; });
  $("services-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const services = [...document.querySelectorAll("input[name=services]:checked")].map((i) => i.value);
    const result = await api("PUT", "/api/staff/desk/services", { services });
    delete $("service-choices").dataset.dirty;
    say("message", result.ok ? T.saved : result.error.message, !result.ok);
    refresh();
  });
  $("btn-sync").addEventListener("click", async () => {
    const result = await api("POST", "/api/staff/sync");
    if (!result.ok) { say("sync-message", result.error ? result.error.message : T.error, true); return; }
    say("sync-message", result.data.started_now ? T.sync_running : T.sync_busy);
    pollSync();
  });

  async function pollSync() {
    const result = await api("GET", "/api/staff/sync");
    if (!result.ok) return;
    const job = result.data;
    if (job.state === "running") { setTimeout(pollSync, 1000); return; }
    say("sync-message", job.message, job.state !== "succeeded");
    refresh();
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { account: form.get("account").trim(), secret: form.get("secret") };
    if (form.get("desk")) body.desk = Number(form.get("desk"));
    const result = await api("POST", "/api/staff/session", body);
    if (!result.ok) { say("signin-error", result.error ? result.error.message : T.error, true); return; }
    event.target.reset();
    showConsole(result.data);
  });

  $("signout").addEventListener("click", async () => {
    await api("DELETE", "/api/staff/session");
    showSignIn(T.signed_out);
  });

  (async function start() {
    const result = await api("GET", "/api/staff/session");
    const expired = result.error && result.error.code === "session_expired";
    if (result.ok) showConsole(result.data); else showSignIn(expired ? result.error.message : "");
  })();
})();
