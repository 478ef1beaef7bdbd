/** Public surface of @hegao/collab. */
export { CollabServer, type CollabServerOptions } from './CollabServer.js';
export type { Connection } from './Connection.js';
export { MAX_CLOSE_REASON_BYTES, closeReason } from './Connection.js';
export { MemoryDocStore } from './MemoryDocStore.js';
export { TokenBucket, type Rate } from './TokenBucket.js';
export { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './limits.js';
export {
  ClientIdConflictError,
  DEFAULT_LOAD_PAGE_SIZE,
  collectPages,
  type AppendEntry,
  type DocHead,
  type DocStore,
  type LoadedDoc,
  type PagedDoc,
  type PagedUpdate,
  type WorkerPageReader,
  type StoredUpdate,
  type UpdateAuthor,
} from './DocStore.js';
export { loadDocument, LOAD_SLICE_MS, type LoadDocumentOptions, type LoadedCounts } from './loadDocument.js';
export {
  CLOSE,
  DEFAULT_MAX_FRAME_BYTES,
  MESSAGE_ACCESS,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  decodeAccessPayload,
  encodeAccess,
  type AccessState,
} from './protocol.js';
export {
  MAX_MUX_CLOSE_REASON,
  MAX_MUX_DOCUMENTS,
  MAX_MUX_DOC_NAME,
  MUX,
  MUX_OPEN_RATE,
  decodeMuxClientFrame,
  decodeMuxServerFrame,
  encodeMuxClientFrame,
  encodeMuxClose,
  encodeMuxData,
  encodeMuxOpened,
  type MuxClientFrame,
  type MuxServerFrame,
} from './mux.js';
export { MAX_CLOCK, MAX_ELEMENT_DEPTH, MAX_UNBACKED_LENGTH, inspectUpdate, lookupIn, type Inspection, type StructLookup } from './inspectUpdate.js';
export { permissiveContentRules, type ContentRules } from './contentRules.js';
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
export {
  loadDocumentOffThread,
  stopLoadWorker,
  warmLoadWorker,
  SMALL_CHECKPOINT_BYTES,
  SMALL_TAIL_UPDATES,
  type WorkerLoadCounts,
  type WorkerLoadOptions,
} from './workerLoad.js';
export { sliceState, DEFAULT_SLICE_STRUCTS } from './sliceState.js';
export { spawnModuleWorker } from './spawnWorker.js';
export type { PeerFollow, PeerHandlers, PeerLink, PeerUpdate } from './peers.js';
