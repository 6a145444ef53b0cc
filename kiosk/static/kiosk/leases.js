/* Seat leases: places the server holds for this tablet, per session, so that a sign-up made while
   the festival Wi-Fi is down can be confirmed for certain (signups/services/leases.py says why
   it is safe). While online and with nothing waiting in the outbox, the kiosk renews a small
   lease for each session that takes sign-ups. A sign-up takes from its session's lease when the
   lease has room and has not expired (on this tablet's own clock, counted from when the lease
   arrived, less a minute); it then names the lease, and the server confirms it from there
   when it arrives, however late. Kept in localStorage with the outbox, so a reload keeps it. */
window.KioskLeases = (function () {
  "use strict";
  var STORAGE_KEY = "greenroom.kiosk.leases";
  var MARGIN_MS = 60 * 1000;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORAGE_KEY)) || {}; } catch (e) { return {}; }
  }
  function save(leases) { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(leases)); }

  function usable(lease, places) {
    return lease && lease.places >= places && Date.now() < lease.until;
  }

  /* Ask for `wanted` places on each session still taking people. Skipped while writes wait in the
     outbox; a lease whose claims have not all arrived (409 lease_claims_pending) is kept as it is. */
  function renew(sessions, wanted) {
    var leases = load();
    if (wanted <= 0 && !Object.keys(leases).length) return Promise.resolve();  // leases turned off, none held
    var open = {};
    var asks = sessions.filter(function (s) { return s.availability === "open" || s.availability === "waitlist" || s.availability === "full"; });
    asks.forEach(function (s) { open[s.id] = true; });
    Object.keys(leases).forEach(function (id) { if (!open[id] && Date.now() >= leases[id].until) delete leases[id]; });
    save(leases);
    return Promise.all(asks.map(function (s) {
      var mine = load()[s.id];
      var headers = { "Content-Type": "application/json", "Accept": "application/json" };
      var csrf = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
      if (csrf) headers["X-CSRFToken"] = decodeURIComponent(csrf[1]);
      return window.fetch("/api/kiosk/sessions/" + s.id + "/lease", {
        method: "PUT", credentials: "same-origin", cache: "no-store",
        headers: headers,
        body: JSON.stringify(mine ? { places: wanted, claims: mine.claims, lease: mine.id } : { places: wanted })
      }).then(function (response) {
        if (!response.ok) return;
        return response.json().then(function (data) {
          var all = load();
          all[s.id] = { id: data.id, places: data.places, claims: data.claims, until: Date.now() + data.expires_in * 1000 - MARGIN_MS };
          save(all);
        });
      }).catch(function () { /* offline: keep what we hold */ });
    }));
  }

  /* A sign-up of `places` for a session: the lease id it takes its places from, or null. */
  function take(sessionId, places) {
    var leases = load();
    var lease = leases[sessionId];
    if (!usable(lease, places)) return null;
    lease.places -= places;
    lease.claims += 1;
    save(leases);
    return lease.id;
  }

  /* The server refused a sign-up that named a lease (it wrote nothing): put its places back. */
  function refused(sessionId, leaseId, places) {
    var leases = load();
    var lease = leases[sessionId];
    if (!lease || lease.id !== leaseId) return;
    lease.places += places;
    lease.claims = Math.max(0, lease.claims - 1);
    save(leases);
  }

  function held(sessionId) {
    var lease = load()[sessionId];
    return lease && Date.now() < lease.until ? lease.places : 0;
  }

  function clear() { window.localStorage.removeItem(STORAGE_KEY); }

  return { STORAGE_KEY: STORAGE_KEY, renew: renew, take: take, refused: refused, held: held, clear: clear };
})();
