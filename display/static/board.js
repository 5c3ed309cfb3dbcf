/* The hall board: applies live events to the snapshot; refetches on a gap or a reconnect. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const site = document.body.dataset.site;
  const params = new URLSearchParams(location.search);
  const lang = params.get("lang") === "en" ? "en" : "vi";
  const RECENT = 8;
  let board = null;
  window.snapshotFetches = 0;

  const t = (vi, en) => (lang === "en" ? en : vi);
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-vi]").forEach((el) => { el.textContent = el.dataset[lang]; });

  const announcer = Announcer({
    site, soundOff: params.get("sound") === "off",
    onNeedGesture: () => { $("sound").hidden = false; },
  });
  $("enable-sound").addEventListener("click", () => { $("sound").hidden = true; announcer.unlock(); });
  if (announcer.needsGesture()) $("sound").hidden = false;

  function counterLabel(n) { return t("Quầy ", "Counter ") + n; }

  function text(el, value) { el.textContent = value; return el; }

  function render() {
    $("site-name").textContent = lang === "en" && board.site.name_en ? board.site.name_en : board.site.name;
    $("ticker").textContent = board.ticker || "";
    const latest = board.recent_calls[0];
    $("latest-number").textContent = latest ? latest.number : "—";
    $("latest-counter").textContent = latest ? "→ " + counterLabel(latest.counter) : "";
    $("latest-priority").textContent = latest && latest.priority ? "★ " + t("Ưu tiên", "Priority") : "";
    const calls = $("calls");
    calls.innerHTML = "";
    board.recent_calls.slice(0, RECENT).forEach((c) => {
      const div = document.createElement("div");
      div.dataset.number = c.number;
      div.append(document.createTextNode((c.priority ? "★ " : "") + c.number));
      div.append(text(document.createElement("small"), counterLabel(c.counter)));
      calls.append(div);
    });
    const counters = $("counters");
    counters.innerHTML = "";
    board.counters.filter((c) => c.state !== "closed").forEach((c) => {
      const div = document.createElement("div");
      div.className = c.state;
      div.dataset.counter = c.number;
      div.append(text(document.createElement("b"), c.current ? (c.current.priority ? "★ " : "") + c.current.number : "—"));
      div.append(document.createTextNode(counterLabel(c.number) + (c.state === "paused" ? t(" (tạm dừng)", " (paused)") : "")));
      counters.append(div);
    });
    const sectors = $("sectors");
    sectors.innerHTML = "";
    board.sectors.forEach((s) => {
      const tr = document.createElement("tr");
      tr.dataset.sector = s.code;
      const wait = s.waiting ? `${s.estimated_wait.min_minutes}–${s.estimated_wait.max_minutes} ${t("phút", "min")}` : "";
      [lang === "en" && s.name_en ? s.name_en : s.name_vi, s.waiting, wait].forEach((value, i) => {
        const td = text(document.createElement("td"), value);
        if (i === 1) td.className = "n";
        tr.append(td);
      });
      sectors.append(tr);
    });
  }

  function mergeSectors(updates) {
    (updates || []).forEach((u) => {
      const i = board.sectors.findIndex((s) => s.code === u.code);
      if (i >= 0) board.sectors[i] = u;
    });
  }

  function flash() {
    const el = $("latest");
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
  }

  function onEvent(name, data) {
    mergeSectors(data.sectors);
    if (name === "ticket_called") {
      const call = { ticket_id: data.ticket.id, number: data.ticket.number, sector: data.ticket.sector,
                     priority: data.ticket.priority, counter: data.counter.number, at: data.ticket.called_at,
                     recall: data.recall > 0 };
      board.recent_calls = [call, ...board.recent_calls.filter((c) => c.ticket_id !== call.ticket_id)].slice(0, RECENT);
      const counter = board.counters.find((c) => c.number === call.counter);
      if (counter) { counter.current = data.ticket; counter.state = "open"; }
      render();
      flash();
      announcer.enqueue(call.number, call.counter);
      return;
    }
    if (name === "ticket_changed" && data.counter) {
      const counter = board.counters.find((c) => c.number === data.counter);
      if (counter && counter.current && counter.current.id === data.ticket.id &&
          ["finish", "no_show", "hold", "transfer", "cancel"].includes(data.action)) counter.current = null;
    }
    if (name === "counter_changed") {
      const counter = board.counters.find((c) => c.number === data.counter.number);
      if (counter) counter.state = data.counter.state;
    }
    if (name === "day_ended") { live.refetch(); return; }
    render();
  }

  function tick() {
    const now = new Date();
    const locale = lang === "en" ? "en-GB" : "vi-VN";
    $("time").textContent = now.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
    $("date").textContent = now.toLocaleDateString(locale, { weekday: "long", day: "numeric", month: "numeric", year: "numeric" });
  }

  const live = MotcuaLive({
    site, snapshotUrl: `/api/v1/sites/${encodeURIComponent(site)}/board`,
    onSnapshot: (snapshot) => { window.snapshotFetches += 1; board = snapshot; render(); },
    onEvent,
    onStatus: (online) => $("offline").classList.toggle("show", !online),
  });
  window.board = { live, announcer, get state() { return board; } };
  tick();
  setInterval(tick, 1000);
})();
