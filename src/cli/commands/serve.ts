// `accord serve`: start the node. On first start it initialises the node (as `accord init`
// would) so that `npm start` on a fresh machine just works.
import { AccordError } from '../../stix/index.js';
import { buildApp } from '../../server/index.js';
import { configFrom, parseCommand, SERVE_OPTIONS, usageText, type OptionTable } from '../args.js';
import { describeDatabase } from '../config.js';
import { EXIT, type Io } from '../io.js';
import { createLogger } from '../logger.js';
import { VERSION } from '../version.js';
import { initNode, isInitialised, openNodeStore } from '../node.js';
import { initOptionsFrom, reportInit } from './init.js';

const OPTIONS: OptionTable = {
  ...SERVE_OPTIONS,
  name: { type: 'string', arg: 'NAME', describe: 'on first start: the member\'s name (env ACCORD_MEMBER_NAME)' },
  country: { type: 'string', arg: 'CC', describe: 'on first start: the member is a country (ISO 3166-1 alpha-2)' },
  organisation: { type: 'boolean', describe: 'on first start: the member is an international organisation' },
  'admin-user': { type: 'string', arg: 'NAME', describe: 'on first start: the first administrator (default admin)' },
  'admin-password-file': { type: 'string', arg: 'FILE', describe: 'on first start: read the administrator\'s password from FILE' },
};
export const USAGE = usageText('accord serve [options]', 'Starts the node: the platform API at /api/v1/, health at /healthz and /readyz.', OPTIONS);

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS);
  if (values.help === true) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${positionals[0]}"`);
  const config = configFrom(values, io);
  const logger = createLogger(config.logLevel, 'stdout');
  const store = await openNodeStore(config);
  if (!(await isInitialised(store))) {
    const result = await initNode(config, store, initOptionsFrom(values, io));
    reportInit({ ...io, stdout: io.stderr }, result, config.dataDir);
  }
  const app = await buildApp({ store, logger, bodyLimit: config.httpBodyLimit, version: VERSION });
  let address: string;
  try {
    address = await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await app.close();
    await store.close();
    throw new AccordError('unavailable', 'serve.listen-failed', `cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
  }
  io.stderr.write(`Accord node listening on ${address} (store ${describeDatabase(config.database)})\n`);
  logger.info({ cat: 'http', address, store: store.kind }, 'node started');

  await new Promise<void>((resolveStop) => {
    const stop = (signal: string): void => {
      logger.info({ cat: 'http', signal }, 'stopping');
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await app.close();
  await store.close();
  return EXIT.ok;
}
