// The round-robin proxy of `npm run cluster -- --proxy`: one port in front of the local servers, so
// a browser can try several servers without nginx. Each request and each WebSocket goes to the next
// server in turn (no sticky sessions). A server that refuses a connection is skipped for a few
// seconds; a GET (sockets included, which open with a GET) is then tried on the next one, any other
// request is answered 502 (its body is gone). Not for production: infra/nginx/hegao.conf is.
import http from 'node:http';
import net from 'node:net';

/** Headers that concern one hop only, never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'proxy-authenticate']);

/** How long a server that refused a connection is skipped. */
const DOWN_MS = 5000;

/**
 * Picks servers in turn, skipping those marked down (all down: still in turn, as a last resort).
 * @param {readonly number[]} ports
 * @param {() => number} [now]
 */
export function roundRobin(ports, now = Date.now) {
  let next = 0;
  /** @type {Map<number, number>} */
  const downUntil = new Map();
  return {
    /**
     * The next server not yet tried for this request, or null when every one was.
     * @param {ReadonlySet<number>} tried
     */
    pick(tried) {
      const candidates = [];
      for (let i = 0; i < ports.length; i++) {
        const port = /** @type {number} */ (ports[(next + i) % ports.length]);
        if (!tried.has(port)) candidates.push(port);
      }
      const chosen = candidates.find((p) => (downUntil.get(p) ?? 0) <= now()) ?? candidates[0] ?? null;
      if (chosen !== null) next = (ports.indexOf(chosen) + 1) % ports.length;
      return chosen;
    },
    /** @param {number} port */
    markDown(port) {
      downUntil.set(port, now() + DOWN_MS);
    },
  };
}

/**
 * The request's headers for the server: hop-by-hop ones dropped, X-Forwarded-For extended.
 * Host stays as the browser sent it (the server compares Origin with it).
 * @param {http.IncomingMessage} req
 */
function forwardedHeaders(req) {
  /** @type {http.OutgoingHttpHeaders} */
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
  const peer = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${peer}` : peer;
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

/**
 * @typedef {object} Proxy
 * @property {number} port  where it listens
 * @property {() => void} close  stops listening and ends every connection and tunnel at once
 */

/**
 * Starts the proxy on `port` (0: any free one), in front of the servers at `host`:`targets`.
 * @param {{ port: number, host?: string, listenHost?: string, targets: readonly number[] }} opts
 * @returns {Promise<Proxy>}
 */
export function startProxy({ port, host = '127.0.0.1', listenHost, targets }) {
  const rr = roundRobin(targets);
  const agent = new http.Agent({ keepAlive: true });
  /** Every open socket, the browser's and the tunnels' to the servers, for close(). */
  const sockets = new Set();
  /** @param {import('node:stream').Duplex} socket */
  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {Set<number>} tried
   */
  const forward = (req, res, tried) => {
    const target = rr.pick(tried);
    if (target === null) return fail(res);
    tried.add(target);
    const up = http.request({ host, port: target, method: req.method, path: req.url, headers: forwardedHeaders(req), agent });
    up.on('response', (answer) => {
      /** @type {http.OutgoingHttpHeaders} */
      const headers = {};
      for (const [k, v] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
      res.writeHead(answer.statusCode ?? 502, headers);
      // Server-sent events: each chunk as it comes.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    up.on('error', (err) => {
      if (res.headersSent) return void res.destroy();
      if (isRefused(err)) rr.markDown(target);
      if (isRefused(err) && (req.method === 'GET' || req.method === 'HEAD')) return forward(req, res, tried);
      fail(res);
    });
    // A client that goes away (e.g. a closed event stream) ends the server's side too.
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    if (req.method === 'GET' || req.method === 'HEAD') up.end();
    else req.pipe(up);
  };

  /**
   * A WebSocket handshake: the request is written to the server as received and from then on
   * bytes pass both ways untouched (the server's 101 included).
   * @param {http.IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @param {Set<number>} tried
   */
  const tunnel = (req, socket, head, tried) => {
    const target = rr.pick(tried);
    if (target === null) return void socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    tried.add(target);
    const upstream = net.connect(target, host);
    track(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      const headers = forwardedHeaders(req);
      headers.connection = 'Upgrade';
      headers.upgrade = req.headers.upgrade;
      for (const [k, v] of Object.entries(headers)) {
        for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) lines.push(`${k}: ${one}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', (err) => {
      if (connected) return void socket.destroy();
      if (isRefused(err)) {
        rr.markDown(target);
        return tunnel(req, socket, head, tried);
      }
      socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    upstream.on('close', () => {
      if (connected) socket.destroy();
    });
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  };

  const server = http.createServer((req, res) => forward(req, res, new Set()));
  server.on('connection', track);
  server.on('upgrade', (req, socket, head) => tunnel(req, socket, head, new Set()));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost, () =>
      resolve({
        port: /** @type {net.AddressInfo} */ (server.address()).port,
        close() {
          server.close();
          for (const socket of sockets) socket.destroy();
          agent.destroy();
        },
      }),
    );
  });
}

/** @param {Error} err */
function isRefused(err) {
  const code = /** @type {NodeJS.ErrnoException} */ (err).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH';
}

/** @param {http.ServerResponse} res */
function fail(res) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('所有服务器均无法连接（npm run cluster 的代理）');
}
