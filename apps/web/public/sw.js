/* 合稿 service worker: lets the report page reload while offline.
 *
 * - App shell: navigations are network-first with the cached index.html as fallback; built assets
 *   (/assets/*, content-hashed) are cache-first.
 * - Data the page needs to open: GET /api/me, /api/reports and /api/reports/:id are network-first
 *   and fall back to the last cached answer. Section text comes from IndexedDB, not from here.
 * - Never cached: anything but GET, /collab (WebSocket), the event stream, other API paths.
 * - Signing in or out clears the cached API answers, so one account never sees another's.
 */
const SHELL_CACHE = 'hegao-shell-v1';
const API_CACHE = 'hegao-api-v1';
const CACHES = [SHELL_CACHE, API_CACHE];
const API_PATHS = [/^\/api\/me$/, /^\/api\/reports$/, /^\/api\/reports\/[^/]+$/];

self.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('hegao-') && !CACHES.includes(key)).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// The page asks to cache what it already loaded before this worker controlled it (first visit).
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'hegao:warm' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    Promise.all(
      data.urls
        .map((url) => new URL(url, self.location.origin))
        .filter((url) => url.origin === self.location.origin && isCachedApi(url.pathname))
        .map((url) => networkFirst(new Request(url.href, { credentials: 'same-origin' }), API_CACHE).catch(() => undefined)),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method !== 'GET') {
    if (request.method === 'POST' && (url.pathname === '/api/auth/login' || url.pathname === '/api/auth/logout')) {
      event.waitUntil(caches.delete(API_CACHE));
    }
    return;
  }
  if (url.pathname.startsWith('/collab')) return;

  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL_CACHE, '/index.html'));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
    return;
  }
  if (isCachedApi(url.pathname)) {
    event.respondWith(networkFirst(request, API_CACHE));
  }
});

function isCachedApi(pathname) {
  return API_PATHS.some((pattern) => pattern.test(pathname)) && !pathname.endsWith('/events');
}

/** The network's answer (cached when OK), else the cached one, else the network's error. */
async function networkFirst(request, cacheName, cacheKey) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(cacheKey ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(cacheKey ?? request, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

/** index.html and the assets it names, so the very first visit can already reload offline. */
async function precacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch('/index.html', { cache: 'no-cache' });
    if (!response.ok) return;
    await cache.put('/index.html', response.clone());
    const html = await response.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    await Promise.all(assets.map((asset) => cache.add(asset).catch(() => undefined)));
    await cache.add('/favicon.svg').catch(() => undefined);
    // Assets of earlier releases are no longer referenced by any index.html we would serve.
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (path.startsWith('/assets/') && !assets.includes(path)) await cache.delete(request);
    }
  } catch {
    // Offline during install: the shell is cached on the next online visit.
  }
}
