/* The kiosk's outbox: every write goes out with an Idempotency-Key. When the network is down the
   write waits in localStorage (key and all) and is replayed, in order, when the connection
   returns; the server applies a key once, so a write that did arrive but whose answer was lost
   is not applied twice. Queued writes are the only thing the kiosk keeps across visitors.
   A staff-only write (`staff: true`, e.g. a welfare visit) is stored without the staff token: the
   token stays in memory, and such a write is replayed only while staff mode is open again. */
window.KioskQueue = (function () {
  "use strict";
  var STORAGE_KEY = "greenroom.kiosk.outbox";
  var listeners = { change: [], delivered: [], unauthorized: [], staff_needed: [] };
  var flushing = null;
  var staffHeaders = function () { return null; };  // set by the kiosk: the staff token, when in staff mode

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORAGE_KEY)) || []; } catch (e) { return []; }
  }
  function save(items) {
    if (items.length) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
    else window.localStorage.removeItem(STORAGE_KEY);
    emit("change", items.length);
  }
  function emit(name, a, b) { listeners[name].forEach(function (fn) { fn(a, b); }); }
  function on(name, fn) { listeners[name].push(fn); }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function OfflineError() { this.offline = true; this.message = "offline"; }

  /* One delivery attempt. Resolves {status, ok, data}; rejects with OfflineError when the
     request did not get a real answer (no network, or a gateway saying the server is away). */
  function deliver(write, extraHeaders) {
    var headers = { "Accept": "application/json", "Idempotency-Key": write.key };
    var csrf = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (csrf) headers["X-CSRFToken"] = decodeURIComponent(csrf[1]);
    if (write.body !== undefined && write.body !== null) headers["Content-Type"] = "application/json";
    Object.keys(extraHeaders || {}).forEach(function (k) { headers[k] = extraHeaders[k]; });
    return window.fetch(write.url, {
      method: write.method, headers: headers, credentials: "same-origin", cache: "no-store",
      body: write.body === undefined || write.body === null ? undefined : JSON.stringify(write.body)
    }).then(function (response) {
      if (response.status === 502 || response.status === 503 || response.status === 504) throw new OfflineError();
      return response.json().catch(function () { return null; }).then(function (data) {
        return { status: response.status, ok: response.ok, data: data };
      });
    }, function () { throw new OfflineError(); });
  }

  /* Send a write now, or queue it if the kiosk is offline (or older writes are still waiting,
     so that order is kept). Resolves {queued: true} or the server's answer. */
  function send(write, extraHeaders) {
    write.key = write.key || newKey();
    write.queued_at = write.queued_at || new Date().toISOString();
    if (load().length) {
      save(load().concat([write]));
      flush();
      return Promise.resolve({ queued: true, key: write.key });
    }
    return deliver(write, extraHeaders).then(function (result) {
      if (result.status === 401) emit("unauthorized", result);
      return result;
    }, function (error) {
      if (!error.offline) throw error;
      save(load().concat([write]));
      return { queued: true, key: write.key };
    });
  }

  function flush() {
    if (!flushing) {
      flushing = replay().then(function () { flushing = null; }, function () { flushing = null; });
    }
    return flushing;
  }

  function replay() {
    var staff = staffHeaders();
    var items = load().filter(function (i) { return !i.staff || staff; });
    if (!items.length) { if (load().length) emit("staff_needed", load().length); return Promise.resolve(); }
    var item = items[0];
    return deliver(item, item.staff ? staff : null).then(function (result) {
      if (result.status === 401) { emit("unauthorized", result); return; }
      if (result.status === 403 && result.data && result.data.code === "staff_mode_required") {
        emit("staff_needed", load().length);  // kept: it goes out once staff mode is open again
        return;
      }
      save(load().filter(function (i) { return i.key !== item.key; }));
      emit("delivered", item, result);
      return replay();
    }, function () { emit("change", load().length); });
  }

  /* Withdraw a write that has not left the tablet yet (the hand-out undo while offline). */
  function withdraw(key) {
    var items = load();
    var left = items.filter(function (i) { return i.key !== key; });
    if (left.length === items.length) return false;
    save(left);
    return true;
  }

  function clear() { save([]); }

  return {
    STORAGE_KEY: STORAGE_KEY, send: send, flush: flush, withdraw: withdraw, clear: clear, on: on,
    setStaffHeaders: function (fn) { staffHeaders = fn; },
    count: function () { return load().length; }, items: load, newKey: newKey
  };
})();
