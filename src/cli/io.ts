// What a command may touch of its process: streams, environment, working directory. Commands
// receive it instead of reaching for `process`, so tests can run them in-process if they wish.
import type { Readable, Writable } from 'node:stream';

export interface Io {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Exit statuses of the `accord` command (docs/operations.md). */
export const EXIT = {
  ok: 0,
  /** Some input was invalid or rejected (validate, import). */
  invalid: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** The node could not do its work (store unavailable, configuration invalid, …). */
  failure: 3,
  /** The input could not be read to its end (truncated file, broken structure). */
  unreadable: 4,
} as const;

export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
