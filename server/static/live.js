/* MotcuaLive: one live connection for every page (kiosk, counter, hall board, counter display).
 *
 * It joins the site room (and optionally a counter room), fetches the snapshot over HTTP, then
 * applies events in order of their per-site `seq`. After a reconnect, or when a `seq` is skipped,
 * it refetches the snapshot instead of guessing. Events older than the snapshot are ignored.
 *
 *   const live = MotcuaLive({
 *     site: "demo", counter: 3, token: "...",          // counter/token only for counter rooms
 *     snapshotUrl: "/api/v1/sites/demo/board",
 *     fetchOptions: {headers: {...}},                   // e.g. a bearer token
 *     events: ["ticket_called", "ticket_issued", "ticket_changed", "counter_changed", "day_ended"],
 *     onSnapshot: (snapshot) => {...}, onEvent: (name, data) => {...},
 *     onStatus: (online) => {...},                       // show or hide an "offline" badge
 *     onAuthError: (body) => {...},                      // 401/403 on the snapshot: stop and say why
 *   });
 */
(function () {
  "use strict";
  const DEFAULT_EVENTS = ["ticket_issued", "ticket_called", "ticket_changed", "counter_changed", "day_ended"];

  window.MotcuaLive = function (opts) {
    const state = { seq: null, loading: null, online: false, pending: [] };
    const socket = io(opts.url || undefined, {
      transports: ["websocket", "polling"],
      reconnection: true, reconnectionDelay: 1000, reconnectionDelayMax: 10000,
    });

    function status(online) {
      state.online = online;
      if (opts.onStatus) opts.onStatus(online);
    }

    async function refetch() {
      if (state.loading) return state.loading;
      state.loading = (async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            const response = await fetch(opts.snapshotUrl, Object.assign({ cache: "no-store" }, opts.fetchOptions || {}));
            if ((response.status === 401 || response.status === 403) && opts.onAuthError) {
              opts.onAuthError(await response.json().catch(() => ({})));
              return null;
            }
            if (!response.ok) throw new Error("snapshot " + response.status);
            const snapshot = await response.json();
            state.seq = snapshot.seq;
            opts.onSnapshot(snapshot);
            const queued = state.pending.splice(0);
            queued.forEach(([name, data]) => apply(name, data));
            return snapshot;
          } catch (error) {
            await new Promise((r) => setTimeout(r, Math.min(10000, 500 * 2 ** attempt)));
          }
        }
      })();
      try { return await state.loading; } finally { state.loading = null; }
    }

    function apply(name, data) {
      if (state.loading || state.seq === null) { state.pending.push([name, data]); return; }
      if (typeof data.seq !== "number") { opts.onEvent(name, data); return; }
      if (data.seq <= state.seq) return;            // already in the snapshot
      if (data.seq > state.seq + 1) {               // a gap: something was missed
        state.pending.push([name, data]);
        refetch();
        return;
      }
      state.seq = data.seq;
      opts.onEvent(name, data);
    }

    function join() {
      socket.emit("join_site", { site: opts.site }, () => {
        if (opts.counter !== undefined && opts.counter !== null) {
          socket.emit("join_counter", { site: opts.site, counter: opts.counter, token: opts.token }, (ack) => {
            if (ack && !ack.ok && opts.onError) opts.onError(ack);
          });
        }
        refetch();
      });
    }

    (opts.events || DEFAULT_EVENTS).forEach((name) => socket.on(name, (data) => apply(name, data)));
    socket.on("connect", () => { status(true); join(); });
    socket.on("disconnect", () => status(false));
    socket.on("connect_error", () => status(false));

    return { socket, refetch, get seq() { return state.seq; }, get online() { return state.online; } };
  };
})();
