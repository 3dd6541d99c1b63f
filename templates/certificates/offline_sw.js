{% load static %}/* Service worker of the offline certificate verifier: keeps the page, its
   scripts and the published keys, so the check works without a network. */
"use strict";
const CACHE = "verify-offline-{{ version }}";
const KEYS = "{% url 'certificates:keys' %}";
const FILES = [
  "{% url 'certificates:verify_offline' %}",
  "{% static 'js/verify-offline.js' %}",
  "{% static 'vendor/jsqr/jsQR.js' %}",
  "{% static 'css/site.css' %}",
  "{% static 'css/certificates.css' %}",
  KEYS,
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((n) => n.startsWith("verify-offline-") && n !== CACHE).map((n) => caches.delete(n)))
    )
  );
  self.clients.claim();
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (!FILES.includes(url.pathname)) {
    return;
  }
  // Network first, so new keys and new versions arrive; the cache when offline.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request))
  );
});
