/* The touch page. One touch, one ticket: buttons lock on the first touch, and the touch carries an
 * id that the kiosk program (and the server, via Idempotency-Key) turns into exactly one ticket. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const COLOURS = ["#1565c0", "#2e7d32", "#6a1b9a", "#c62828", "#ef6c00", "#00838f", "#4e342e", "#283593", "#ad1457"];
  const ICONS = ["⌂", "✉", "☺", "♥", "⚒", "✎", "✓", "★", "☎"];
  const returnSeconds = Number(document.body.dataset.returnSeconds) || 10;
  let lang = document.body.dataset.language || "vi";
  let state = null;
  let priority = null;
  let busy = false;
  let pending = null;      // {sector, touch_id} of a touch the server has not answered yet
  let backTimer = null;
  let seenPress = null;    // the physical button press already shown (null: none seen yet)
  const t = (vi, en) => (lang === "en" ? en : vi);

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-vi]").forEach((el) => { el.textContent = el.dataset[lang]; });
    $("lang").textContent = lang === "vi" ? "English" : "Tiếng Việt";
    render();
  }

  function show(id) {
    ["working", "result", "problem"].forEach((v) => { $(v).hidden = v !== id; });
  }

  function render() {
    if (!state) return;
    $("centre").textContent = state.site ? (lang === "en" && state.site.name_en ? state.site.name_en : state.site.name) : "";
    $("offline").hidden = state.online;
    $("printer-warning").hidden = !["paper_out", "offline"].includes(state.printer);
    const box = $("sectors");
    box.innerHTML = "";
    state.sectors.forEach((s, i) => {
      const button = document.createElement("button");
      button.className = "sector";
      button.dataset.sector = s.code;
      button.style.background = COLOURS[i % COLOURS.length];
      button.disabled = !s.open || busy;
      const icon = document.createElement("span");
      icon.className = "icon";
      icon.textContent = ICONS[i % ICONS.length];
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = lang === "en" && s.name_en ? s.name_en : s.name_vi;
      button.append(icon, name);
      if (s.open) {
        const figures = document.createElement("span");
        figures.className = "figures";
        const wait = s.waiting ? ` · ${t("dự kiến", "about")} ${s.estimated_wait.min_minutes}–${s.estimated_wait.max_minutes} ${t("phút", "min")}` : "";
        figures.textContent = `${t("Đang chờ", "Waiting")}: ${s.waiting}${wait}`;
        button.append(figures);
      } else {
        const closed = document.createElement("span");
        closed.className = "closed";
        closed.textContent = lang === "en" ? s.closed_message_en : s.closed_message;
        button.append(closed);
      }
      button.addEventListener("click", () => touch(s));
      box.append(button);
    });
    const list = $("priority-list");
    if (!list.childElementCount && state.priority_categories) {
      state.priority_categories.forEach((p) => {
        const b = document.createElement("button");
        b.dataset.priority = p.code;
        b.textContent = lang === "en" ? p.name_en : p.name_vi;
        b.addEventListener("click", () => {
          priority = priority === p.code ? null : p.code;
          list.querySelectorAll("button").forEach((x) => x.classList.toggle("chosen", x.dataset.priority === priority));
        });
        list.append(b);
      });
    }
  }

  function touchId() {
    return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/-/g, "");
  }

  async function touch(sector) {
    if (busy) return;           // a second finger, a double tap: ignored
    busy = true;
    render();
    pending = { sector: sector.code, priority, touch_id: touchId(), name: sector };
    await send();
  }

  async function send() {
    show("working");
    let response, body;
    try {
      response = await fetch("/api/issue", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sector: pending.sector, priority: pending.priority, touch_id: pending.touch_id }) });
      body = await response.json();
    } catch (error) {
      body = { ok: false, error: "offline", message_vi: "Máy lấy số đang gặp sự cố. Vui lòng báo cán bộ hướng dẫn.",
               message_en: "The kiosk has a problem. Please ask the staff." };
    }
    if (body.ok) return showResult(body);
    $("problem-text").textContent = lang === "en" ? body.message_en : body.message_vi;
    $("retry").hidden = body.error !== "offline";   // only a lost connection is worth retrying (same touch)
    show("problem");
    if (body.error === "offline") backTimer = setTimeout(send, 5000);
  }

  function showResult(outcome) {
    const ticket = outcome.ticket;
    $("number").textContent = ticket.number;
    $("result-sector").textContent = (lang === "en" ? ticket.sector_name_en : ticket.sector_name) +
      (ticket.priority ? " · ★ " + t("Ưu tiên", "Priority") : "");
    const wait = ticket.estimated_wait || { max_minutes: 0 };
    $("result-wait").textContent = `${t("Người chờ trước", "People ahead")}: ${ticket.waiting_ahead}` +
      (wait.max_minutes ? ` · ${t("dự kiến", "about")} ${wait.min_minutes}–${wait.max_minutes} ${t("phút", "min")}` : "");
    $("print-message").textContent = outcome.printed ? "" : (lang === "en" ? outcome.message_en : outcome.message_vi);
    $("ticket-image").src = `/api/ticket/${ticket.id}.png`;
    show("result");
    pending = null;
    backTimer = setTimeout(reset, returnSeconds * 1000 * (outcome.printed ? 1 : 2));
  }

  function reset() {
    clearTimeout(backTimer);
    busy = false;
    pending = null;
    priority = null;
    $("priority-list").hidden = true;
    $("priority-toggle").classList.remove("on");
    $("priority-list").querySelectorAll("button").forEach((x) => x.classList.remove("chosen"));
    show(null);
    render();
  }

  async function refresh() {
    try {
      state = await (await fetch("/api/state", { cache: "no-store" })).json();
    } catch (error) {
      state = state ? { ...state, online: false } : null;
    }
    if (!busy) render();
    showButtonTicket();
  }

  function showButtonTicket() {
    // A citizen who pressed a physical sector button sees (or a helper reads) the number on screen too.
    const pressed = state && state.button_ticket;
    const press = pressed ? pressed.press : 0;
    if (seenPress === null) { seenPress = press; return; }   // presses from before the page loaded: not shown
    if (press <= seenPress || busy) return;                   // while a touch is on screen, show it afterwards
    seenPress = press;
    busy = true;
    if (pressed.ok) return showResult(pressed);
    $("problem-text").textContent = lang === "en" ? pressed.message_en : pressed.message_vi;
    $("retry").hidden = true;
    show("problem");
    backTimer = setTimeout(reset, returnSeconds * 1000);
  }

  $("done").addEventListener("click", reset);
  $("back").addEventListener("click", reset);
  $("retry").addEventListener("click", () => { clearTimeout(backTimer); send(); });
  $("lang").addEventListener("click", () => { lang = lang === "vi" ? "en" : "vi"; $("priority-list").innerHTML = ""; applyLanguage(); });
  $("priority-toggle").addEventListener("click", () => {
    const list = $("priority-list");
    list.hidden = !list.hidden;
    $("priority-toggle").classList.toggle("on", !list.hidden);
    if (list.hidden) priority = null;
  });
  applyLanguage();
  refresh();
  setInterval(refresh, 2000);   // the kiosk program on 127.0.0.1 keeps the figures; this poll stays local
})();
