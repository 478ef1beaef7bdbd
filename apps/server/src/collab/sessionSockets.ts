/**
 * The collaboration sockets open under each login session. A socket authenticated by the session
 * cookie, or by a collab token issued under that session, is registered here; ending the session
 * (logout in this process, or the account watch finding it gone after a password reset or expiry)
 * closes its sockets at once with 4401, so no socket outlives the session it was opened under.
 */

/** One open socket, as the registry sees it. */
export interface SessionSocket {
  userId: string;
  /** Closes the socket with `code` and detaches its documents at once; later frames are ignored. */
  end(code: number, reason: string): void;
}

/** Open sockets by the stored hash of their session. */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<SessionSocket>>();

  /** Registers a socket under its session; returns the function that forgets it (call it on close). */
  add(sessionHash: string, socket: SessionSocket): () => void {
    let sockets = this.bySession.get(sessionHash);
    if (!sockets) {
      sockets = new Set();
      this.bySession.set(sessionHash, sockets);
    }
    sockets.add(socket);
    return () => {
      const current = this.bySession.get(sessionHash);
      if (!current) return;
      current.delete(socket);
      if (current.size === 0) this.bySession.delete(sessionHash);
    };
  }

  /** Ends every socket of a session; returns how many were open. */
  end(sessionHash: string, code: number, reason: string): number {
    const sockets = this.bySession.get(sessionHash);
    if (!sockets) return 0;
    this.bySession.delete(sessionHash);
    for (const socket of sockets) socket.end(code, reason);
    return sockets.size;
  }

  /** The sessions that have open sockets. */
  sessions(): string[] {
    return [...this.bySession.keys()];
  }

  /** The user a session's open sockets belong to, or null when it has none. */
  userOf(sessionHash: string): string | null {
    const sockets = this.bySession.get(sessionHash);
    if (!sockets) return null;
    for (const socket of sockets) return socket.userId;
    return null;
  }

  /** How many sockets a session has open. */
  count(sessionHash: string): number {
    return this.bySession.get(sessionHash)?.size ?? 0;
  }
}
