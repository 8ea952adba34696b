// `accord taxii pull|push`: the TAXII 2.1 client at the command line (src/taxii/client does the
// protocol). `pull` stores a collection's objects through the same ingest as `accord import`
// (validation, whole batches, an audit entry per batch) and remembers, per server, collection and
// filters, where it stopped (src/taxii/client/pull.ts); `push` validates STIX input here, then posts it in envelopes and reports what
// the server's status resources say became of each object.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AccordError, formatIssue, isStixTimestamp, readJsonStream } from '../../stix/index.js';
import { formatMicros, KnownExtensions, prepareItem } from '../../store/index.js';
// eslint-disable-next-line no-restricted-imports -- until src/taxii/index.ts re-exports the client (its owner adds the line)
import {
  pullIntoStore, pushObjects, TaxiiClient, type ApiRootClient, type Collection, type CollectionClient, type Credentials, type MatchFilter,
  type PullSummary, type PushItem, type StatusDetails, type TaxiiClientOptions,
} from '../../taxii/client/index.js';
import { readPassphraseFile } from '../../trust/index.js';
import { commandLine, configFrom, dispatchSubcommand, usageText, type OptionTable, type Values } from '../args.js';
import { resolveInputs } from '../inputs.js';
import { EXIT, type Io } from '../io.js';
import { n, Progress } from '../progress.js';
import { cliActor, openNodeServices, type NodeServices } from '../services.js';
import { VERSION } from '../version.js';

const CONNECTION: OptionTable = {
  collection: { type: 'string', arg: 'ID', describe: 'the collection\'s id (or alias) on the server (required)' },
  user: { type: 'string', arg: 'NAME', describe: 'HTTP Basic user name; the password from --password-file or ACCORD_TAXII_PASSWORD' },
  'password-file': { type: 'string', arg: 'FILE', describe: 'file holding the HTTP Basic password (readable by its owner only)' },
  'token-file': { type: 'string', arg: 'FILE', describe: 'file holding a bearer token (readable by its owner only); or ACCORD_TAXII_TOKEN' },
  ca: { type: 'string', arg: 'FILE', describe: 'trust only the PEM certificate(s) in FILE for this server (a node with a self-signed certificate)' },
  'allow-http': { type: 'boolean', describe: 'allow plain HTTP to a server that is not on loopback (TAXII requires HTTPS)' },
  timeout: { type: 'string', arg: 'SECONDS', describe: 'longest wait for each response, and for each piece of it (default 30)' },
  retries: { type: 'string', arg: 'N', describe: 'retries of a request after a transient failure, with backoff (default 4)' },
  quiet: { type: 'boolean', short: 'q', describe: 'no progress or retry messages' },
};

const PULL_OPTIONS: OptionTable = {
  ...CONNECTION,
  'added-after': { type: 'string', arg: 'TIMESTAMP', describe: 'pull what the server added after this timestamp (default: where the last pull stopped)' },
  'page-size': { type: 'string', arg: 'N', describe: 'objects per page asked for (the limit parameter; default: the server\'s)' },
  type: { type: 'string', multiple: true, arg: 'TYPE', describe: 'only these STIX types (match[type]; repeat or comma-separate)' },
  versions: { type: 'string', arg: 'WHICH', describe: 'all (default: every version, as a replica needs), last or first (match[version])' },
  'batch-size': { type: 'string', arg: 'N', describe: 'objects per transaction (default 10000); the checkpoint advances after each batch of whole pages' },
  'max-object-bytes': { type: 'string', arg: 'N', describe: 'largest single object accepted (default 16 MiB)' },
};

const PUSH_OPTIONS: OptionTable = {
  ...CONNECTION,
  'envelope-size': { type: 'string', arg: 'N', describe: 'objects per envelope (default 1000; envelopes also stay within the server\'s max_content_length)' },
  wait: { type: 'string', arg: 'SECONDS', describe: 'longest wait for each envelope\'s status to complete (default 60)' },
  'max-object-bytes': { type: 'string', arg: 'N', describe: 'largest single object read (default 16 MiB)' },
};

const PULL_USAGE = usageText('accord taxii pull URL --collection ID [options]',
  'Pulls a TAXII 2.1 collection into this node, through the same validation and batches as `accord import`.\n' +
  'URL is the server (its /taxii2/ is asked), its discovery endpoint, or an API root. The next pull of the same\n' +
  'server, collection and filters continues where this one stopped (added_after).\n' +
  'Exit status: 0 all stored, 1 some objects rejected, 3 the server or the node failed.', PULL_OPTIONS);

