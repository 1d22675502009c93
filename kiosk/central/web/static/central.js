// The planners' pages: every form and action button talks JSON to the same API, with the CSRF token.
"use strict";
(function () {
  const csrfMeta = document.querySelector("meta[name=csrf-token]");
  const csrf = csrfMeta ? csrfMeta.content : "";

  function lines(text) { return text.split("\n").map((l) => l.trim()).filter(Boolean); }

  const readers = {
    int: (el) => (el.value === "" ? null : parseInt(el.value, 10)),
    list: (el) => el.value.split(",").map((v) => v.trim()).filter(Boolean),
    spans: (el) => el.value.split(",").map((v) => v.trim()).filter(Boolean).map((v) => v.split("-").map((t) => t.trim())),
    texts: (el) => Object.fromEntries(lines(el.value).map((l) => { const i = l.indexOf(":"); return [l.slice(0, i).trim(), l.slice(i + 1).trim()]; })),
    mapping: (el) => Object.fromEntries(lines(el.value).map((l) => { const i = l.indexOf("="); return [l.slice(0, i).trim(), l.slice(i + 1).trim()]; })),
    closures: (el) => lines(el.value).map((l) => {
      const [when, ...rest] = l.split(/\s+/);
      const reason = rest.join(" ");
      const entry = when.includes("..") ? { from: when.split("..")[0], until: when.split("..")[1] } : { date: when };
      if (reason) entry.reason = reason;
      return entry;
    }),
  };

  function put(target, name, value) {
    const parts = name.split(".");
    let here = target;
    parts.slice(0, -1).forEach((p) => { here = here[p] = here[p] || {}; });
    const last = parts[parts.length - 1];
    if (here[last] && typeof here[last] === "object" && typeof value === "object" && !Array.isArray(value)) Object.assign(here[last], value);
    else here[last] = value;
  }

  async function collect(form) {
    const body = {};
    const path = {};
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.closest("[hidden]")) continue;
      const type = el.dataset.type;
      let value;
      if (el.type === "checkbox") value = el.checked;
      else if (type === "file-text") value = el.files && el.files[0] ? await el.files[0].text() : "";
      else if (readers[type]) value = readers[type](el);
      else value = el.value;
      if (el.hasAttribute("data-optional") && (value === "" || value === null)) continue;
      if (type === "spans" && value.length === 0) continue;
      if (el.hasAttribute("data-path")) { path[el.name] = value; continue; }
      if (el.name === "every" && value === 0) continue;
      put(body, el.name, value);
    }
    if (form.id === "add-session") {
      if (form.elements.every.value === "0") { delete body.weekday; delete body.valid_from; delete body.valid_until; }
      else delete body.date;
    }
    return { body, path };
  }

  async function call(spec, body, path) {
    const [method, template] = spec.split(" ");
    const url = template.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(path[k] || ""));
    const response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: method === "GET" || method === "DELETE" ? undefined : JSON.stringify(body || {}),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) throw new Error((data && data.error && data.error.message) || response.statusText);
    return data;
  }

  function next(el, data, path) {
    let target = el.dataset.next;
    const fromQuery = el.dataset.nextFromQuery && new URLSearchParams(location.search).get(el.dataset.nextFromQuery);
    if (fromQuery && fromQuery.startsWith("/")) target = fromQuery;
    if (target) location.href = target.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(path[k] || (data && data[k]) || ""));
    else location.reload();
  }

  document.querySelectorAll("form[data-api]").forEach((form) => {
    const error = form.querySelector(".error");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (error) error.hidden = true;
      try {
        const { body, path } = await collect(form);
        const data = await call(form.dataset.api, body, path);
        const show = form.dataset.show && form.querySelector("output");
        if (show) { show.textContent = data[form.dataset.show]; show.hidden = false; return; }
        next(form, data, path);
      } catch (failure) {
        if (error) { error.textContent = failure.message; error.hidden = false; }
      }
    });
  });

  document.querySelectorAll("button[data-api]").forEach((button) => {
    button.addEventListener("click", async () => {
      if (button.dataset.confirm && !confirm(button.dataset.confirm)) return;
      try { next(button, await call(button.dataset.api, {}, {}), {}); }
      catch (failure) { alert(failure.message); }
    });
  });

  const every = document.querySelector("#add-session select[name=every]");
  if (every) {
    const toggle = () => {
      const once = every.value === "0";
      document.querySelectorAll("#add-session [data-when=weekly]").forEach((el) => { el.hidden = once; });
      document.querySelectorAll("#add-session [data-when=once]").forEach((el) => { el.hidden = !once; });
    };
    every.addEventListener("change", toggle);
    toggle();
  }
})();
