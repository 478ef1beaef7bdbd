import { parseRoute } from './router/route';

/**
 * Registers the offline service worker (public/sw.js) in production builds. On a first visit the
 * page loaded its data before the worker took control, so the worker is asked to cache the
 * current report too (and the report opened next) until the page is controlled.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const controlledAtStart = navigator.serviceWorker.controller !== null;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').then(
      async (registration) => {
        if (controlledAtStart) return;
        await navigator.serviceWorker.ready;
        const warm = () => registration.active?.postMessage({ type: 'hegao:warm', urls: dataUrls() });
        warm();
        window.addEventListener('hashchange', warm);
      },
      () => undefined,
    );
  });
}

/** The API answers the current page needs to open offline. */
function dataUrls(): string[] {
  const urls = ['/api/me', '/api/reports'];
  const route = parseRoute(window.location.hash);
  if (route.name === 'report') urls.push(`/api/reports/${encodeURIComponent(route.id)}`);
  return urls;
}
