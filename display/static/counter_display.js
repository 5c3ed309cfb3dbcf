/* The citizen-facing screen at a counter: now serving, then the rating buttons after "finish".
 * It holds the counter's rating-device token (from the URL the Pi opens); the server decides
 * whether a rating is still awaited, and refuses anything else. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const site = document.body.dataset.site;
  const number = Number(document.body.dataset.number);
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const lang = params.get("lang") === "en" ? "en" : "vi";
  const base = `/api/v1/sites/${encodeURIComponent(site)}/counters/${number}`;
  const headers = { Authorization: "Bearer " + token, "Accept-Language": lang };
  const COLOURS = { 3: ["#c62828", "#1976d2", "#2e7d32"], 4: ["#c62828", "#757575", "#1976d2", "#2e7d32"],
                    5: ["#b71c1c", "#e53935", "#757575", "#1976d2", "#2e7d32"] };
  // Faces present in DejaVu Sans (U+263A, U+1F60A…), so no missing-glyph boxes on the Pi.
  const FACES = { 3: ["☹", "☺", "😊"], 4: ["☹", "😐", "☺", "😊"], 5: ["😠", "☹", "😐", "☺", "😊"] };
  let snapshot = null;
  let thanksUntil = 0;
  let countdown = null;
  const t = (pair) => pair[lang] || pair.vi;
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-vi]").forEach((el) => { el.textContent = el.dataset[lang]; });

  function show(id) {
    ["idle", "serving", "rate", "reasons-view", "thanks"].forEach((v) => { $(v).hidden = v !== id; });
  }

  function render(data) {
    if (!data) return;
    snapshot = data;
    $("counter-name").textContent = (data.counter.name || "Quầy " + number);
    $("officer").textContent = data.officer ? t({ vi: "Cán bộ: ", en: "Officer: " }) + data.officer.name : "";
    clearInterval(countdown);
    if (Date.now() < thanksUntil) { show("thanks"); return; }
    if (data.awaiting_rating) { showRating(data); return; }
    if (data.current) {
      $("number").textContent = (data.current.priority ? "★ " : "") + data.current.number;
      $("sector").textContent = lang === "en" ? data.current.sector_name_en || data.current.sector_name : data.current.sector_name;
      show("serving");
      return;
    }
    show("idle");
  }

  function showRating(data) {
    const scale = data.rating.scale;
    const levels = $("levels");
    levels.innerHTML = "";
    [...data.rating.levels].reverse().forEach((level) => {
      const button = document.createElement("button");
      button.dataset.score = level.score;
      button.style.background = COLOURS[scale][level.score - 1];
      const face = document.createElement("span");
      face.className = "face";
      face.textContent = FACES[scale][level.score - 1];
      button.append(face, document.createTextNode(t(level)));
      button.addEventListener("click", () => choose(level.score));
      levels.append(button);
    });
    let left = Math.ceil(data.awaiting_rating.seconds_left);
    const tickDown = () => {
      $("countdown").textContent = t({ vi: `Còn ${left} giây`, en: `${left} s left` });
      if (left-- <= 0) { clearInterval(countdown); live.refetch(); }
    };
    tickDown();
    countdown = setInterval(tickDown, 1000);
    show("rate");
  }

  function choose(score) {
    clearInterval(countdown);
    if (score === 1 && snapshot.rating.reasons.length) {
      const box = $("reasons");
      box.innerHTML = "";
      [...snapshot.rating.reasons, { code: null, vi: "Bỏ qua", en: "Skip" }].forEach((reason) => {
        const button = document.createElement("button");
        button.textContent = t(reason);
        button.dataset.reason = reason.code || "";
        button.addEventListener("click", () => send(score, reason.code));
        box.append(button);
      });
      show("reasons-view");
      return;
    }
    send(score, null);
  }

  let sending = false;
  async function send(score, reason) {
    if (sending || !snapshot.awaiting_rating) return;   // one tap, one rating
    sending = true;
    try {
      await fetch(`${base}/rating`, {
        method: "POST", headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify({ ticket_id: snapshot.awaiting_rating.ticket_id, score, reason }),
      });
    } catch (error) { /* the server may be down: thank the citizen anyway, the window will close */ }
    sending = false;
    thanksUntil = Date.now() + 4000;
    show("thanks");
    setTimeout(() => live.refetch(), 4100);
  }

  const live = MotcuaLive({
    site, counter: number, token, snapshotUrl: `${base}/display`, fetchOptions: { headers },
    events: ["ticket_called", "ticket_changed", "counter_changed", "rating_received", "day_ended"],
    onSnapshot: render,
    onEvent: (name, data) => {
      if (name === "ticket_called" && data.counter.number !== number) return;
      if (name === "ticket_changed" && data.counter !== number) return;
      live.refetch();
    },
    onStatus: (online) => $("offline").classList.toggle("show", !online),
    onAuthError: (body) => { $("counter-name").textContent = body.message || "Mã thiết bị không hợp lệ"; },
  });
  window.counterDisplay = { live, get state() { return snapshot; } };
})();
