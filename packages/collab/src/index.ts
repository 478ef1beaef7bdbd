/** Public surface of @hegao/collab. */
export { CollabServer, type CollabServerOptions } from './CollabServer.js';
export type { Connection } from './Connection.js';
export { MAX_CLOSE_REASON_BYTES, closeReason } from './Connection.js';
export { MemoryDocStore } from './MemoryDocStore.js';
export {
  ClientIdConflictError,
  type AppendEntry,
  type DocStore,
  type LoadedDoc,
  type StoredUpdate,
  type UpdateAuthor,
} from './DocStore.js';
export {
  CLOSE,
  MESSAGE_ACCESS,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  decodeAccessPayload,
  encodeAccess,
  type AccessState,
} from './protocol.js';
export { inspectUpdate, type Inspection } from './inspectUpdate.js';
export {
  silentLogger,
  type Access,
  type AccessResolver,
  type CollabIdentity,
  type CollabLogger,
  type CollabSocket,
  type StoredEvent,
} from './types.js';
export {
  readCursor,
  readRelativePosition,
  sanitizeAwarenessState,
  type CursorJSON,
  type RelativePositionJSON,
} from './awarenessState.js';
