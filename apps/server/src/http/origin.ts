/** Which origins may send state-changing requests and open sockets: the server's own, plus configured ones. */

/** True when `origin` is the origin of `host` (either scheme) or listed in `allowed`. */
export function isAllowedOrigin(origin: string, host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  if (!host) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}
