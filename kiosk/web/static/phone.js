// The visitor's ticket page: updated live; vibrates once when the number is called.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("texts").textContent);
  const $ = (id) => document.getElementById(id);
  const token = document.body.dataset.token;
  let state = document.body.className.replace(/.*state-(\w+).*/, "$1");

  function render(view) {
    $("code").textContent = view.code;
    $("service").textContent = view.service;
    $("headline").textContent = view.headline;
    $("detail").textContent = view.detail;
    if (view.state === "called" && state !== "called" && navigator.vibrate) navigator.vibrate([300, 150, 300]);
    state = view.state;
    document.body.className = "phone state-" + view.state;
  }

  const source = new EventSource("/api/t/" + encodeURIComponent(token) + "/stream");
  source.addEventListener("ticket", (e) => { $("lost").hidden = true; render(JSON.parse(e.data)); });
  source.addEventListener("ping", () => { $("lost").hidden = true; });
  source.addEventListener("error", () => { $("lost").textContent = T.lost; $("lost").hidden = false; });
})();
