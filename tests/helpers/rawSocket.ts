/** A bare WebSocket speaking raw y-websocket frames, for attacks and malformed input. */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { waitFor } from './collabClient.js';

/** A raw collab socket that records frames and the close code. */
export class RawSocket {
  readonly frames: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.frames.push(new Uint8Array(data)));
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
    ws.on('error', () => undefined);
  }

  /** Connects with a collab token and waits for the first frame (the access message). */
  static async open(wsUrl: string, docName: string, token: string): Promise<RawSocket> {
    const socket = new RawSocket(new WebSocket(`${wsUrl}/${encodeURIComponent(docName)}?token=${encodeURIComponent(token)}`));
    await waitFor(() => socket.frames.length > 0 || socket.closed !== null, 'first frame');
    return socket;
  }

  /** Sends raw bytes. */
  send(data: Uint8Array): void {
    this.ws.send(data);
  }

  /** Sends a y-websocket sync "update" frame carrying a Yjs update. */
  sendUpdate(update: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
    this.send(encoding.toUint8Array(e));
  }

  /** Waits until the server closes the socket. */
  async waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    await waitFor(() => this.closed !== null, 'server close', timeoutMs);
    return this.closed!;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** How the server answered an upgrade whose WebSocket frames were sent with the request. */
export interface EarlyUpgradeResult {
  /** HTTP status of the upgrade answer (101 when upgraded). */
  status: number;
  /** Binary frames the server sent before closing (or before the timeout). */
  frames: Uint8Array[];
  /** The server's close frame, or null if it sent none. */
  closed: { code: number; reason: string } | null;
}

/** A client-to-server WebSocket frame (masked, as RFC 6455 requires of clients). */
function maskedFrame(payload: Uint8Array, opcode = 0x2): Buffer {
  const len = payload.length;
  if (len >= 65_536) throw new Error('frame too long for this helper');
  const header = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len]) : Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}

/**
 * Sends a WebSocket upgrade request and `frames` in ONE write, before any answer: the frames reach
 * the server together with the handshake, i.e. while it is still authenticating the socket. Reads
 * the answer until the server closes the socket, sends a close frame, `until` holds, or `timeoutMs` passes.
 * `path` is the request target, e.g. `/collab/section-…?token=…`.
 */
export function upgradeWithEarlyFrames(
  httpUrl: string,
  path: string,
  frames: readonly Uint8Array[],
  opts: { cookie?: string; timeoutMs?: number; until?: (answer: EarlyUpgradeResult) => boolean } = {},
): Promise<EarlyUpgradeResult> {
  const { hostname, port } = new URL(httpUrl);
  const request = [
    `GET ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...(opts.cookie ? [`Cookie: ${opts.cookie}`] : []),
    '',
    '',
  ].join('\r\n');
  /** What the bytes received so far say; null until the HTTP answer is complete. */
  const parse = (data: Buffer): EarlyUpgradeResult | null => {
    const headerEnd = data.indexOf('\r\n\r\n');
    if (headerEnd < 0) return null;
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data.subarray(0, headerEnd).toString('latin1'))?.[1]);
    const result: EarlyUpgradeResult = { status, frames: [], closed: null };
    let pos = headerEnd + 4;
    // Server frames are unmasked.
    while (pos + 2 <= data.length && result.closed === null) {
      const opcode = data[pos]! & 0x0f;
      let len = data[pos + 1]! & 0x7f;
      let start = pos + 2;
      if (len === 126) {
        if (pos + 4 > data.length) break;
        len = data.readUInt16BE(pos + 2);
        start = pos + 4;
      } else if (len === 127) {
        if (pos + 10 > data.length) break;
        len = Number(data.readBigUInt64BE(pos + 2));
        start = pos + 10;
      }
      if (start + len > data.length) break;
      const payload = data.subarray(start, start + len);
      if (opcode === 0x2) result.frames.push(new Uint8Array(payload));
      if (opcode === 0x8) result.closed = { code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString('utf8') };
      pos = start + len;
    }
    return result;
  };
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const result = parse(data);
      if (result) resolve(result);
      else reject(new Error(`no HTTP answer: ${data.toString('latin1').slice(0, 200)}`));
    };
    const timer = setTimeout(finish, opts.timeoutMs ?? 5_000);
    socket.on('connect', () => socket.write(Buffer.concat([Buffer.from(request, 'latin1'), ...frames.map((f) => maskedFrame(f))])));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      // A close frame from the server ends the exchange, as does what the caller waits for.
      const answer = parse(data);
      if (answer && (answer.closed || opts.until?.(answer))) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (err) => (settled ? undefined : reject(err)));
  });
}
