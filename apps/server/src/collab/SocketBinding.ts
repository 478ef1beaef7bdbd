/** What an authenticated collaboration socket does with each frame and when it closes. */
export interface SocketBinding {
  /** A binary frame. */
  receive(data: Uint8Array): void;
  /** A text frame: refused. */
  refuseText(): void;
  /** The socket closed. */
  close(): void;
}
