// Venue time in the admin's date/time widgets.
// Django's DateTimeShortcuts assume the server's zone (UTC): beside every field it adds "Note: You are
// N hours ahead of server time" and fills Now/Today from the server's clock. Times of activations and
// sessions are typed in the venue's own zone (activations/forms.py), so for the fields marked
// data-venue-time that note is left out and Now, Today, Yesterday and Tomorrow read the venue's clock;
// while no venue is picked (so no zone is known) those shortcuts are hidden.
(function () {
  "use strict";
  const shortcuts = window.DateTimeShortcuts;
  if (!shortcuts) {
    return;
  }

  function isVenueTime(input) {
    return Boolean(input) && input.dataset.venueTime !== undefined;
  }

  // The zone of the venue (or activation) picked on the page, else the one the field was drawn with.
  function zoneOf(input) {
    const select = document.querySelector("select[data-venue-zones]");
    if (select) {
      const zones = JSON.parse(select.dataset.venueZones);
      return zones[select.value] || "";
    }
    return input.dataset.venueTime || "";
  }

  // The venue's wall clock as a Date whose local fields read it (the widgets format local fields).
  function venueNow(zone) {
    const parts = {};
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    });
    for (const part of format.formatToParts(new Date())) {
      parts[part.type] = part.value;
    }
    return new Date(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute, +parts.second);
  }

  const addTimezoneWarning = shortcuts.addTimezoneWarning;
  shortcuts.addTimezoneWarning = function (input) {
    if (!isVenueTime(input)) {
      addTimezoneWarning.call(shortcuts, input);
    }
  };

  let zoneForNow = null;
  const now = shortcuts.now;
  shortcuts.now = function () {
    return zoneForNow ? venueNow(zoneForNow) : now.call(shortcuts);
  };

  function withVenueClock(inputs, original) {
    return function (num, ...rest) {
      const input = inputs[num];
      if (!isVenueTime(input)) {
        return original.call(shortcuts, num, ...rest);
      }
      zoneForNow = zoneOf(input);
      try {
        return zoneForNow ? original.call(shortcuts, num, ...rest) : undefined;
      } finally {
        zoneForNow = null;
      }
    };
  }
  shortcuts.handleClockQuicklink = withVenueClock(shortcuts.clockInputs, shortcuts.handleClockQuicklink);
  shortcuts.handleCalendarQuickLink = withVenueClock(shortcuts.calendarInputs, shortcuts.handleCalendarQuickLink);

  // Now (the first of the clock's list) and the calendar's Yesterday/Today/Tomorrow need a zone.
  function showRelativeShortcuts(box, input, selector) {
    const relative = box && box.querySelector(selector);
    if (relative && isVenueTime(input)) {
      relative.hidden = !zoneOf(input);
    }
  }
  const openClock = shortcuts.openClock;
  shortcuts.openClock = function (num) {
    showRelativeShortcuts(document.getElementById(shortcuts.clockDivName + num), shortcuts.clockInputs[num], ".timelist li");
    return openClock.call(shortcuts, num);
  };
  const openCalendar = shortcuts.openCalendar;
  shortcuts.openCalendar = function (num) {
    showRelativeShortcuts(
      document.getElementById(shortcuts.calendarDivName1 + num), shortcuts.calendarInputs[num], ".calendar-shortcuts");
    return openCalendar.call(shortcuts, num);
  };

  // The "Now |" and "Today |" links beside each field: shown only while the venue's zone is known.
  function refreshLinks() {
    for (const input of document.querySelectorAll("input[data-venue-time]")) {
      const links = input.nextElementSibling;
      if (!links || !links.classList.contains(shortcuts.shortCutsClass)) {
        continue;
      }
      const known = Boolean(zoneOf(input));
      const first = links.querySelector("a");
      if (first && first.nextSibling && first.nextSibling.nodeType === Node.TEXT_NODE) {
        first.hidden = !known;
        first.nextSibling.textContent = known ? "\u00A0|\u00A0" : "";
      }
    }
  }
  const init = shortcuts.init;
  shortcuts.init = function () {  // inlines.js calls it again for each session added on the page
    init.call(shortcuts);
    refreshLinks();
  };
  window.addEventListener("load", refreshLinks);  // after DateTimeShortcuts' own init (added before)

  // The help text names the zone of the venue picked now.
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("select[data-venue-zones]")) {
      return;
    }
    const zone = JSON.parse(event.target.dataset.venueZones)[event.target.value] || "";
    for (const name of document.querySelectorAll("[data-venue-zone-name]")) {
      name.textContent = zone || name.dataset.missing;
    }
    refreshLinks();
  });
})();
