/* The booth kiosk: attendee mode (today's workshops, sign-up, "Need help now", languages) and
   staff mode behind a PIN (check-in, walk-ins, no-shows, kit hand-outs, the welfare log and
   "Call the welfare lead"). Every change goes
   through the Greenroom API with the tablet's HttpOnly device cookie; writes go through
   KioskQueue so they survive the festival Wi-Fi. Plain JavaScript, no build step. */
(function () {
  "use strict";

  var boot = JSON.parse(document.getElementById("kiosk-boot").textContent);
  var help = null;  // the crisis lines, from /kiosk/help.json (kept by the service worker too)
  var STRINGS = window.KIOSK_STRINGS;
  var Queue = window.KioskQueue;
  var Leases = window.KioskLeases;

  var state = {
    lang: boot.default_language,
    today: boot.today,
    todayJSON: "",
    screen: "today",
    staffToken: null,        // memory only: a reload or an idle reset ends staff mode
    session: null,           // the session being signed up for
    online: navigator.onLine !== false,
    lastInput: Date.now(),
    lastRefresh: null,
    undo: null,              // {kind, movementId | visitId | token | queueKey, timer}
    outcome: null,           // the welfare outcome chosen for the next visit tap
    alertWhere: "booth",
    alert: null,             // {id, timer}: the alert whose status is polled
    rosterSession: null,
    rosterItems: [],         // the open session's sign-ups as loaded: the search box filters these, offline too
    rosterItemsFor: null,    // which session they are
    scanning: null
  };

  var $ = function (id) { return document.getElementById(id); };

  // --- Words -------------------------------------------------------------------------------
  function t(key, vars) {
    var table = STRINGS[state.lang] || STRINGS.en;
    var fallback = { offline_one: "offline_n", sending_one: "sending_n" }[key];
    var text = table[key] !== undefined ? table[key]
      : (fallback && table[fallback] !== undefined ? table[fallback] : (STRINGS.en[key] || key));
    // In a right-to-left language a filled-in name or title (often in Latin letters) is isolated
    // (FSI…PDI), so its punctuation and digits do not reorder the Arabic around it.
    var rtl = languageDir(state.lang) === "rtl";
    Object.keys(vars || {}).forEach(function (name) {
      var value = String(vars[name]);
      text = text.split("{" + name + "}").join(rtl ? "\u2068" + value + "\u2069" : value);
    });
    return text;
  }

  function languageDir(code) {
    var known = boot.languages.filter(function (l) { return l.code === code; })[0];
    return known && known.dir === "rtl" ? "rtl" : "ltr";
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.documentElement.dir = languageDir(state.lang);  // kiosk.css mirrors with logical properties
    document.querySelectorAll("[data-t]").forEach(function (el) { el.textContent = t(el.getAttribute("data-t")); });
    var current = boot.languages.filter(function (l) { return l.code === state.lang; })[0];
    $("k-lang-current").textContent = current ? current.name : state.lang;
    $("k-lang-current").setAttribute("lang", state.lang);
    document.querySelectorAll("#k-lang-dialog [data-lang]").forEach(function (b) {
      b.setAttribute("aria-current", b.getAttribute("data-lang") === state.lang ? "true" : "false");
    });
    renderToday(true);
    renderHelp();
    updateOfflineBanner();
  }

  // --- Screens -----------------------------------------------------------------------------
  function show(name) {
    state.screen = name;
    document.querySelectorAll(".k-screen").forEach(function (s) { s.hidden = s.id !== "screen-" + name; });
    document.body.setAttribute("data-mode", name === "staff" ? "staff" : "attendee");
    var heading = document.querySelector("#screen-" + name + " h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: false }); }
    window.scrollTo(0, 0);
  }

  // --- Today -------------------------------------------------------------------------------
  function spotsLabel(s) {
    if (s.availability === "open") {
      if (s.free_spots === null) return t("open_to_all");
      return s.free_spots === 1 ? t("spots_one") : t("spots_many", { n: s.free_spots });
    }
    return t(s.availability);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function sessionBody(s) {
    return [
      el("span", { className: "k-time", text: s.start_label + "–" + s.end_label }),
      s.started ? el("span", { className: "k-now", text: t("happening_now") }) : null,
      el("span", { className: "k-name", text: s.title }),
      el("span", { className: "k-spots " + s.availability, text: spotsLabel(s) }),
      s.availability === "waitlist" && s.waiting ? el("span", { text: t("waiting_n", { n: s.waiting }) }) : null
    ];
  }

  function renderToday(force) {
    var json = JSON.stringify(state.today.sessions) + state.lang;
    if (!force && json === state.todayJSON) return;
    state.todayJSON = json;
    var list = $("k-sessions");
    list.textContent = "";
    var sessions = state.today.sessions;
    if (!sessions.length) {
      list.appendChild(el("li", { text: t("no_sessions") }));
    }
    sessions.forEach(function (s) {
      var bookable = s.availability === "open" || s.availability === "waitlist";
      var item = bookable
        ? el("button", { type: "button", className: "k-session", "data-session": s.id }, sessionBody(s))
        : el("div", { className: "k-session k-closed" }, sessionBody(s));
      list.appendChild(el("li", {}, [item]));
    });
    if (state.lastRefresh) $("k-updated").textContent = t("updated", { time: clock(state.lastRefresh) });
    renderStaffSessions();
  }

  function clock() {
    // The server's "now" in the venue's zone: the tablet's own clock and zone may be off.
    return (state.today.now || "").slice(11, 16);
  }

  function refreshToday() {
    return window.fetch(boot.api.today, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) { lockOut(); return; }
        if (!response.ok) throw new Error("status " + response.status);
        return response.json().then(function (data) {
          state.today = data;
          state.lastRefresh = new Date();
          setOnline(true);
          // Places held for sign-ups made offline, renewed only once everything saved here has gone out.
          if (!Queue.count()) Leases.renew(data.sessions, boot.lease_places);
          renderToday(false);
          if (state.screen === "today") $("k-updated").textContent = t("updated", { time: clock(state.lastRefresh) });
        });
      })
      .catch(function () { setOnline(false); });
  }

  function findSession(id) {
    return state.today.sessions.filter(function (s) { return String(s.id) === String(id); })[0];
  }

  // --- Sign-up -----------------------------------------------------------------------------
  function openSignup(id) {
    var s = findSession(id);
    if (!s) return;
    state.session = s;
    var card = $("k-signup-session");
    card.textContent = "";
    card.appendChild(el("p", { className: "k-name", text: s.title }));
    card.appendChild(el("p", { text: s.start_label + "–" + s.end_label + " · " + spotsLabel(s) }));
    if (s.description) card.appendChild(el("p", { className: "k-hint", text: s.description }));
    var waitlist = s.availability === "waitlist";
    $("k-waitlist-note").hidden = !waitlist;
    $("k-signup-submit").textContent = waitlist ? t("submit_waitlist") : t("submit");
    $("k-signup-submit").setAttribute("data-t", waitlist ? "submit_waitlist" : "submit");
    $("k-signup-error").textContent = "";
    $("k-signup-form").reset();
    markInvalid(null);
    // A party: "How many places?" 1 to the session's max_party_size, shown only when it is over 1.
    var most = s.max_party_size || 1;
    var select = $("k-places");
    select.textContent = "";
    for (var n = 1; n <= most; n++) select.appendChild(el("option", { value: String(n), text: n === 1 ? t("just_me") : String(n) }));
    $("k-party").hidden = most < 2;
    $("k-interpretation-other-wrap").hidden = true;
    if (s.access_facts && s.access_facts.length) card.appendChild(el("p", { className: "k-hint", text: s.access_facts.join(" · ") }));
    show("signup");
  }

  function submitSignup(event) {
    event.preventDefault();
    var name = $("k-name").value.trim();
    var email = $("k-email").value.trim();
    var phone = $("k-phone").value.trim();
    var s = state.session;
    markInvalid(null);
    if (!name) { $("k-signup-error").textContent = t("name_needed"); $("k-name").focus(); return; }
    // The server checks the number and the tick (the API's one rule); the kiosk only says what it answered.
    // The kiosk's language: the attendee's emails, texts and sign-up page (its QR code) speak it.
    var body = { display_name: name, sms_consent: $("k-sms-consent").checked, language: state.lang };
    if (email) body.email = email;
    if (phone) body.phone = phone;
    var places = 1;
    if (!$("k-party").hidden) {
      places = parseInt($("k-places").value, 10) || 1;
      body.places = places;
      if ($("k-companion").checked) body.companion = true;
    }
    // Access needs: optional, sent only with the consent box ticked (the server refuses them without it).
    var needs = Array.prototype.map.call(document.querySelectorAll("#k-signup-form [name=access_needs]:checked"), function (box) { return box.value; });
    var interpretation = $("k-interpretation").value === "other" ? $("k-interpretation-other").value.trim() : $("k-interpretation").value;
    if ($("k-interpretation").value === "other" && !interpretation) { $("k-signup-error").textContent = t("interpretation_which_needed"); $("k-interpretation-other").focus(); return; }
    if (interpretation) needs.push("interpretation");
    var note = $("k-access-note").value.trim();
    if (needs.length || note) {
      if (!$("k-access-consent").checked) { $("k-signup-error").textContent = t("access_consent_needed"); $("k-access-consent").focus(); return; }
      body.access_needs = needs;
      if (interpretation) body.interpretation = interpretation;
      if (note) body.access_note = note;
      body.access_consent = true;
    }
    var button = $("k-signup-submit");
    button.disabled = true;
    // A place this tablet holds (the whole party's): the sign-up is certain even if the connection is down.
    // (A companion who comes free still takes a place from the lease: the tablet cannot know the session's rule offline.)
    var lease = Leases.take(s.id, places);
    if (lease) body.lease = lease;
    Queue.send({ method: "POST", url: "/api/sessions/" + s.id + "/signups", body: body, kind: "signup", label: s.title, session: s.id, places: places })
      .then(function (result) {
        button.disabled = false;
        if (result.queued) return lease ? showConfirmedOffline(s, name) : showPending(s);
        if (!result.ok && lease) Leases.refused(s.id, lease, places);
        if (result.ok && result.data && result.data.code === "already_signed_up") return showAlreadyOnList(s);
        if (result.ok) return showDone(s, name, result.data);
        var code = result.data && result.data.code;
        var field = SIGNUP_ERRORS[code];
        if (field) {
          $("k-signup-error").textContent = t(code);
          markInvalid(field);
          return;
        }
        $("k-signup-error").textContent = t("error", { detail: (result.data && result.data.detail) || result.status });
        refreshToday();
      }, function () { button.disabled = false; });
  }

  /* The sign-up refusals that name a field of the form: said in the kiosk's language, beside that field. */
  var SIGNUP_ERRORS = { invalid_phone: "k-phone", phone_needed: "k-phone", sms_consent_needed: "k-sms-consent", invalid_email: "k-email" };

  function markInvalid(id) {
    ["k-name", "k-email", "k-phone", "k-sms-consent"].forEach(function (other) {
      if (other === id) {
        $(other).setAttribute("aria-invalid", "true");
        $(other).setAttribute("aria-errormessage", "k-signup-error");
      } else {
        $(other).removeAttribute("aria-invalid");
        $(other).removeAttribute("aria-errormessage");
      }
    });
    if (id) $(id).focus();
  }

  function showDone(s, name, data) {
    $("k-signup-form").reset();
    var waitlisted = data.status === "waitlisted";
    $("done-heading").textContent = waitlisted ? t("waitlisted_heading", { name: name }) : t("confirmed_heading", { name: name });
    $("k-done-text").textContent = waitlisted
      ? t("waitlisted_text", { n: data.waitlist_position, title: s.title })
      : (data.places > 1 ? t("confirmed_party_text", { title: s.title, time: s.start_label, n: data.places })
        : t("confirmed_text", { title: s.title, time: s.start_label }));
    if (data.token) {
      $("k-done-qr-img").src = "/kiosk/qr/" + encodeURIComponent(data.token) + ".svg";
      $("k-done-qr-img").alt = t("qr_hint");
      $("k-done-qr").hidden = false;
    } else {
      $("k-done-qr").hidden = true;
    }
    show("done");
    refreshToday();
  }

  /* The email typed is already on the list: nobody at the booth sees that place or its QR code;
     its link has been emailed to the address again. */
  function showAlreadyOnList(s) {
    $("k-signup-form").reset();
    $("done-heading").textContent = t("already_heading");
    $("k-done-text").textContent = t("already_text", { title: s.title });
    $("k-done-qr").hidden = true;
    $("k-done-qr-img").removeAttribute("src");
    show("done");
  }

  /* Offline, from a place this tablet holds: confirmed for certain; the QR code and email follow
     once the sign-up reaches the server. */
  function showConfirmedOffline(s, name) {
    $("k-signup-form").reset();
    $("done-heading").textContent = t("confirmed_heading", { name: name });
    $("k-done-text").textContent = t("confirmed_offline_text", { title: s.title, time: s.start_label });
    $("k-done-qr").hidden = true;
    $("k-done-qr-img").removeAttribute("src");
    show("done");
  }

  function showPending(s) {
    $("k-signup-form").reset();
    $("done-heading").textContent = t("pending_heading");
    $("k-done-text").textContent = t("pending_text", { title: s.title });
    $("k-done-qr").hidden = true;
    $("k-done-qr-img").removeAttribute("src");
    show("done");
  }

  // --- Need help now -----------------------------------------------------------------------
  function loadHelp() {
    return window.fetch(boot.api.help, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) { lockOut(); return; }
        if (!response.ok) return;
        return response.json().then(function (data) { help = data; renderHelp(); });
      })
      .catch(function () { /* offline and never cached: the screen says to ask the staff */ });
  }

  function renderHelp() {
    var box = $("k-help-lines");
    box.textContent = "";
    var directory = help ? (help.languages[state.lang] || help.languages.en) : null;
    directory = directory || { emergency: "", lines: [] };
    if (directory.emergency) {
      box.appendChild(el("div", { className: "k-emergency" }, [
        el("p", { text: t("emergency") + " · " + (directory.country_name || help.country_name || help.country) }),
        el("p", { className: "k-number", text: directory.emergency })
      ]));
    }
    directory.lines.forEach(function (line) {
      // Everything here is decided by the server: which line is the main one, open now, the links.
      var number = line.tel ? el("a", { className: "k-number", href: line.tel, text: line.dial })
                            : el("p", { className: "k-number", text: line.dial });
      var open = line.always_open ? t("always_open") : [line.opens, line.hours].filter(Boolean).join(" · ");
      box.appendChild(el("div", { className: line.main ? "k-line k-main" : "k-line" }, [
        el("h2", { text: line.name }),
        line.tel ? el("p", {}, [number]) : number,
        line.sms ? el("p", { text: t("text_line") + ": " + line.sms }) : null,
        el("p", { text: open }),
        el("p", { className: "k-hint", text: line.checked_on ? t("line_checked", { date: line.checked_on }) : t("not_checked") })
      ]));
    });
    if (!directory.emergency && !directory.lines.length) box.appendChild(el("p", { className: "k-big", text: t("help_missing") }));
    if (directory.checked_on && !directory.unchecked) box.appendChild(el("p", { className: "k-hint", text: t("checked_on", { date: directory.checked_on }) }));
    if (directory.qr) $("k-help-qr").src = directory.qr;  // the help page in the language chosen here
  }

  // --- Offline banner ----------------------------------------------------------------------
  function setOnline(online) {
    if (state.online === online) return;
    state.online = online;
    updateOfflineBanner();
    if (online) Queue.flush();
  }

  function updateOfflineBanner() {
    var n = Queue.count();
    var banner = $("k-offline");
    if (!state.online) banner.textContent = n ? t(n === 1 ? "offline_one" : "offline_n", { n: n }) : t("offline");
    else banner.textContent = n ? t(n === 1 ? "sending_one" : "sending_n", { n: n }) : "";
  }

  // --- Idle reset --------------------------------------------------------------------------
  function markActive() {
    state.lastInput = Date.now();
    if ($("k-idle").open) $("k-idle").close();
  }

  function pristine() {
    return state.screen === "today" && state.lang === boot.default_language && !state.staffToken &&
      !$("k-lang-dialog").open;
  }

  function idleTick() {
    var idle = (Date.now() - state.lastInput) / 1000;
    if (pristine()) { if ($("k-idle").open) $("k-idle").close(); return; }
    // Someone reading the crisis lines is not hurried away: that screen holds nothing personal,
    // so it waits ten times longer before starting over.
    var scale = state.screen === "help" ? boot.help_idle_factor : 1;
    var reset = boot.idle_reset_seconds * scale, warning = reset - (boot.idle_reset_seconds - boot.idle_warning_seconds);
    if (idle >= reset) { resetKiosk(); return; }
    if (idle >= warning) {
      $("k-idle-text").textContent = t("idle_text", { n: Math.ceil(reset - idle) });
      if (!$("k-idle").open) $("k-idle").showModal();
    }
  }

  /* Back to the start: default language, attendee mode, and nothing personal left in the page
     or in the browser's storage (queued writes excepted: they must still reach the server). */
  function resetKiosk() {
    ["k-idle", "k-lang-dialog"].forEach(function (id) { if ($(id).open) $(id).close(); });
    stopScanner();
    clearUndo();
    leaveStaffMode(true);
    document.querySelectorAll("form").forEach(function (f) { f.reset(); });
    ["k-signup-session", "k-results", "k-roster-list", "k-staff-sessions", "k-stock", "done-heading", "k-done-text",
     "k-signup-error", "k-pin-error", "k-staff-notice", "k-undo-text", "k-roster-title", "k-alert-status"].forEach(function (id) { $(id).textContent = ""; });
    $("k-done-qr-img").removeAttribute("src");
    $("k-done-qr-img").alt = "";
    $("k-done-qr").hidden = true;
    $("k-roster").hidden = true;
    $("k-undo").hidden = true;
    state.session = null;
    state.rosterSession = null;
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be unavailable */ }
    try {
      for (var i = window.localStorage.length - 1; i >= 0; i--) {
        var key = window.localStorage.key(i);
        // Kept: the outbox and the places held (no personal data in the leases).
        if (key !== Queue.STORAGE_KEY && key !== Leases.STORAGE_KEY) window.localStorage.removeItem(key);
      }
    } catch (e) { /* storage may be unavailable */ }
    state.lang = boot.default_language;
    applyLanguage();
    show("today");
    state.lastInput = Date.now();
  }

  // --- Locked out (revoked) ----------------------------------------------------------------
  var lockingOut = false;
  function lockOut() {
    if (lockingOut) return;
    lockingOut = true;
    try { window.localStorage.clear(); window.sessionStorage.clear(); } catch (e) { /* ignore */ }
    var done = [];
    if (window.caches) done.push(window.caches.keys().then(function (keys) { return Promise.all(keys.map(function (k) { return window.caches.delete(k); })); }));
    if (navigator.serviceWorker) done.push(navigator.serviceWorker.getRegistrations().then(function (regs) { return Promise.all(regs.map(function (r) { return r.unregister(); })); }));
    Promise.all(done).catch(function () {}).then(function () { window.location.replace("/kiosk/"); });
  }

  // --- Staff mode --------------------------------------------------------------------------
  function staffHeaders() { return state.staffToken ? { "X-Kiosk-Staff": state.staffToken } : {}; }

  function staffGet(url) {
    return window.fetch(url, { credentials: "same-origin", cache: "no-store", headers: Object.assign({ "Accept": "application/json" }, staffHeaders()) })
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          if ((response.status === 401 || response.status === 403) && data && data.code === "staff_mode_required") { leaveStaffMode(false); show("pin"); }
          else if (response.status === 401) lockOut();
          return { status: response.status, ok: response.ok, data: data };
        });
      }, function () { setOnline(false); return { status: 0, ok: false, offline: true, data: null }; });
  }

  function notice(text, bad) {
    var n = $("k-staff-notice");
    n.textContent = text;
    n.className = "k-notice" + (bad ? " k-bad" : "");
  }

  /* Writes carried by the device cookie need Django's CSRF token, as any cookie-borne write does. */
  function withCsrf(headers) {
    var csrf = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (csrf) headers["X-CSRFToken"] = decodeURIComponent(csrf[1]);
    return headers;
  }

  /* The people rostered here now (their shift ± 30 minutes), so one can sign in as themselves
     with their own PIN; the server decides who may, this is only the list to pick from. */
  function loadOnShift() {
    var select = $("k-who-select");
    window.fetch(boot.api.on_shift, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (people) {
        while (select.options.length > 1) select.remove(1);
        (people || []).forEach(function (person) { select.appendChild(el("option", { value: String(person.id), text: person.name })); });
        $("k-who").hidden = !(people && people.length);
      }, function () { $("k-who").hidden = true; });
  }

  function submitPin(event) {
    event.preventDefault();
    var pin = $("k-pin").value;
    var who = $("k-who").hidden ? "" : $("k-who-select").value;
    $("k-pin").value = "";
    var body = { pin: pin };
    if (who) body.staff_member = Number(who);
    window.fetch(boot.api.staff_mode, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: withCsrf({ "Content-Type": "application/json", "Accept": "application/json" }), body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) {
          state.staffToken = data.staff_token;
          $("k-pin-error").textContent = "";
          enterStaff();
        } else if (response.status === 401 && data.code === "unauthenticated") {
          lockOut();
        } else {
          $("k-pin-error").textContent = data.detail || ("Error " + response.status);
          $("k-pin").focus();
        }
      });
    }, function () {
      $("k-pin-error").textContent = "The tablet is offline: staff mode needs a connection to check the PIN.";
    });
  }

  function enterStaff() {
    Queue.flush();  // staff-only writes saved while staff mode was closed go out now
    show("staff");
    selectTab("checkin");
    notice("");
    $("k-scan").hidden = !("BarcodeDetector" in window && navigator.mediaDevices);
  }

  function leaveStaffMode(quiet) {
    state.staffToken = null;
    stopAlertPolling();
    setOutcome(null);
    stopScanner();
    ["k-results", "k-roster-list", "k-staff-sessions", "k-stock", "k-roster-count"].forEach(function (id) { $(id).textContent = ""; });
    $("k-roster").hidden = true;
    $("k-roster-filter").value = "";
    state.rosterItems = [];
    state.rosterItemsFor = null;
    if (!quiet) show("today");
  }

  function selectTab(name) {
    notice("");
    document.querySelectorAll(".k-tab").forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-tab") === name ? "true" : "false"); });
    ["checkin", "sessions", "kits", "welfare"].forEach(function (p) { $("panel-" + p).hidden = p !== name; });
    if (name === "sessions") renderStaffSessions();
    if (name === "kits") loadStock();
    if (name !== "checkin") stopScanner();
  }

  var STATUS_LABELS = { confirmed: "Confirmed", waitlisted: "Waiting", checked_in: "Checked in", no_show: "No-show", cancelled: "Cancelled" };

  function partyLabel(s) {
    if (!s.places || s.places < 2) return "";
    var text = "party of " + s.places + (s.companion ? " (with a companion)" : "");
    if (s.status === "checked_in" && s.checked_in_count < s.places) text += ", " + s.checked_in_count + " in";
    return text;
  }

  function signupRow(s, session, inRoster) {
    var status = STATUS_LABELS[s.status] || s.status;
    if (s.status === "waitlisted" && s.waitlist_position) status += " #" + s.waitlist_position;
    var party = partyLabel(s);
    if (party) status += " · " + party;
    var buttons = el("div", { className: "k-buttons" });
    var toCome = (s.places || 1) - (s.status === "checked_in" ? (s.checked_in_count || 0) : 0);
    var canCheckIn = s.status === "confirmed" || (s.status === "checked_in" && toCome > 0) ||
      (s.status !== "checked_in" && session.signups_closed);
    if (canCheckIn) {
      // A party comes in person by person: how many are at the door now (default: all still to come).
      if (toCome > 1) {
        var people = el("select", { className: "k-people", "data-people-for": s.token, "aria-label": "How many of " + s.display_name + "'s party are here" });
        for (var n = toCome; n >= 1; n--) people.appendChild(el("option", { value: String(n), text: n + (n === toCome ? " (all)" : "") }));
        buttons.appendChild(people);
      }
      buttons.appendChild(el("button", { type: "button", className: "k-primary", "data-checkin": s.token,
        text: s.status === "checked_in" ? "Check in the rest" : (s.status === "confirmed" ? "Check in" : "Admit and check in") }));
    }
    if (s.status === "confirmed" && session.started) {
      buttons.appendChild(el("button", { type: "button", className: "k-danger", "data-noshow": s.token, text: "No-show" }));
    }
    // Staff mode only: what they asked the team to prepare (the server sends it to staff alone).
    var needs = (s.access_needs || []).join(" · ");
    if (s.access_note) needs = (needs ? needs + " · " : "") + "Note: " + s.access_note;
    return el("li", { className: "k-result" }, [
      el("div", { className: "k-text" }, [
        el("span", { className: "k-who", text: s.display_name }),
        inRoster ? null : el("span", { className: "k-what", text: session.start_label + " " + session.title }),
        el("span", { className: "k-status", text: status }),
        needs ? el("span", { className: "k-needs", text: "Access: " + needs }) : null
      ]),
      buttons
    ]);
  }

  function renderSignups(listId, items) {
    var list = $(listId);
    list.textContent = "";
    if (!items.length) list.appendChild(el("li", { text: "Nobody found." }));
    items.forEach(function (s) { list.appendChild(signupRow(s, s.session, listId === "k-roster-list")); });
  }

  function search(event) {
    event.preventDefault();
    var q = $("k-search").value.trim();
    if (!q) return;
    staffGet("/api/kiosk/signups?q=" + encodeURIComponent(q)).then(function (r) {
      if (r.ok) renderSignups("k-results", r.data.items);
      else if (r.offline) notice("Offline: searching needs a connection. Check-in by code still works.", true);
      else if (r.data) notice(r.data.detail, true);
    });
  }

  function tokenFrom(text) {
    text = (text || "").trim();
    var match = text.match(/\/signups\/([A-Za-z0-9_-]+)/);
    if (match) return match[1];
    return /^[A-Za-z0-9_-]{8,64}$/.test(text) ? text : null;
  }

  /* A staff-only write: the server refuses it without the staff token (403 staff_mode_required),
     so it carries the token, and if it has to wait offline it goes out only in staff mode again. */
  function staffWrite(write, done) {
    write.staff = true;
    return Queue.send(write, staffHeaders()).then(function (result) {
      if (result.queued) { notice("Offline: saved on this tablet, it will be sent when the connection returns."); updateOfflineBanner(); }
      else if (result.ok) done(result.data);
      else if (result.status !== 401) notice((result.data && result.data.detail) || ("Error " + result.status), true);
      return result;
    });
  }

  /* Check-in, with Undo for 10 seconds (as hand-outs have). The server allows the undo for 10 s
     from its own moment of the check-in, so the kiosk counts them from when it sent the request. */
  function checkIn(token, people) {
    var sentAt = Date.now();
    var name = null;
    var body = people ? { people: people } : {};
    return staffWrite({ method: "POST", url: "/api/signups/" + encodeURIComponent(token) + "/check-in", body: body, kind: "check-in" }, function (data) {
      name = data && data.display_name;
      var party = data && data.places > 1 ? " (" + data.checked_in_count + " of " + data.places + " in)" : "";
      notice("Checked in" + (name ? ": " + name : "") + party + ".");
      refreshAfterStaffChange();
    }).then(function (result) {
      if (result.queued) offerUndo({ kind: "check-in", queueKey: result.key, text: "Check-in saved on this tablet (waiting to send)." });
      else if (result.ok) offerUndo({ kind: "check-in", token: token, name: name,
        text: "Wrong person? Undo the check-in" + (name ? " of " + name : "") + "." }, UNDO_MS - (Date.now() - sentAt));
    });
  }

  function markNoShow(token) {
    return staffWrite({ method: "POST", url: "/api/signups/" + encodeURIComponent(token) + "/no-show", body: {}, kind: "no-show" }, function () {
      notice("Marked as a no-show; the place is free for a walk-in or someone waiting.");
      refreshAfterStaffChange();
    });
  }

  function refreshAfterStaffChange() {
    refreshToday();
    if (state.rosterSession) openRoster(state.rosterSession);
    if ($("k-search").value.trim()) search(new Event("submit"));
  }

  function submitCode(event) {
    event.preventDefault();
    var token = tokenFrom($("k-code").value);
    if (!token) { notice("That is not a sign-up code. Scan the QR code on the attendee's phone, or type the code from its link.", true); return; }
    $("k-code").value = "";
    checkIn(token);
  }

  // Camera scanning where the browser has BarcodeDetector; typing the code works everywhere.
  function startScanner() {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      var video = $("k-video");
      video.srcObject = stream;
      video.play();
      $("k-scanner").hidden = false;
      state.scanning = { stream: stream, timer: window.setInterval(function () {
        detector.detect(video).then(function (codes) {
          var token = codes.length ? tokenFrom(codes[0].rawValue) : null;
          if (token) { stopScanner(); checkIn(token); }
        }).catch(function () {});
      }, 300) };
    }, function () { notice("The camera is not available; type the code instead.", true); });
  }

  function stopScanner() {
    if (!state.scanning) return;
    window.clearInterval(state.scanning.timer);
    state.scanning.stream.getTracks().forEach(function (track) { track.stop(); });
    $("k-video").srcObject = null;
    $("k-scanner").hidden = true;
    state.scanning = null;
  }

  function renderStaffSessions() {
    var list = $("k-staff-sessions");
    if (!state.staffToken || !list) return;
    list.textContent = "";
    state.today.sessions.forEach(function (s) {
      var spots = s.capacity === null ? "open to all" : (s.places_taken + " of " + s.capacity + " places taken");
      list.appendChild(el("li", { className: "k-result" }, [
        el("div", { className: "k-text" }, [
          el("span", { className: "k-who", text: s.start_label + " " + s.title }),
          el("span", { className: "k-what", text: spots + (s.waiting ? ", " + s.waiting + " waiting" : "") })
        ]),
        el("div", { className: "k-buttons" }, [el("button", { type: "button", className: "k-secondary", "data-roster": s.id, text: "Sign-ups" })])
      ]));
    });
  }

  function openRoster(id) {
    var session = findSession(id);
    if (!session) return;
    state.rosterSession = id;
    staffGet("/api/kiosk/sessions/" + id + "/signups").then(function (r) {
      if (!r.ok) { if (r.data) notice(r.data.detail, true); return; }
      $("k-roster").hidden = false;
      $("k-roster-title").textContent = session.start_label + " " + session.title;
      $("k-walkin-form").hidden = !(session.started || session.availability === "closed");
      if (state.rosterItemsFor !== id) $("k-roster-filter").value = "";  // another session: start with the whole list
      state.rosterItemsFor = id;
      state.rosterItems = r.data.items;
      renderRoster();
      var title = $("k-roster-title");
      if (document.activeElement && document.activeElement.hasAttribute("data-roster")) {
        title.setAttribute("tabindex", "-1");
        title.focus();
        title.scrollIntoView({ block: "start" });
      }
    });
  }

  /* The roster's search box: the start of a name (any word of it) or of the email, whatever the
     capitals or accents ("zoe" finds Zoë, "ANG" finds Ángel). It filters the list already loaded,
     so it works while the tablet is offline. */
  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/ß/g, "ss").replace(/ø/g, "o").replace(/ł/g, "l").replace(/đ/g, "d").replace(/æ/g, "ae").replace(/œ/g, "oe").replace(/ı/g, "i");
  }

  function rosterMatches(item, query) {
    var words = fold(item.display_name).split(/[\s\-'’.]+/);
    var typed = query.split(/\s+/).filter(Boolean);
    var byName = typed.every(function (part) { return words.some(function (w) { return w.indexOf(part) === 0; }); });
    if (byName) return true;
    var start = fold(item.email_start);
    if (!start || typed.length !== 1) return false;
    var at = typed[0].indexOf("@");
    return at >= 0 ? typed[0].slice(0, at) === start : start.indexOf(typed[0]) === 0;  // past the @, the part before it is whole
  }

  function renderRoster() {
    var query = fold($("k-roster-filter").value).trim();
    var items = state.rosterItems.filter(function (item) { return !query || rosterMatches(item, query); });
    renderSignups("k-roster-list", items);
    $("k-roster-count").textContent = query
      ? items.length + " of " + state.rosterItems.length + " shown"
      : state.rosterItems.length + (state.rosterItems.length === 1 ? " person" : " people") + " on this list";
  }

  function admitWalkIn(event) {
    event.preventDefault();
    var name = $("k-walkin").value.trim();
    if (!name || !state.rosterSession) return;
    staffWrite({ method: "POST", url: "/api/sessions/" + state.rosterSession + "/walk-ins", body: { display_name: name }, kind: "walk-in" }, function () {
      $("k-walkin").value = "";
      notice("Walk-in admitted and checked in.");
      refreshAfterStaffChange();
    });
  }

  // --- Kits --------------------------------------------------------------------------------
  var stockRows = [];

  function loadStock() {
    staffGet("/api/stock?activation=" + state.today.activation.id + "&limit=200").then(function (r) {
      if (!r.ok) {
        $("k-stock").textContent = "";
        $("k-stock").appendChild(el("li", { text: r.offline
          ? "Offline: stock levels will show when the connection returns."
          : "Stock levels are not available: " + ((r.data && r.data.detail) || r.status) }));
        return;
      }
      stockRows = Array.isArray(r.data) ? r.data : (r.data.items || []);
      renderStock();
    });
  }

  function renderStock() {
    var list = $("k-stock");
    list.textContent = "";
    if (!stockRows.length) list.appendChild(el("li", { text: "No kits are stocked at this booth yet." }));
    var places = {};
    stockRows.forEach(function (row) { places[row.location] = true; });
    var severalPlaces = Object.keys(places).length > 1;
    stockRows.forEach(function (row) {
      list.appendChild(el("li", { className: "k-stock-row" + (row.low ? " k-low" : "") }, [
        el("div", { className: "k-text" }, [
          el("span", { className: "k-kit", text: row.kit_type_name + (severalPlaces && row.location_name ? " · " + row.location_name : "") }),
          row.low ? el("span", { className: "k-low-label", text: "Low stock" + (row.threshold !== null ? " (warning at " + row.threshold + ")" : "") }) : null
        ]),
        el("span", { className: "k-count", text: String(row.on_hand) }),
        el("div", { className: "k-buttons" }, [el("button", { type: "button", className: "k-primary",
          "data-handout": row.kit_type + ":" + row.location, text: "Hand out 1" })])
      ]));
    });
  }

  function handOut(value) {
    var parts = value.split(":");
    var row = stockRows.filter(function (r) { return String(r.kit_type) === parts[0] && String(r.location) === parts[1]; })[0];
    var write = { method: "POST", url: "/api/stock/movements", kind: "hand-out", label: row ? row.kit_type_name : "kit",
      body: { kind: "distribute", kit_type: Number(parts[0]), location: Number(parts[1]), quantity: 1 }, staff: true };
    Queue.send(write, staffHeaders()).then(function (result) {
      if (result.queued) {
        if (row) { row.on_hand = Math.max(0, row.on_hand - 1); renderStock(); }
        offerUndo({ queueKey: result.key, row: row, text: "Handed out 1 " + write.label + " (waiting to send)." });
        updateOfflineBanner();
      } else if (result.ok) {
        mergeStock(result.data.stock);
        offerUndo({ movementId: result.data.id, row: row, text: "Handed out 1 " + write.label + "." });
      } else if (result.status !== 401) {
        notice((result.data && result.data.detail) || ("Error " + result.status), true);
        loadStock();
      }
    });
  }

  function mergeStock(rows) {
    (rows || []).forEach(function (fresh) {
      stockRows.forEach(function (r, i) { if (r.kit_type === fresh.kit_type && r.location === fresh.location) stockRows[i] = fresh; });
    });
    renderStock();
  }

  var UNDO_MS = 10000;

  function offerUndo(undo, ms) {
    if (state.undo) window.clearTimeout(state.undo.timer);
    ms = ms === undefined ? UNDO_MS : ms;
    if (ms <= 0) return;
    state.undo = undo;
    $("k-undo-text").textContent = undo.text;
    $("k-undo").hidden = false;
    undo.timer = window.setTimeout(clearUndo, ms);
  }

  function clearUndo() {
    if (state.undo) window.clearTimeout(state.undo.timer);
    state.undo = null;
    $("k-undo").hidden = true;
    $("k-undo-text").textContent = "";
  }

  function undoLast() {
    var undo = state.undo;
    if (!undo) return;
    clearUndo();
    var what = { visit: "Visit", "check-in": "Check-in" }[undo.kind] || "Hand-out";
    if (undo.queueKey) {
      if (Queue.withdraw(undo.queueKey)) {
        if (undo.row) { undo.row.on_hand += 1; renderStock(); }
        notice(what + " undone.");
        updateOfflineBanner();
        return;
      }
      notice("That " + what.toLowerCase() + " was already sent; it cannot be undone from here any more.", true);
      return;
    }
    if (undo.kind === "check-in") {
      Queue.send({ method: "POST", url: "/api/signups/" + encodeURIComponent(undo.token) + "/check-in/undo", body: {},
        kind: "check-in-undo", staff: true }, staffHeaders())
        .then(function (result) {
          if (result.queued) notice("Undo saved; it will be sent when the connection returns.");
          else if (result.ok) {
            notice("Check-in undone: " + (result.data.display_name || undo.name || "they") + " " + (result.data.status === "checked_in"
              ? "has fewer of their party in again." : "is not checked in."));
            refreshAfterStaffChange();
          } else if (result.status !== 401) notice((result.data && result.data.detail) || ("Error " + result.status), true);
        });
      return;
    }
    if (undo.kind === "visit") {
      Queue.send({ method: "POST", url: "/api/welfare-visits/" + undo.visitId + "/undo", body: { undo_token: undo.token },
        kind: "visit-undo", staff: true }, staffHeaders())
        .then(function (result) {
          if (result.queued) notice("Undo saved; it will be sent when the connection returns.");
          else if (result.ok) notice("Visit undone.");
          else if (result.status !== 401) notice((result.data && result.data.detail) || ("Error " + result.status), true);
        });
      return;
    }
    Queue.send({ method: "POST", url: "/api/stock/movements/" + undo.movementId + "/undo", body: { reason: "Undone at the kiosk" },
      kind: "undo", staff: true }, staffHeaders())
      .then(function (result) {
        if (result.queued) notice("Undo saved; it will be sent when the connection returns.");
        else if (result.ok) { mergeStock(result.data.stock); notice("Hand-out undone."); }
        else if (result.status !== 401) notice((result.data && result.data.detail) || ("Error " + result.status), true);
      });
  }

  // --- Welfare: count-only visits, and the call for the welfare lead ------------------------
  function setOutcome(value) {
    state.outcome = value;
    document.querySelectorAll("[data-outcome]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-outcome") === value ? "true" : "false");
    });
  }

  function categoryLabel(value) {
    var button = document.querySelector('[data-visit="' + value + '"]');
    return button ? button.textContent : value;
  }

  function logVisit(category) {
    var body = { category: category };
    if (state.outcome) body.outcome = state.outcome;
    var label = categoryLabel(category);
    setOutcome(null);
    Queue.send({ method: "POST", url: boot.api.welfare_visits, body: body, kind: "welfare-visit", label: label, staff: true },
      staffHeaders())
      .then(function (result) {
        if (result.queued) {
          offerUndo({ kind: "visit", queueKey: result.key, text: "Visit logged: " + label + " (waiting to send)." });
          updateOfflineBanner();
        } else if (result.ok) {
          offerUndo({ kind: "visit", visitId: result.data.id, token: result.data.undo_token, text: "Visit logged: " + label + "." });
        } else if (result.data && result.data.code === "staff_mode_required") {
          leaveStaffMode(false); show("pin");
        } else if (result.status !== 401) {
          notice((result.data && result.data.detail) || ("Error " + result.status), true);
        }
      });
  }

  var ALERT_WORDS = { raised: "Alert sent to ", escalated: "No answer yet: escalated to ", acknowledged: "Acknowledged by " };

  function showAlertStatus(data) {
    var box = $("k-alert-status");
    var who = data.status === "acknowledged" ? data.acknowledged_by : data.last_told;
    if (!who) { box.textContent = "Nobody is on call for this activation: call the lead by phone or radio."; box.className = "k-alert-status k-bad"; return; }
    box.textContent = ALERT_WORDS[data.status] + who + (data.status === "acknowledged" ? "." : "; waiting for them to acknowledge…");
    box.className = "k-alert-status" + (data.status === "acknowledged" ? " k-acked" : "");
    if (data.status === "acknowledged") stopAlertPolling();
  }

  function pollAlert() {
    if (!state.alert) return;
    staffGet("/api/alerts/" + state.alert.id).then(function (r) { if (r.ok) showAlertStatus(r.data); });
  }

  function stopAlertPolling() {
    if (state.alert) window.clearInterval(state.alert.timer);
    state.alert = null;
  }

  /* Sent at once or not at all: an alert that reached nobody must say so, never wait in the outbox. */
  function callWelfareLead() {
    var button = $("k-alert-button");
    var box = $("k-alert-status");
    button.disabled = true;
    box.className = "k-alert-status";
    box.textContent = "Sending…";
    var headers = withCsrf(Object.assign({ "Content-Type": "application/json", "Accept": "application/json",
      "Idempotency-Key": Queue.newKey() }, staffHeaders()));
    window.fetch(boot.api.alerts, { method: "POST", credentials: "same-origin", cache: "no-store", headers: headers,
      body: JSON.stringify({ where: state.alertWhere, what: $("k-alert-what").value }) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          button.disabled = false;
          if (response.ok) {
            stopAlertPolling();
            state.alert = { id: data.id, timer: window.setInterval(pollAlert, 5000) };
            pollAlert();
          } else if (data.code === "staff_mode_required") { leaveStaffMode(false); show("pin"); }
          else { box.textContent = "The alert was NOT sent: " + (data.detail || response.status) + " Call the lead by phone or radio."; box.className = "k-alert-status k-bad"; }
        });
      }, function () {
        button.disabled = false;
        setOnline(false);
        box.textContent = "No connection: the alert was NOT sent. Call the lead by phone or radio.";
        box.className = "k-alert-status k-bad";
      });
  }

  // --- Wiring ------------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) return;
    var action = target.getAttribute("data-action");
    if (action === "help") { show("help"); return; }
    if (action === "home") { show("today"); return; }
    if (action === "staff") { show("pin"); loadOnShift(); $("k-pin").focus(); return; }
    if (action === "leave-staff") { leaveStaffMode(false); return; }
    if (target.hasAttribute("data-session")) { openSignup(target.getAttribute("data-session")); return; }
    if (target.hasAttribute("data-tab")) { selectTab(target.getAttribute("data-tab")); return; }
    if (target.hasAttribute("data-checkin")) {
      var token = target.getAttribute("data-checkin");
      var picker = target.parentNode.querySelector("[data-people-for]");
      checkIn(token, picker ? parseInt(picker.value, 10) : null);
      return;
    }
    if (target.hasAttribute("data-noshow")) { markNoShow(target.getAttribute("data-noshow")); return; }
    if (target.hasAttribute("data-roster")) { openRoster(target.getAttribute("data-roster")); return; }
    if (target.hasAttribute("data-handout")) { handOut(target.getAttribute("data-handout")); return; }
    if (target.hasAttribute("data-visit")) { logVisit(target.getAttribute("data-visit")); return; }
    if (target.hasAttribute("data-outcome")) {
      var value = target.getAttribute("data-outcome");
      setOutcome(state.outcome === value ? null : value);
      return;
    }
    if (target.hasAttribute("data-alert-where")) {
      state.alertWhere = target.getAttribute("data-alert-where");
      document.querySelectorAll("[data-alert-where]").forEach(function (b) {
        b.setAttribute("aria-pressed", b === target ? "true" : "false");
      });
      return;
    }
    if (target.hasAttribute("data-lang")) {
      state.lang = target.getAttribute("data-lang");
      $("k-lang-dialog").close();
      applyLanguage();
      return;
    }
  });
  $("k-lang-button").addEventListener("click", function () { $("k-lang-dialog").showModal(); });
  $("k-lang-close").addEventListener("click", function () { $("k-lang-dialog").close(); });
  $("k-idle-stay").addEventListener("click", markActive);
  $("k-signup-form").addEventListener("submit", submitSignup);
  $("k-interpretation").addEventListener("change", function () {
    $("k-interpretation-other-wrap").hidden = $("k-interpretation").value !== "other";
  });
  $("k-pin-form").addEventListener("submit", submitPin);
  $("k-search-form").addEventListener("submit", search);
  $("k-code-form").addEventListener("submit", submitCode);
  $("k-walkin-form").addEventListener("submit", admitWalkIn);
  $("k-roster-filter").addEventListener("input", renderRoster);
  $("k-roster-filter-form").addEventListener("submit", function (event) { event.preventDefault(); });
  $("k-scan").addEventListener("click", startScanner);
  $("k-scan-stop").addEventListener("click", stopScanner);
  $("k-undo-button").addEventListener("click", undoLast);
  $("k-alert-button").addEventListener("click", callWelfareLead);
  ["pointerdown", "keydown", "input", "touchstart", "wheel"].forEach(function (name) {
    document.addEventListener(name, markActive, { capture: true, passive: true });
  });

  Queue.on("change", updateOfflineBanner);
  Queue.on("unauthorized", lockOut);
  Queue.setStaffHeaders(function () { return state.staffToken ? staffHeaders() : null; });
  Queue.on("staff_needed", function (n) {
    if (!state.staffToken) $("k-offline").textContent = n + " staff write(s) saved on this tablet: open staff mode to send them.";
  });
  Queue.on("delivered", function (item, result) {
    setOnline(true);
    if (!result.ok && item.body && item.body.lease) Leases.refused(item.session, item.body.lease, item.places || 1);
    if (!result.ok && item.kind === "signup") notice("A sign-up saved while offline for “" + item.label + "” was refused: " + ((result.data && result.data.detail) || result.status), true);
    // An undo that waited for the Wi-Fi may arrive after its 10 seconds: say so, the check-in stands.
    if (!result.ok && item.kind === "check-in-undo") notice("A check-in undo saved while offline was refused: " + ((result.data && result.data.detail) || result.status), true);
    refreshToday();
    if (state.staffToken && !$("panel-kits").hidden) loadStock();
  });
  window.addEventListener("online", function () { setOnline(true); Queue.flush(); refreshToday(); });
  window.addEventListener("offline", function () { setOnline(false); });

  window.setInterval(idleTick, 1000);
  window.setInterval(refreshToday, boot.refresh_seconds * 1000);
  window.setInterval(function () { if (Queue.count()) Queue.flush(); }, 5000);

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/kiosk/sw.js", { scope: "/kiosk/" }).catch(function () {});
  }

  state.lastRefresh = new Date();
  loadHelp();
  window.setInterval(loadHelp, 10 * 60 * 1000);
  applyLanguage();
  show("today");
  updateOfflineBanner();
  if (Queue.count()) Queue.flush();
  else if (state.online) Leases.renew(state.today.sessions, boot.lease_places);
})();
