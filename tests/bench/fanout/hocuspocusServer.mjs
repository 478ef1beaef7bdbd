/**
 * Hocuspocus 3.4 with its SQLite extension, as the fan-out bench (issue 14) compares against.
 * Default settings: onStoreDocument debounced 2,000 ms (at most 10,000 ms), the whole document
 * state written per store; no authentication hook (any token passes).
 *
 *   PORT=… HOCUSPOCUS_DB=/tmp/…/hocuspocus.sqlite taskset -c 0 node hocuspocusServer.mjs
 */
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const port = Number(process.env.PORT ?? 1234);
const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: process.env.HOCUSPOCUS_DB ?? 'hocuspocus.sqlite' })],
});
await server.listen();
const { debounce, maxDebounce, timeout, unloadImmediately } = server.configuration;
console.log(JSON.stringify({ msg: 'listening', port, debounce, maxDebounce, timeout, unloadImmediately }));
