/* The officer's counter page: current ticket, actions (buttons and keys), waiting list, today's figures.
 * The server decides; the page shows what it allows and, when it refuses, why. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const site = document.body.dataset.site;
  const number = Number(document.body.dataset.number);
  const base = `/api/v1/sites/${site}/counters/${number}`;
  const STATE = { open: { vi: "Đang mở", en: "Open" }, paused: { vi: "Tạm dừng", en: "Paused" },
                  closed: { vi: "Đóng", en: "Closed" } };
  const STATUS = { called: { vi: "đã gọi", en: "called" }, serving: { vi: "đang phục vụ", en: "serving" } };
  let snapshot = null;
  let clockOffset = 0;
  let busy = false;

  function say(text, info) {
    $("message").textContent = text || "";
    $("message").className = "message" + (info ? " info" : "");
  }

  function sectorName(code) {
    const sector = snapshot.all_sectors.find((s) => s.code === code);
    return sector ? Officer.t({ vi: sector.name_vi, en: sector.name_en || sector.name_vi }) : code;
  }

  function minutesSince(iso) {
    return Math.max(0, Math.floor((Date.now() + clockOffset - Date.parse(iso)) / 60000));
  }

  function priorityMark(ticket) {
    return ticket.priority ? "★ " + Officer.t({ vi: "Ưu tiên", en: "Priority" }) : "";
  }

  function render(data) {
    if (!data) return;
    snapshot = data;
    clockOffset = Date.parse(data.server_time) - Date.now();
    const siteName = Officer.t({ vi: data.site.name, en: data.site.name_en || data.site.name });
    $("title").textContent = `${data.name || "Quầy " + number} — ${siteName}`;
    $("state").textContent = Officer.t(STATE[data.state]);
    $("state").className = "badge " + data.state;
    $("officer").textContent = data.officer ? data.officer.name : "";
    const t = data.current;
    $("current").hidden = !t;
    $("current-none").hidden = !!t;
    if (!t) $("number").textContent = "";
    if (t) {
      $("number").textContent = t.number;
      $("sector").textContent = sectorName(t.sector);
      $("priority").textContent = priorityMark(t);
      $("status").textContent = Officer.t(STATUS[t.status] || { vi: t.status });
      $("waited").textContent = Officer.t({ vi: "Đã chờ ", en: "Waited " }) +
        Math.max(0, Math.round((Date.parse(t.called_at) - Date.parse(t.issued_at)) / 60000)) + Officer.t({ vi: " phút", en: " min" });
      $("recalls").textContent = Officer.t({ vi: "Gọi lại: ", en: "Recalls: " }) + `${t.recalls}/${data.recall_limit}`;
    }
    renderButtons();
    renderWaiting();
    renderAside();
    $("served").textContent = data.today.served;
    $("noshows").textContent = data.today.no_shows;
    $("average").textContent = data.today.average_service_seconds === null ? "–"
      : (data.today.average_service_seconds / 60).toFixed(1);
  }

  function renderButtons() {
    const allowed = new Set(snapshot.allowed_actions.map((a) => a.replace("_", "-")));
    if (snapshot.current && snapshot.current.recalls >= snapshot.recall_limit) allowed.delete("recall");
    document.querySelectorAll(".actions button").forEach((button) => {
      const action = button.dataset.action;
      if (action === "next") button.disabled = busy;
      else if (action === "pause") button.disabled = busy || snapshot.state === "closed";
      else button.disabled = busy || !allowed.has(action);
    });
    const resume = snapshot.state === "paused";
    $("pause").querySelector("span").textContent = Officer.t(resume ? { vi: "Mở lại quầy", en: "Resume" }
                                                                      : { vi: "Tạm dừng quầy", en: "Pause counter" });
  }

  function row(cells) {
    const tr = document.createElement("tr");
    cells.forEach(([text, cls]) => {
      const td = document.createElement("td");
      if (text instanceof Node) td.append(text); else td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    });
    return tr;
  }

  function renderWaiting() {
    const body = $("waiting");
    body.innerHTML = "";
    const list = [...snapshot.waiting].sort((a, b) => (b.priority ? 1 : 0) - (a.priority ? 1 : 0));
    $("waiting-count").textContent = list.length;
    list.forEach((t) => body.append(row([
      [t.number, "num"], [sectorName(t.sector)], [t.priority ? "★" : "", "priority"],
      [minutesSince(t.issued_at) + Officer.t({ vi: " phút", en: " min" })]])));
  }

  function renderAside() {
    const body = $("aside");
    body.innerHTML = "";
    snapshot.set_aside.forEach((t) => {
      const button = document.createElement("button");
      const action = t.status === "on_hold" ? "return" : "reinstate";
      button.textContent = Officer.t(action === "return" ? { vi: "Đưa lại hàng chờ", en: "Return" }
                                                         : { vi: "Khôi phục", en: "Reinstate" });
      button.dataset.ticket = t.id;
      button.dataset.ticketAction = action;
      button.addEventListener("click", () => ticketAction(t.id, action));
      body.append(row([[t.number, "num"], [Officer.t(t.status === "on_hold" ? { vi: "tạm hoãn", en: "on hold" }
                                                                              : { vi: "vắng mặt", en: "no-show" })], [button]]));
    });
  }

  async function handle(result, success) {
    if (result.status === 401) {
      location.href = "/counter/?reason=" + encodeURIComponent(Officer.errorText(result));
      return;
    }
    if (result.status >= 400 || result.status === 0) say(Officer.errorText(result));
    else say(success(result), true);
    await live.refetch();
  }

  let queue = Promise.resolve();
  let inFlight = null;

  /* Presses run one after another, each on the page as the previous one left it; pressing the
   * same key again while it is still in flight does nothing (one press, one request). */
  function act(action) {
    if (!snapshot || action === inFlight) return;
    queue = queue.then(() => perform(action)).catch(() => {});
  }

  async function perform(action) {
    inFlight = action;
    busy = true;
    renderButtons();
    let url = `${base}/${action}`;
    let body = snapshot.current ? { ticket_id: snapshot.current.id } : {};
    if (action === "pause") url = `${base}/${snapshot.state === "paused" ? "open" : "pause"}`, body = {};
    let result = null;
    try {
      if (action === "transfer") {
        body.sector = await chooseSector();
        if (!body.sector) return;
      }
      result = await Officer.call("POST", url, body);
    } finally {
      busy = false;
      inFlight = null;
      renderButtons();
    }
    await handle(result, (r) => {
      if (action === "next") return r.status === 204 ? Officer.t({ vi: "Không còn ai đang chờ.", en: "Nobody is waiting." })
        : Officer.t({ vi: "Đã gọi số ", en: "Called " }) + r.body.number;
      return Officer.t({ vi: "Đã thực hiện.", en: "Done." });
    });
  }

  async function ticketAction(id, action) {
    const result = await Officer.call("POST", `/api/v1/sites/${site}/tickets/${id}/${action}`, {});
    await handle(result, (r) => Officer.t({ vi: "Số ", en: "Ticket " }) + r.body.number +
      Officer.t({ vi: " đã trở lại hàng chờ.", en: " is back in the queue." }));
  }

  function chooseSector() {
    const select = $("transfer-sector");
    select.innerHTML = "";
    snapshot.all_sectors.filter((s) => !snapshot.current || s.code !== snapshot.current.sector)
      .forEach((s) => select.append(new Option(Officer.t({ vi: s.name_vi, en: s.name_en || s.name_vi }), s.code)));
    const dialog = $("transfer-dialog");
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok" ? select.value : null), { once: true });
      dialog.showModal();
    });
  }

  document.querySelectorAll(".actions button").forEach((b) => b.addEventListener("click", () => act(b.dataset.action)));
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || $("transfer-dialog").open) return;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName)) return;
    const button = document.querySelector(`.actions button[data-key="${event.key.toLowerCase()}"]`);
    if (button && (!button.disabled || busy)) { event.preventDefault(); act(button.dataset.action); }
  });
  $("lang").addEventListener("click", () => {
    Officer.setLang(Officer.lang === "vi" ? "en" : "vi");
    $("lang").textContent = Officer.lang === "vi" ? "English" : "Tiếng Việt";
    if (snapshot) render(snapshot);
  });
  $("signout").addEventListener("click", async () => {
    const closed = await Officer.call("POST", `${base}/close`, {});
    if (closed.status !== 200 && closed.status !== 401) { say(Officer.errorText(closed)); return; }
    await Officer.call("POST", "/api/v1/auth/logout", {});
    location.href = "/counter/";
  });

  Officer.setLang(Officer.lang);
  $("lang").textContent = Officer.lang === "vi" ? "English" : "Tiếng Việt";
  const live = MotcuaLive({
    site, counter: number, snapshotUrl: base,
    fetchOptions: { credentials: "same-origin", headers: { "Accept-Language": Officer.lang } },
    onSnapshot: render,
    onEvent: (name, data) => {
      // A new ticket only lengthens a waiting list: add it here instead of refetching, so that a morning
      // crowd at the kiosks does not make every counter of the centre reload its snapshot per ticket.
      if (name === "ticket_issued" && snapshot && data.ticket) {
        if (snapshot.sectors.some((s) => s.code === data.ticket.sector)) {
          snapshot.waiting.push(data.ticket);
          renderWaiting();
        }
        return;
      }
      live.refetch();   // any other change in the site may touch this counter's queue
    },
    onStatus: (online) => $("offline").classList.toggle("show", !online),
    onAuthError: (body) => {
      location.href = "/counter/?reason=" + encodeURIComponent(
        (Officer.lang === "en" ? body.message_en : body.message_vi) || body.message || "");
    },
  });
  setInterval(() => { if (snapshot) renderWaiting(); }, 15000);
})();
