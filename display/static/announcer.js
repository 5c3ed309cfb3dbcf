/* One announcement at a time, in the order the calls came: a burst of calls never talks over itself.
 *
 * Browsers block sound until a person has touched the page once; the first blocked play shows a
 * one-time "enable sound" button, and the choice is remembered on this screen (localStorage).
 * `?sound=off` in the URL silences a screen. `window.announcements` logs start/end for tests. */
(function () {
  "use strict";
  const KEY = "motcua.sound";
  const SAFETY_MS = 45000;

  window.Announcer = function (options) {
    const queue = [];
    let playing = false;
    const log = (window.announcements = window.announcements || []);
    const enabled = () => options.soundOff !== true;

    function ask() {
      if (options.onNeedGesture) options.onNeedGesture();
    }

    function next() {
      if (playing || !queue.length) return;
      const item = queue.shift();
      playing = true;
      const entry = { number: item.number, counter: item.counter, queued: item.queued, start: Date.now(), end: null, ok: false };
      log.push(entry);
      const audio = new Audio(item.url);
      let finished = false;
      const done = (ok) => {
        if (finished) return;
        finished = true;
        entry.end = Date.now();
        entry.ok = ok;
        playing = false;
        clearTimeout(safety);
        next();
      };
      const safety = setTimeout(() => done(false), SAFETY_MS);
      audio.addEventListener("ended", () => done(true));
      audio.addEventListener("error", () => done(false));
      audio.play().catch((error) => {
        if (error && error.name === "NotAllowedError") {
          localStorage.removeItem(KEY);
          queue.unshift(item);          // keep it: it plays once sound is enabled
          log.pop();
          finished = true;
          playing = false;
          clearTimeout(safety);
          ask();
        } else {
          done(false);
        }
      });
    }

    return {
      enqueue(number, counter) {
        if (!enabled()) return;
        const url = `/display/announcement/${encodeURIComponent(options.site)}.wav?number=${encodeURIComponent(number)}&counter=${counter}`;
        queue.push({ number, counter, url, queued: Date.now() });
        next();
      },
      unlock() {
        localStorage.setItem(KEY, "on");
        next();
      },
      get pending() { return queue.length; },
      get playing() { return playing; },
      needsGesture() { return enabled() && localStorage.getItem(KEY) !== "on"; },
    };
  };
})();
