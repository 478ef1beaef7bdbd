/** Public surface of @hegao/server for tests and embedding: start a server from a configuration. */
export { loadConfig, type Config } from './config.js';
export { startServer, type RunningServer } from './server.js';
export { CLOSE } from '@hegao/collab';