const PUSH_USAGE = usageText('accord taxii push URL --collection ID [options] FILE|DIR|- ...',
  'Validates STIX 2.1 input here (invalid objects are not sent), posts the rest to a TAXII 2.1 collection in\n' +
  'envelopes, and reports what the server\'s status resources say of each object.\n' +
  'Exit status: 0 all added, 1 some objects rejected or failed, 3 the server failed or statuses stayed pending.', PUSH_OPTIONS);

export const USAGE = `Usage: accord taxii <pull|push> URL --collection ID [options]

A TAXII 2.1 client (docs/taxii.md, "Connecting an Accord node to other TAXII servers").

  pull    store a collection's objects in this node, continuing where the last pull stopped
  push    send STIX files to a collection and report each object's status

Run \`accord taxii <subcommand> --help\` for its options.
`;

const SHOWN = 20;

export function run(argv: readonly string[], io: Io): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, { pull, push });
}

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function positiveInt(values: Values, name: string): number | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new AccordError('invalid', 'cli.usage', `--${name} must be a positive whole number, got "${v}"`);
  return Number(v);
}

/** The credentials from the command line or the environment; files must be readable by their owner only. */
function credentials(values: Values, io: Io): Credentials | undefined {
  const user = str(values, 'user');
  const passwordFile = str(values, 'password-file');
  const tokenFile = str(values, 'token-file');
  if (tokenFile !== undefined && (user !== undefined || passwordFile !== undefined)) {
    throw new AccordError('invalid', 'cli.usage', 'give either --user (with a password) or --token-file, not both');
  }
  if (passwordFile !== undefined && user === undefined) throw new AccordError('invalid', 'cli.usage', '--password-file needs --user');
  if (user !== undefined) {
    const password = passwordFile !== undefined ? readPassphraseFile(resolve(io.cwd, passwordFile), 'the password file') : io.env.ACCORD_TAXII_PASSWORD;
    if (password === undefined || password === '') throw new AccordError('invalid', 'cli.usage', `--user ${user} needs a password: --password-file FILE or ACCORD_TAXII_PASSWORD`);
    return { kind: 'basic', username: user, password };
  }
  const token = tokenFile !== undefined ? readPassphraseFile(resolve(io.cwd, tokenFile), 'the token file') : io.env.ACCORD_TAXII_TOKEN;
  return token !== undefined && token !== '' ? { kind: 'bearer', token } : undefined;
}

