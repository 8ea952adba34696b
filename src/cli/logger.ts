// One structured logger (pino) per process, with a category per area (`cat`: taxii, store,
// sync, detect, cases, dialogue, auth, http, import). Servers log to stdout; commands that
// print results log to stderr so that their output stays clean.
import { destination, pino, stdTimeFunctions, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** Creates the process logger. */
export function createLogger(level: LogLevel, to: 'stdout' | 'stderr'): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      redact: { paths: ['password', '*.password', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    },
    destination({ fd: to === 'stdout' ? 1 : 2, sync: to === 'stderr' }),
  );
}
