// node --test: the round-robin proxy of `npm run cluster -- --proxy`, in front of small in-process
// servers (no 合稿 server is started).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { roundRobin, startProxy } from './clusterProxy.mjs';

/**
 * A server that says who it is and what it received; on an upgrade it answers 101 and echoes.
 * @param {string} name
 */
async function backend(name) {
  const server = http.createServer((req, res) => {
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: ready\ndata: {}\n\n');
      return; // held open, as an event stream is
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end(JSON.stringify({ name, method: req.method, url: req.url, body, host: req.headers.host, xff: req.headers['x-forwarded-for'] }));
    });
  });
  server.on('upgrade', (req, socket) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Backend: ${name}\r\n\r\n`);
    socket.on('data', (d) => socket.write(`${name}:${d}`));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: /** @type {import('node:net').AddressInfo} */ (server.address()).port };
}

/** A port nothing listens on. */
async function closedPort() {
  const s = http.createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * @param {number} port
 * @param {{ method?: string, path?: string, body?: string, headers?: http.OutgoingHttpHeaders }} [opts]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, json: Record<string, unknown> }>}
 */
async function call(port, opts = {}) {
  const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/x', headers: { host: 'hegao.test:8080', ...opts.headers }, agent: false });
  req.end(opts.body);
  const [res] = /** @type {[http.IncomingMessage]} */ (await once(req, 'response'));
  let text = '';
  for await (const chunk of res) text += chunk;
  return { status: res.statusCode ?? 0, headers: res.headers, json: res.statusCode === 200 ? JSON.parse(text) : { text } };
}

test('roundRobin: in turn, skipping a server marked down until its time is up', () => {
  let now = 0;
  const rr = roundRobin([1, 2, 3], () => now);
  assert.deepEqual([1, 2, 3, 4].map(() => rr.pick(new Set())), [1, 2, 3, 1]);
  rr.markDown(3);
  assert.deepEqual([1, 2, 3].map(() => rr.pick(new Set())), [2, 1, 2]);
  assert.equal(rr.pick(new Set([1, 2])), 3, 'a server marked down is the last resort');
  assert.equal(rr.pick(new Set([1, 2, 3])), null);
  now = 6000;
  assert.deepEqual([1, 2, 3].map(() => rr.pick(new Set())), [1, 2, 3]);
});

test('requests and sockets go to each server in turn; Host kept, X-Forwarded-For added, bodies and cookies passed', async (t) => {
  const a = await backend('a');
  const b = await backend('b');
  const proxy = await startProxy({ port: 0, listenHost: '127.0.0.1', targets: [a.port, b.port] });
  t.after(() => {
    proxy.close();
    a.server.close();
    b.server.close();
    a.server.closeAllConnections();
    b.server.closeAllConnections();
  });
  const port = proxy.port;

  const names = [];
  for (let i = 0; i < 4; i++) names.push((await call(port)).json.name);
  assert.deepEqual(names, ['a', 'b', 'a', 'b']);

  const posted = await call(port, { method: 'POST', path: '/api/x?y=1', body: '{"k":"值"}', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.1.1.1' } });
  assert.equal(posted.json.method, 'POST');
  assert.equal(posted.json.url, '/api/x?y=1');
  assert.equal(posted.json.body, '{"k":"值"}');
  assert.equal(posted.json.host, 'hegao.test:8080');
  assert.equal(posted.json.xff, '10.1.1.1, 127.0.0.1');
  assert.deepEqual(posted.headers['set-cookie'], ['a=1', 'b=2']);

  // WebSocket-style upgrades: the 101 and the bytes after it pass both ways, each socket to the next server.
  const backends = [];
  for (let i = 0; i < 2; i++) {
    const req = http.request({ host: '127.0.0.1', port, path: '/collab-mux', headers: { connection: 'Upgrade', upgrade: 'websocket', host: 'hegao.test:8080' }, agent: false });
    req.end();
    const [res, socket] = /** @type {[http.IncomingMessage, import('node:net').Socket]} */ (await once(req, 'upgrade'));
    assert.equal(res.statusCode, 101);
    socket.write('ping');
    const [echo] = await once(socket, 'data');
    assert.equal(String(echo), `${res.headers['x-backend']}:ping`);
    backends.push(res.headers['x-backend']);
    socket.destroy();
  }
  assert.deepEqual(backends.sort(), ['a', 'b']);

  // An event stream arrives as it is written, not when it ends.
  const req = http.request({ host: '127.0.0.1', port, path: '/stream', agent: false });
  req.end();
  const [res] = /** @type {[http.IncomingMessage]} */ (await once(req, 'response'));
  const [first] = await once(res, 'data');
  assert.match(String(first), /event: ready/);
  req.destroy();
});

test('a server that refuses connections is skipped for GETs and sockets; other requests get 502', async (t) => {
  const a = await backend('a');
  const dead = await closedPort();
  const proxy = await startProxy({ port: 0, listenHost: '127.0.0.1', targets: [dead, a.port] });
  t.after(() => {
    proxy.close();
    a.server.close();
    a.server.closeAllConnections();
  });
  const port = proxy.port;

  // First in turn is the dead one: the GET moves on to a.
  assert.equal((await call(port)).json.name, 'a');

  const fresh = await startProxy({ port: 0, listenHost: '127.0.0.1', targets: [dead, a.port] });
  t.after(() => fresh.close());
  const freshPort = fresh.port;
  const posted = await call(freshPort, { method: 'POST', body: 'x' });
  assert.equal(posted.status, 502);
  assert.match(String(posted.json.text), /所有服务器均无法连接/);
  // Marked down now: the next POST goes straight to a.
  assert.equal((await call(freshPort, { method: 'POST', body: 'y' })).json.name, 'a');

  const sockets = await startProxy({ port: 0, listenHost: '127.0.0.1', targets: [dead, a.port] });
  t.after(() => sockets.close());
  const req = http.request({ host: '127.0.0.1', port: sockets.port, path: '/collab/section-1', headers: { connection: 'Upgrade', upgrade: 'websocket' }, agent: false });
  req.end();
  const [res, socket] = /** @type {[http.IncomingMessage, import('node:net').Socket]} */ (await once(req, 'upgrade'));
  assert.equal(res.headers['x-backend'], 'a');
  socket.destroy();
});
