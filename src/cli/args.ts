// Command-line parsing shared by every command: the common options (where the node's data
// is, which database, how much to log) and strict per-command options. Unknown options and
// missing values are usage errors that name the option.
import { parseArgs } from 'node:util';
import { AccordError } from '../stix/index.js';
import { loadConfig, type Config } from './config.js';
import { EXIT, type Io } from './io.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder for the value in help text, e.g. DIR. */
  readonly arg?: string;
  readonly describe: string;
}
export type OptionTable = Readonly<Record<string, OptionSpec>>;

export const COMMON_OPTIONS: OptionTable = {
  data: { type: 'string', arg: 'DIR', describe: 'the node\'s data folder (default ./data; env ACCORD_DATA)' },
  config: { type: 'string', arg: 'FILE', describe: 'configuration file (default <data>/accord.json if present)' },
  database: { type: 'string', arg: 'URL', describe: 'sqlite:<file> (default <data>/accord.db) or postgres://… (env ACCORD_DATABASE)' },
  'log-level': { type: 'string', arg: 'LEVEL', describe: 'fatal, error, warn, info, debug, trace or silent (env ACCORD_LOG_LEVEL)' },
  help: { type: 'boolean', short: 'h', describe: 'show this help' },
};

export const SERVE_OPTIONS: OptionTable = {
  host: { type: 'string', arg: 'HOST', describe: 'address to listen on (default 127.0.0.1; env ACCORD_HOST)' },
  port: { type: 'string', arg: 'PORT', describe: 'port to listen on (default 8470; 0 picks a free port and prints it; env ACCORD_PORT)' },
  'tls-cert': { type: 'string', arg: 'FILE', describe: 'PEM certificate (chain): serve HTTPS (with --tls-key; env ACCORD_TLS_CERT)' },
  'tls-key': { type: 'string', arg: 'FILE', describe: 'PEM private key of the certificate (env ACCORD_TLS_KEY)' },
};

export type Values = Record<string, string | boolean | string[] | undefined>;

/** Parses argv against the common options plus `options`; throws AccordError `cli.usage`. */
export function parseCommand(argv: readonly string[], options: OptionTable): { values: Values; positionals: string[] } {
  const all = { ...COMMON_OPTIONS, ...options };
  const spec: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(all)) {
    spec[name] = { type: o.type, ...(o.short !== undefined ? { short: o.short } : {}), ...(o.multiple === true ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: spec, strict: true, allowPositionals: true });
    return { values: values as Values, positionals };
  } catch (e) {
    throw new AccordError('invalid', 'cli.usage', (e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

function str(v: Values[string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Loads the configuration with the command line's flags on top of file and environment. */
export function configFrom(values: Values, io: Io, defaults: { logLevel?: string } = {}): Config {
  const configFile = str(values.config);
  return loadConfig({
    cwd: io.cwd,
    env: defaults.logLevel !== undefined && io.env.ACCORD_LOG_LEVEL === undefined ? { ...io.env, ACCORD_LOG_LEVEL: defaults.logLevel } : io.env,
    ...(configFile !== undefined ? { configFile } : {}),
    flags: {
      dataDir: str(values.data),
      database: str(values.database),
      logLevel: str(values['log-level']),
      host: str(values.host),
      port: str(values.port),
      importBatchSize: str(values['batch-size']),
      maxObjectBytes: str(values['max-object-bytes']),
      tlsCert: str(values['tls-cert']),
      tlsKey: str(values['tls-key']),
    },
  });
}

/**
 * Parses a command's arguments. Prints the command's help and returns undefined for --help;
 * with `positionals: 'none'`, a positional argument is a usage error.
 */
export function commandLine(argv: readonly string[], options: OptionTable, usage: string, io: Io, positionals: 'none' | 'some'): { values: Values; positionals: string[] } | undefined {
  const parsed = parseCommand(argv, options);
  if (parsed.values.help === true) {
    io.stdout.write(usage);
    return undefined;
  }
  if (positionals === 'none' && parsed.positionals.length > 0) {
    throw new AccordError('invalid', 'cli.usage', `unexpected argument "${parsed.positionals[0]}"`);
  }
  return parsed;
}

/** Formats a command's help text. */
export function usageText(synopsis: string, description: string, options: OptionTable): string {
  const rows = Object.entries({ ...options, ...COMMON_OPTIONS }).map(([name, o]) => {
    const flag = `${o.short !== undefined ? `-${o.short}, ` : '    '}--${name}${o.arg !== undefined ? ` ${o.arg}` : ''}`;
    return `  ${flag.padEnd(30)} ${o.describe}`;
  });
  return `Usage: ${synopsis}\n\n${description}\n\nOptions:\n${rows.join('\n')}\n`;
}

/** Runs the subcommand named by argv[0] from `table` (help and unknown names handled alike everywhere). */
export async function dispatchSubcommand(argv: readonly string[], io: Io, usage: string, table: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>>): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(usage);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  const handler = table[sub];
  if (handler === undefined) throw new AccordError('invalid', 'cli.usage', `unknown subcommand "${sub}" (${Object.keys(table).join(', ')})`);
  return handler(rest, io);
}
