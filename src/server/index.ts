// The public surface of the server area.
export { buildApp, type AppOptions } from './app.js';