/** The client's options from the command line. */
function clientOptions(values: Values, io: Io): TaxiiClientOptions {
  const creds = credentials(values, io);
  const caFile = str(values, 'ca');
  let ca: Buffer | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(resolve(io.cwd, caFile));
    } catch (e) {
      throw new AccordError('invalid', 'cli.usage', `--ca ${caFile}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
  }
  const timeout = positiveInt(values, 'timeout');
  const retries = str(values, 'retries');
  if (retries !== undefined && !/^\d+$/.test(retries)) throw new AccordError('invalid', 'cli.usage', `--retries must be a whole number, got "${retries}"`);
  const quiet = values.quiet === true;
  return {
    userAgent: `accord/${VERSION} (TAXII 2.1 client; node ${process.versions.node})`,
    allowHttp: values['allow-http'] === true,
    ...(creds !== undefined ? { credentials: creds } : {}),
    ...(ca !== undefined ? { ca } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
    ...(retries !== undefined ? { retry: { attempts: Number(retries) + 1 } } : {}),
    onRetry: ({ what, attempt, delayMs, error }) => {
      if (!quiet) io.stderr.write(`accord taxii: ${error.message}; retrying ${what} in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1})\n`);
    },
  };
}

/** The URL and the collection every subcommand needs. */
function target(values: Values, positionals: readonly string[], what: string): { url: string; collection: string } {
  const url = positionals[0];
  if (url === undefined) throw new AccordError('invalid', 'cli.usage', `name the TAXII server: accord taxii ${what} URL --collection ID`);
  const collection = str(values, 'collection');
  if (collection === undefined || collection === '') throw new AccordError('invalid', 'cli.usage', '--collection ID is required');
  return { url, collection };
}

/** Opens the collection and checks the permission the subcommand needs (§5.2: can_read, can_write). */
async function openCollection(client: TaxiiClient, url: string, id: string, need: 'can_read' | 'can_write'): Promise<{ root: ApiRootClient; collection: CollectionClient; info: Collection }> {
  const root = await client.connect(url);
  const info = await root.collection(id).info();
  if (!info[need]) {
    const verb = need === 'can_read' ? 'read' : 'write to';
    throw new AccordError('forbidden', `taxii.cannot-${need === 'can_read' ? 'read' : 'write'}`, `the collection "${info.title}" (${info.id}) at ${root.url.href} does not let this account ${verb} it (${need} is false)`);
  }
  // By id from here on, so that an alias and the id share one checkpoint.
  return { root, collection: root.collection(info.id), info };
}

// ---------------------------------------------------------------------------------------------
// pull

async function pull(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, PULL_OPTIONS, PULL_USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${positionals[1]}" (pull takes one URL)`);
  const { url, collection: collectionId } = target(values, positionals, 'pull');
  const addedAfterFlag = str(values, 'added-after');
  if (addedAfterFlag !== undefined && !isStixTimestamp(addedAfterFlag)) {
    throw new AccordError('invalid', 'cli.usage', `--added-after must be a timestamp such as 2024-05-01T00:00:00.000000Z, got "${addedAfterFlag}"`);
  }
  const pageSize = positiveInt(values, 'page-size');
  const versions = str(values, 'versions') ?? 'all';
  if (versions !== 'all' && versions !== 'last' && versions !== 'first') throw new AccordError('invalid', 'cli.usage', `--versions must be all, last or first, got "${versions}"`);
  const types = Array.isArray(values.type) ? values.type.flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '') : [];
  const match: MatchFilter = { version: [versions], ...(types.length > 0 ? { type: [...new Set(types)].sort() } : {}) };
  const addedAfter = addedAfterFlag;
  const config = configFrom(values, io, { logLevel: 'warn' });
  const quiet = values.quiet === true;
  const client = new TaxiiClient({ ...clientOptions(values, io), maxObjectBytes: config.maxObjectBytes });
  let node: NodeServices;
  try {
    client.apiRoot(url); // a URL the client will not use is refused before the node is opened
    node = await openNodeServices(config, io);
  } catch (e) {
    client.close();
    throw e;
  }
  const shown: string[] = [];
  const show = (id: string | undefined, code: string, message: string): void => {
    if (shown.length < SHOWN) shown.push(`  ${id ?? '(no id)'}  [${code}] ${message}`);
  };
  let where = url;
  let sofar: PullSummary | undefined;
  const started = Date.now();
  try {
    const { root, collection, info } = await openCollection(client, url, collectionId, 'can_read');
    where = `"${info.title}" (${info.id}) at ${root.url.href}`;
    const progress = new Progress(io, `pull ${info.title}`, undefined, quiet);
    const actor = cliActor();
    const summary = await pullIntoStore(node.store, collection, {
      match, batchSize: config.importBatchSize, maxObjectBytes: config.maxObjectBytes,
      ...(addedAfter !== undefined ? { addedAfter } : {}),
      ...(pageSize !== undefined ? { limit: pageSize } : {}),
      onResult: (r) => {
        if (r.status === 'rejected') show(r.id, r.code ?? 'rejected', r.message ?? '');
      },
      onUnreadable: (u) => show(u.objectId, u.code, u.message),
      // One audit entry per committed batch: its date_added range names exactly the versions it stored.
      onBatch: async (b) => {
        await node.audit.record({
          actor, action: 'object.imported', target: `taxii:${collection.url.href}`,
          details: { new: b.new, newVersions: b.newVersion, revoked: b.revoked, dateAddedFirst: formatMicros(b.firstAdded), dateAddedLast: formatMicros(b.lastAdded) },
        });
      },
      onSegment: (s) => {
        sofar = s;
        progress.update(s.bytes, s.objects);
      },
    });
    progress.done();
    const secs = (Date.now() - started) / 1000;
    io.stdout.write(
      `Pulled ${where}: ${n(summary.objects)} objects in ${n(summary.pages)} pages, ${secs.toFixed(1)} s\n` +
      `  new           ${n(summary.new).padStart(12)}\n` +
      `  new versions  ${n(summary.newVersion).padStart(12)}\n` +
      `  unchanged     ${n(summary.unchanged).padStart(12)}\n` +
      `  rejected      ${n(summary.rejected).padStart(12)}\n` +
      (summary.warned > 0 ? `  with warnings ${n(summary.warned).padStart(12)} (stored)\n` : '') +
      (summary.resumeAddedAfter !== undefined ? `The next pull continues after ${summary.resumeAddedAfter}.\n` : ''),
    );
    if (shown.length > 0) io.stdout.write(`Rejected (first ${shown.length} of ${n(summary.rejected)}):\n${shown.join('\n')}\n`);
    return summary.rejected > 0 ? EXIT.invalid : EXIT.ok;
  } catch (e) {
    if (sofar !== undefined) {
      io.stderr.write(`accord taxii pull: ${n(sofar.objects)} objects from ${where} were stored or checked before the failure${sofar.resumeAddedAfter !== undefined ? `; the next pull continues after ${sofar.resumeAddedAfter}` : ''}\n`);
    }
    throw e;
  } finally {
    client.close();
    await node.close();
  }
}

