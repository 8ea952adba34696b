// `accord serve`: start the node. On first start it initialises the node (as `accord init`
// would) so that `npm start` on a fresh machine just works.
import { AccordError } from '../../stix/index.js';
import { buildApp } from '../../server/index.js';
import { commandLine, configFrom, SERVE_OPTIONS, usageText, type OptionTable } from '../args.js';
import { describeDatabase } from '../config.js';
import { EXIT, type Io } from '../io.js';
import { createLogger } from '../logger.js';
import { VERSION } from '../version.js';
import { initNode, isInitialised, openNodeStore } from '../node.js';
import { INIT_OPTIONS, initOptionsFrom, reportInit } from './init.js';

const OPTIONS: OptionTable = { ...SERVE_OPTIONS, ...INIT_OPTIONS };
export const USAGE = usageText('accord serve [options]',
  'Starts the node: the platform API at /api/v1/, health at /healthz and /readyz.\nOn first start it initialises the node as `accord init` does, with the same options.', OPTIONS);

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
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
