/** A bare WebSocket speaking raw y-websocket frames, for attacks and malformed input. */
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
