/* The kiosk's service worker: keeps the kiosk shell (with its crisis lines) and its static files,
   so that "Need help now" works with no connection at all. Network first, the copy when offline.
   It never stores API answers or sign-up QR codes: nothing personal goes into the cache. */
"use strict";
var CACHE = "greenroom-kiosk-v1";
var SHELL = "/kiosk/";
var HELP = "/kiosk/help.json";

function cacheable(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.indexOf("/static/") === 0) return true;
  return url.pathname === SHELL || url.pathname === HELP;
}

function assetsOf(html) {
  var found = [];
  var pattern = /(?:src|href)="(\/static\/[^"]+)"/g;
  var match;
  while ((match = pattern.exec(html))) found.push(match[1]);
  return found;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return fetch(SHELL, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (!response.ok) return;
        return response.clone().text().then(function (html) {
          return Promise.all([cache.put(SHELL, response), cache.addAll(assetsOf(html).concat([HELP]))]);
        });
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (!cacheable(url)) return;
  var key = url.pathname === SHELL ? SHELL : request;
  event.respondWith(
    fetch(request, { cache: "no-store" }).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
      } else if ((response.status === 401 || response.status === 403) && url.pathname === SHELL) {
        // Unpaired or revoked: forget the shell, so the tablet stops working offline as well.
        caches.delete(CACHE);
      }
      return response;
    }, function () {
      return caches.match(key, { ignoreSearch: url.pathname === SHELL }).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
