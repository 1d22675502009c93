// Announcements on the display, one after the other.
// A new call is queued behind the one being spoken, never cutting it off:
// chime, then German, then the visitor's language. Every step is logged in
// window.kioskAnnouncer.log so the browser tests can check the order.
"use strict";
window.kioskAnnouncer = (function () {
  const queue = [];
  const log = [];
  let busy = false;
  let audioContext = null;
  const STEP_TIMEOUT_MS = 15000;

  function context() {
    if (!audioContext) {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      audioContext = Ctx ? new Ctx() : null;
    }
    return audioContext;
  }

  function chime() {
    // Two soft tones (a "ding-dong") made in the browser: no file, works offline.
    const duration = 0.9;
    const ctx = context();
    if (ctx && ctx.state !== "closed") {
      const now = ctx.currentTime;
      [[659.25, 0], [523.25, 0.42]].forEach(([freq, at]) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = "sine";
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, now + at);
        gain.gain.exponentialRampToValueAtTime(0.4, now + at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.45);
        osc.connect(gain).connect(ctx.destination);
        osc.start(now + at);
        osc.stop(now + at + 0.5);
      });
    }
    return new Promise((resolve) => setTimeout(resolve, duration * 1000));
  }

  function speak(url) {
    return new Promise((resolve) => {
      const audio = new Audio(url);
      let finished = false;
      const done = (how) => { if (!finished) { finished = true; clearTimeout(timer); resolve(how); } };
      const timer = setTimeout(() => done("timeout"), STEP_TIMEOUT_MS);
      audio.addEventListener("ended", () => done("ended"));
      audio.addEventListener("error", () => done("error"));
      audio.play().catch(() => done("blocked"));
    });
  }

  async function pump() {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const item = queue.shift();
      for (const step of item.steps) {
        const entry = { code: item.code, step: step, start: performance.now(), end: null, result: null };
        log.push(entry);
        entry.result = step === "chime" ? (await chime(), "ended") : await speak(step);
        entry.end = performance.now();
      }
    }
    busy = false;
  }

  function announce(code, urls, withSound) {
    queue.push({ code: code, steps: withSound ? ["chime", ...urls] : [] });
    pump();
  }

  function soundBlocked() {
    const ctx = context();
    return Boolean(ctx && ctx.state === "suspended");
  }

  function unlock() {
    const ctx = context();
    if (ctx && ctx.state === "suspended") ctx.resume();
  }

  return { announce, log, queue, soundBlocked, unlock, isBusy: () => busy };
})();
