// @sluice/server: the REST service of `sluice serve`: ORDS's Data Pump endpoints over the engine, and what they lack.
export { buildServer, startServer, type ServerOptions, type SluiceServer } from './server.js';
export { loadConfig, resolveConfig, type ResolvedConfig, type ServerConfig } from './config/server-config.js';
export { ServerError, type ServerErrorCode } from './server-error.js';
