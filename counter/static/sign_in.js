/* Sign in, then pick a counter of one of the officer's sites (or go straight to the one already staffed). */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  let me = null;

  function say(id, text) { $(id).textContent = text || ""; }

  async function showCounters() {
    const site = $("site").value;
    const result = await Officer.call("GET", `/api/v1/sites/${site}/counters`);
    if (result.status !== 200) { say("choose-message", Officer.errorText(result)); return; }
    const box = $("counters");
    box.innerHTML = "";
    const mine = result.body.counters.find((c) => c.officer && c.officer.id === me.id && c.state !== "closed");
    if (mine) { location.href = `/counter/${site}/${mine.number}`; return; }
    result.body.counters.forEach((c) => {
      const button = document.createElement("button");
      const taken = c.officer && c.state !== "closed";
      button.disabled = taken;
      button.dataset.number = c.number;
      button.innerHTML = "";
      button.append(document.createTextNode(c.name || `${Officer.t({ vi: "Quầy", en: "Counter" })} ${c.number}`));
      const small = document.createElement("small");
      small.textContent = taken ? Officer.t({ vi: "Đang có cán bộ: ", en: "Staffed by: " }) + c.officer.name
                                : c.sectors.map((s) => s.code).join(", ");
      button.append(small);
      button.addEventListener("click", () => openCounter(site, c.number));
      box.append(button);
    });
  }

  async function openCounter(site, number) {
    const result = await Officer.call("POST", `/api/v1/sites/${site}/counters/${number}/open`, {});
    if (result.status !== 200) { say("choose-message", Officer.errorText(result)); return; }
    location.href = `/counter/${site}/${number}`;
  }

  async function afterSignIn() {
    const result = await Officer.call("GET", "/api/v1/auth/me");
    if (result.status !== 200) return false;
    me = result.body;
    $("signin").hidden = true;
    $("choose").hidden = false;
    $("site").innerHTML = "";
    me.sites.forEach((s) => $("site").append(new Option(Officer.lang === "en" && s.name_en ? s.name_en : s.name, s.code)));
    await showCounters();
    return true;
  }

  $("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    say("message", "");
    const result = await Officer.call("POST", "/api/v1/auth/login",
      { username: $("username").value, password: $("password").value });
    if (result.status !== 200) { say("message", Officer.errorText(result)); return; }
    await afterSignIn();
  });
  $("site").addEventListener("change", showCounters);
  $("lang").addEventListener("click", () => {
    Officer.setLang(Officer.lang === "vi" ? "en" : "vi");
    $("lang").textContent = Officer.lang === "vi" ? "English" : "Tiếng Việt";
  });
  Officer.setLang(Officer.lang);
  $("lang").textContent = Officer.lang === "vi" ? "English" : "Tiếng Việt";
  const reason = new URLSearchParams(location.search).get("reason");
  if (reason) say("message", reason);
  afterSignIn();
})();