// ---------------------------------------------------------------------------------------------
// push

async function push(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, PUSH_OPTIONS, PUSH_USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const { url, collection: collectionId } = target(values, positionals, 'push');
  const inputs = resolveInputs(positionals.slice(1), io);
  const maxObjects = positiveInt(values, 'envelope-size');
  const wait = positiveInt(values, 'wait');
  const maxItemBytes = positiveInt(values, 'max-object-bytes') ?? 16 * 1024 * 1024;
  const client = new TaxiiClient(clientOptions(values, io));
  const counts = { rejected: 0, tooLarge: 0, envelopes: 0, succeeded: 0, failed: 0, pending: 0 };
  const rejected: string[] = [];
  const failed: string[] = [];
  let unreadable = false;
  const known = new KnownExtensions();
  const reject = (where: string, id: string | undefined, code: string, message: string): void => {
    counts.rejected++;
    if (rejected.length < SHOWN) rejected.push(`  ${where}  ${id ?? '(no id)'}  [${code}] ${message}`);
  };
  // Validated here, as `accord import` would: invalid objects never leave the node.
  async function* valid(): AsyncGenerator<PushItem> {
    for (const input of inputs) {
      for await (const item of readJsonStream(input.open(), { maxItemBytes })) {
        if (item.kind === 'error') {
          reject(`${input.name}:${item.error.line}:${item.error.column}`, item.objectId, item.error.rule, item.error.message);
          if (item.fatal) {
            unreadable = true;
            break;
          }
          continue;
        }
        const p = prepareItem(item, known);
        if (p.kind === 'rejected') {
          const r = p.rejection;
          const first = r.issues?.find((i) => i.severity === 'error');
          reject(`${input.name}:${r.line ?? item.line}:${r.column ?? item.column}`, r.id, r.code, first !== undefined ? formatIssue(first) : r.message);
          continue;
        }
        yield { text: p.object.json, id: p.object.id, version: p.object.version };
      }
    }
  }
  const tally = (list: readonly StatusDetails[] | undefined, max: number): void => {
    for (const d of list ?? []) {
      if (failed.length >= max) break;
      failed.push(`  ${d.id}${d.version !== undefined ? ` ${d.version}` : ''}  ${d.message ?? '(no reason given)'}`);
    }
  };
  try {
    const { root, collection, info } = await openCollection(client, url, collectionId, 'can_write');
    const events = pushObjects(collection, valid(), {
      ...(maxObjects !== undefined ? { maxObjects } : {}),
      ...(wait !== undefined ? { maxWaitMs: wait * 1000 } : {}),
    });
    for await (const e of events) {
      if (e.kind === 'too-large') {
        counts.tooLarge++;
        reject('(envelope)', e.item.id, 'taxii.too-large', `${n(e.bytes)} bytes do not fit the server's max_content_length of ${n(e.limit)} bytes`);
        continue;
      }
      counts.envelopes++;
      counts.succeeded += e.status.success_count;
      counts.failed += e.status.failure_count;
      counts.pending += e.status.pending_count;
      tally(e.status.failures, SHOWN);
      if (e.status.status === 'pending' && values.quiet !== true) {
        io.stderr.write(`accord taxii push: status ${e.status.id} is still pending after the wait; look later at ${root.url.href}status/${e.status.id}/\n`);
      }
    }
    const sent = counts.succeeded + counts.failed + counts.pending;
    io.stdout.write(
      `Pushed to "${info.title}" (${info.id}) at ${root.url.href}: ${n(sent)} objects in ${n(counts.envelopes)} envelopes\n` +
      `  succeeded     ${n(counts.succeeded).padStart(12)}\n` +
      `  failed        ${n(counts.failed).padStart(12)}\n` +
      `  pending       ${n(counts.pending).padStart(12)}${counts.pending > 0 ? ' (status not complete when the wait ran out)' : ''}\n` +
      `  not sent      ${n(counts.rejected).padStart(12)} (invalid or too large; checked here)\n`,
    );
    if (failed.length > 0) io.stdout.write(`Failed at the server (first ${failed.length} of ${n(counts.failed)}):\n${failed.join('\n')}\n`);
    if (rejected.length > 0) io.stdout.write(`Not sent (first ${rejected.length} of ${n(counts.rejected)}):\n${rejected.join('\n')}\n`);
    if (unreadable) return EXIT.unreadable;
    if (counts.rejected > 0 || counts.failed > 0) return EXIT.invalid;
    return counts.pending > 0 ? EXIT.failure : EXIT.ok;
  } finally {
    client.close();
  }
}
