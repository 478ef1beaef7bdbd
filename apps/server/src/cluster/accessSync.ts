/**
 * Access changes shared by the servers: when a server re-evaluates access to some documents on
 * its own initiative (a submit, a return, a lock, a deleted section…), it publishes their names
 * before the request answers, and every other server re-evaluates its connections to them. After
 * a gap a server re-evaluates every connection it has. See docs/scaling.md for the bound.
 */
import type { CollabLogger, CollabServer } from '@hegao/collab';
import type { Bus } from './bus.js';

export const ACCESS_CHANNEL = 'access';

export function shareAccessChanges(collab: CollabServer, bus: Bus, logger: CollabLogger): { announce(docNames: string[]): Promise<void>; gap(): void; stop(): void } {
  const refresh = (docNames: Iterable<string>) =>
    collab.refreshAccess([...docNames], { announce: false }).catch((err: unknown) => logger.error('access change from another server not applied', { error: (err as Error).message }));
  const unsubscribe = bus.subscribe(ACCESS_CHANNEL, (message) => {
    if (!Array.isArray(message) || !message.every((n) => typeof n === 'string')) return;
    void refresh(message as string[]);
  });
  return {
    announce: (docNames) => bus.publish(ACCESS_CHANNEL, docNames),
    gap() {
      void collab.connectedUsers().then((users) => {
        const all = new Set<string>();
        for (const docs of users.values()) for (const d of docs) all.add(d);
        return refresh(all);
      });
    },
    stop: () => unsubscribe(),
  };
}
