// Test fixtures shared by the collab unit tests: an identity and a socket that records what it is sent.
import type { CollabIdentity, CollabSocket } from '../types.js';

/** A 卫健局 writer. */
export const who: CollabIdentity = {
  userId: 'u1',
  username: 'wjj',
  name: '卫健局撰稿人',
  role: 'editor',
  bureauId: 'b-wjj',
  bureauName: '卫健局',
  color: '#c0392b',
};

/** A socket that keeps every frame sent and every close; `failSend` / `failClose` make it throw as a dead socket does. */
export class RecordingSocket implements CollabSocket {
  sent: Uint8Array[] = [];
  closes: Array<[number, string]> = [];
  failSend = false;
  failClose = false;
  send(data: Uint8Array): void {
    if (this.failSend) throw new Error('socket gone');
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    this.closes.push([code, reason]);
    if (this.failClose) throw new Error('already closed');
  }
}
