// `accord assets`: the critical information infrastructure registry (issue 8, item 3;
// docs/detection.md) — the same services as /api/v1/assets. Each change is audited with the
// operating-system user as actor, and a new or changed asset is run against what the node holds
// at once. `watch --once` runs the watch over what arrived since it last ran (`accord serve`
// runs it whenever objects are stored).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AssetRegistry, CRITICALITIES, CSV_COLUMNS, SECTORS, type AssetInput } from '../../assets/index.js';
import { AccordError, type AlertRecord, type AssetRecord } from '../../store/index.js';
import { commandLine, configFrom, usageText, type OptionTable, type Values } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliActor, openNodeServices } from '../services.js';
import { list } from './export.js';

const OPTIONS: OptionTable = {
  sector: { type: 'string', arg: 'SECTOR', describe: `a STIX industry sector (${SECTORS.slice(0, 6).join(', ')}, …)` },
  criticality: { type: 'string', arg: 'LEVEL', describe: CRITICALITIES.join(', ') },
  owner: { type: 'string', arg: 'TEXT', describe: 'who is responsible for the asset' },
  contact: { type: 'string', arg: 'TEXT', describe: 'whom to call when it is touched' },
  notes: { type: 'string', arg: 'TEXT', describe: 'free text' },
  range: { type: 'string', multiple: true, arg: 'CIDR', describe: 'an IPv4/IPv6 address or network (repeat or comma-separate)' },
  domain: { type: 'string', multiple: true, arg: 'NAME', describe: 'a domain or host name; covers its sub-domains (repeat or comma-separate)' },
  software: { type: 'string', multiple: true, arg: 'CPE', describe: 'a CPE 2.3 name with its version (repeat)' },
  once: { type: 'boolean', describe: 'watch: run the watch once over what arrived since it last ran' },
  json: { type: 'boolean', describe: 'print JSON (list, show)' },
};

export const USAGE = usageText('accord assets add|list|show|update|remove|import|watch [NAME|FILE] [options]',
  'Keeps the registry of this member\'s critical information infrastructure: networks, domains and software\n' +
  'that the watch compares with every piece of intelligence that arrives. Assets and alerts never leave the node.\n' +
  '  add NAME --sector S --criticality C --owner O --contact X [--range CIDR] [--domain D] [--software CPE]\n' +
  '  update NAME|ID [same options]     change the fields given (a list option replaces that list)\n' +
  '  list | show NAME|ID | remove NAME|ID\n' +
  `  import FILE.csv                   header: ${CSV_COLUMNS.join(',')} (notes optional), lists separated by ;\n` +
  '  watch --once                      run the watch over what arrived since it last ran', OPTIONS);

function input(values: Values, name?: string): AssetInput {
  const pick = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] : undefined);
  const ranges = list(values.range);
  const domains = list(values.domain);
  const software = Array.isArray(values.software) ? values.software : undefined;
  return {
    ...(name !== undefined ? { name } : {}), sector: pick('sector'), criticality: pick('criticality'), owner: pick('owner'), contact: pick('contact'), notes: pick('notes'),
    ranges, domains, software,
  };
}

export function describeAsset(a: AssetRecord): string {
  const lines = [`${a.name}  ${a.criticality}  ${a.sector}  (${a.id})`, `    owner ${a.owner}; contact ${a.contact}`];
  if (a.ranges.length > 0) lines.push(`    ranges   ${a.ranges.join(', ')}`);
  if (a.domains.length > 0) lines.push(`    domains  ${a.domains.join(', ')}`);
  for (const s of a.software) lines.push(`    software ${s}`);
  if (a.notes !== null) lines.push(`    notes    ${a.notes.replace(/\n/g, ' ')}`);
  return `${lines.join('\n')}\n`;
}

/** One line per alert raised, for the commands that run the watch. */
export function reportRaised(alerts: readonly AlertRecord[], io: Io): void {
  for (const a of alerts) io.stdout.write(`ALERT ${a.id}: ${a.objectType} ${a.objectId} touches asset ${a.assetName}\n`);
}

const json = (a: AssetRecord): unknown => ({
  id: a.id, name: a.name, sector: a.sector, criticality: a.criticality, owner: a.owner, contact: a.contact, notes: a.notes,
  ranges: a.ranges, domains: a.domains, software: a.software, created_by: a.createdBy, created_at: a.createdAt, updated_at: a.updatedAt,
});

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, ref, ...extra] = positionals;
  if (action === undefined) throw new AccordError('invalid', 'cli.usage', 'name an action: add, list, show, update, remove, import or watch');
  if (!['add', 'list', 'show', 'update', 'remove', 'import', 'watch'].includes(action)) throw new AccordError('invalid', 'cli.usage', `unknown action "${action}"`);
  if (extra.length > 0 || (['list', 'watch'].includes(action) && ref !== undefined)) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0] ?? ref ?? ''}"`);
  if (ref === undefined && !['list', 'watch'].includes(action)) throw new AccordError('invalid', 'cli.usage', `assets ${action} needs ${action === 'import' ? 'a CSV file' : "the asset's name"}`);
  if (action === 'watch' && values.once !== true) throw new AccordError('invalid', 'cli.usage', '`accord serve` runs the watch whenever objects are stored; run it here with --once');
  const csv = action === 'import' ? readCsv(resolve(io.cwd, ref ?? '')) : undefined;
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  const registry = new AssetRegistry(node.store, node.audit);
  try {
    switch (action) {
      case 'add': {
        const { asset, alerts } = await registry.add(input(values, ref), cliActor());
        io.stdout.write(describeAsset(asset));
        reportRaised(alerts, io);
        return EXIT.ok;
      }
      case 'update': {
        const { asset, alerts } = await registry.update(ref ?? '', input(values), cliActor());
        io.stdout.write(describeAsset(asset));
        reportRaised(alerts, io);
        return EXIT.ok;
      }
      case 'list': {
        const all = await registry.list();
        if (values.json === true) io.stdout.write(`${JSON.stringify(all.map(json), null, 2)}\n`);
        else if (all.length === 0) io.stderr.write('no assets registered (accord assets add NAME … or accord assets import FILE.csv)\n');
        else for (const a of all) io.stdout.write(describeAsset(a));
        return EXIT.ok;
      }
      case 'show': {
        const a = await registry.get(ref ?? '');
        io.stdout.write(values.json === true ? `${JSON.stringify(json(a), null, 2)}\n` : describeAsset(a));
        return EXIT.ok;
      }
      case 'remove':
        await registry.remove(ref ?? '', cliActor());
        io.stdout.write(`asset ${ref ?? ''} removed (its alerts stay)\n`);
        return EXIT.ok;
      case 'import': {
        const r = await registry.importCsv(csv ?? '', cliActor(), ref);
        if (r.problems.length > 0) {
          for (const p of r.problems) io.stderr.write(`${ref ?? ''}:${p.line}: ${p.problems.map((q) => q.message).join('; ')}\n`);
          io.stderr.write(`${r.problems.length} row(s) are not valid; nothing was imported\n`);
          return EXIT.invalid;
        }
        io.stdout.write(`${r.created.length} asset(s) imported\n`);
        reportRaised(r.alerts, io);
        return EXIT.ok;
      }
      default: {
        const r = await registry.watch.runNew();
        reportRaised(r.alerts, io);
        io.stderr.write(`watch: ${r.examined} object version(s) examined, ${r.alerts.length} alert(s) raised\n`);
        return EXIT.ok;
      }
    }
  } finally {
    await node.close();
  }
}

function readCsv(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AccordError('invalid', 'cli.usage', `cannot read ${path}: ${(e as Error).message}`);
  }
}
