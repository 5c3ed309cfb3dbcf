/* Shared by the officer's pages: language, CSRF-protected JSON calls, readable errors. */
(function () {
  "use strict";
  const LANG_KEY = "motcua.lang";

  function cookie(name) {
    const match = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
    return match ? decodeURIComponent(match.split("=")[1]) : "";
  }

  const Officer = {
    lang: localStorage.getItem(LANG_KEY) || "vi",

    setLang(lang) {
      this.lang = lang;
      localStorage.setItem(LANG_KEY, lang);
      document.documentElement.lang = lang;
      document.querySelectorAll("[data-vi]").forEach((el) => {
        el.textContent = el.dataset[lang] || el.dataset.vi;
      });
    },

    t(pair) { return pair[this.lang] || pair.vi; },

    /* JSON call; resolves to {status, body}; a network failure gives status 0 and a message. */
    async call(method, url, body) {
      const headers = { "Accept-Language": this.lang };
      if (method !== "GET") {
        headers["Content-Type"] = "application/json";
        headers["X-CSRF-Token"] = cookie("motcua_csrf");
      }
      try {
        const response = await fetch(url, {
          method, headers, credentials: "same-origin", cache: "no-store",
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null };
      } catch (error) {
        return { status: 0, body: { error: "offline", message: this.t({
          vi: "Không kết nối được máy chủ. Đang thử lại…", en: "Cannot reach the server. Retrying…" }) } };
      }
    },

    errorText(result) {
      const body = result.body || {};
      return (this.lang === "en" ? body.message_en : body.message_vi) || body.message || ("HTTP " + result.status);
    },
  };
  window.Officer = Officer;
})();
