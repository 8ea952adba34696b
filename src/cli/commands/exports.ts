// `accord exports`: saved exports, the device feeds `accord serve` serves at /feeds/<name>
// (docs/decisions/0025). The same service as /api/v1/exports; creating and deleting are audited,
// with the operating-system user as actor.
import { FEED_FORMAT_NAMES, FEED_KINDS, SavedExports, type SavedExport } from '../../interop/index.js';
import { AccordError } from '../../stix/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliActor, openNodeServices } from '../services.js';
import { asUsage, list } from './export.js';

const OPTIONS: OptionTable = {
  format: { type: 'string', arg: 'FORMAT', describe: `create: ${FEED_FORMAT_NAMES.join(', ')}` },
  list: { type: 'string', arg: 'NAME', describe: 'create, blocklist format: ip, cidr, domain, url or hash' },
  ceiling: { type: 'string', arg: 'LEVEL', describe: 'create: leave out what is above this TLP (clear, green, amber, amber+strict; RED never goes in)' },
  'include-warninglisted': { type: 'boolean', describe: 'create: values on warninglists go in too (left out by default)' },
  label: { type: 'string', multiple: true, arg: 'LABEL', describe: 'create: only indicators with one of these labels (repeat or comma-separate)' },
  creator: { type: 'string', multiple: true, arg: 'ID', describe: 'create: only indicators created by these identities' },
  since: { type: 'string', arg: 'TIMESTAMP', describe: 'create: only indicators added to this node after this STIX timestamp' },
  kind: { type: 'string', multiple: true, arg: 'KIND', describe: `create: only values of these kinds (${Object.keys(FEED_KINDS).join(', ')})` },
  json: { type: 'boolean', describe: 'print JSON (list, show)' },
};

export const USAGE = usageText('accord exports create|list|show|delete [NAME] [options]',
  'Manages saved exports: device feeds that `accord serve` serves at /feeds/NAME to devices polling with an\n' +
  'API token (see `accord token create --tlp-ceiling`). What goes in is what `accord export` writes for devices.\n' +
  '  create NAME --format F [--list L] [--ceiling LEVEL] [--label X] [--creator ID] [--since T] [--kind K]\n' +
  '                                                           define one (NAME: a-z, 0-9 and -)\n' +
  '  list                                                     every saved export\n' +
  '  show NAME                                                one saved export\n' +
  '  delete NAME                                              delete one (devices polling it get 404)', OPTIONS);

function describe(e: SavedExport): string {
  const f = e.filter;
  const parts = [
    f.labels !== undefined ? `labels ${f.labels.join(', ')}` : undefined, f.creators !== undefined ? `creators ${f.creators.join(', ')}` : undefined,
    f.added_after !== undefined ? `added after ${f.added_after}` : undefined, f.kinds !== undefined ? `kinds ${f.kinds.join(', ')}` : undefined,
  ].filter((p) => p !== undefined);
  return `${e.name}  ${e.format}${e.list !== undefined ? ` (${e.list})` : ''}  ceiling ${e.ceiling !== undefined ? `TLP:${e.ceiling.toUpperCase()}` : 'none (never RED)'}` +
    `${e.includeWarninglisted ? ', warninglisted values included' : ''}\n    filter: ${parts.length > 0 ? parts.join('; ') : 'none'}\n    /feeds/${e.name}  (by ${e.createdBy}, ${e.createdAt})\n`;
}

const json = (e: SavedExport): unknown => ({
  name: e.name, format: e.format, list: e.list ?? null, ceiling: e.ceiling ?? null, include_warninglisted: e.includeWarninglisted, filter: e.filter,
  created_by: e.createdBy, created_at: e.createdAt, url: `/feeds/${e.name}`,
});

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, name, ...extra] = positionals;
  if (action === undefined) throw new AccordError('invalid', 'cli.usage', 'name an action: create, list, show or delete');
  if (extra.length > 0 || (action === 'list' && name !== undefined)) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0] ?? name}"`);
  if (action !== 'list' && name === undefined && ['create', 'show', 'delete'].includes(action)) throw new AccordError('invalid', 'cli.usage', `exports ${action} needs the export's name`);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  const exports = new SavedExports(node.store, node.audit);
  try {
    switch (action) {
      case 'create': {
        if (typeof values.format !== 'string') throw new AccordError('invalid', 'cli.usage', `exports create needs --format ${FEED_FORMAT_NAMES.join('|')}`);
        const labels = list(values.label);
        const creators = list(values.creator);
        const kinds = list(values.kind);
        const created = await asUsage(() => exports.create({
          name: name ?? '', format: values.format as string,
          ...(typeof values.list === 'string' ? { list: values.list } : {}), ...(typeof values.ceiling === 'string' ? { ceiling: values.ceiling } : {}),
          includeWarninglisted: values['include-warninglisted'] === true,
          filter: {
            ...(labels !== undefined ? { labels } : {}), ...(creators !== undefined ? { creators } : {}), ...(kinds !== undefined ? { kinds } : {}),
            ...(typeof values.since === 'string' ? { added_after: values.since } : {}),
          },
        }, cliActor()));
        io.stdout.write(describe(created));
        return EXIT.ok;
      }
      case 'list': {
        const all = await exports.list();
        if (values.json === true) io.stdout.write(`${JSON.stringify(all.map(json), null, 2)}\n`);
        else if (all.length === 0) io.stderr.write('no saved exports (accord exports create NAME --format F)\n');
        else for (const e of all) io.stdout.write(describe(e));
        return EXIT.ok;
      }
      case 'show': {
        const e = await exports.get(name ?? '');
        io.stdout.write(values.json === true ? `${JSON.stringify(json(e), null, 2)}\n` : describe(e));
        return EXIT.ok;
      }
      case 'delete':
        await exports.delete(name ?? '', cliActor());
        io.stdout.write(`saved export ${name} deleted\n`);
        return EXIT.ok;
      default:
        throw new AccordError('invalid', 'cli.usage', `unknown action "${action}"`);
    }
  } finally {
    await node.close();
  }
}
