// `accord collection`: the node's TAXII collections at the command line (the same service as
// /api/v1/collections; every change is in the audit log, with the operating-system user as actor).
import { ROLES } from '../../identity/index.js';
import { AccordError, type CollectionRecord } from '../../store/index.js';
import { API_ROOT_PATH, CollectionsService, type CollectionChange } from '../../taxii/index.js';
import { commandLine, configFrom, usageText, type OptionTable, type Values } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliActor, openNodeServices } from '../services.js';

const OPTIONS: OptionTable = {
  title: { type: 'string', arg: 'TEXT', describe: 'the collection\'s title (required for add)' },
  description: { type: 'string', arg: 'TEXT', describe: 'a description ("" removes it)' },
  alias: { type: 'string', arg: 'NAME', describe: 'a name usable instead of the id in TAXII URLs ("" removes it)' },
  scope: { type: 'string', arg: 'SCOPE', describe: 'add: members (default: what is posted or added to it) or all (every object on the node)' },
  readers: { type: 'string', arg: 'LIST', describe: `who may read, comma-separated: role:<${ROLES.join('|')}>, user:<name>` },
  writers: { type: 'string', arg: 'LIST', describe: 'who may write (post), in the same form' },
  'media-types': { type: 'string', arg: 'LIST', describe: 'media types of its objects (default application/stix+json;version=2.1)' },
  id: { type: 'string', arg: 'UUID', describe: 'add: the collection id (a UUIDv4; generated when omitted)' },
  json: { type: 'boolean', describe: 'print JSON (list)' },
};

export const USAGE = usageText('accord collection add|list|update|remove [ID|ALIAS] [options]',
  'Manages the node\'s TAXII 2.1 collections (served at /taxii2/accord/collections/).\n' +
  '  add --title T [--scope members|all] [--readers L] [--writers L]   create a collection\n' +
  '  list                                                              list collections, who reads and writes them\n' +
  '  update ID [--title T] [--description D] [--alias A] [--readers L] [--writers L] [--media-types L]\n' +
  '                                                                    change a collection\n' +
  '  remove ID                                                         remove a collection (its objects stay on the node)', OPTIONS);

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function listOf(values: Values, name: string): string[] | undefined {
  const v = str(values, name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function describe(c: CollectionRecord): string {
  return `${c.id}  ${c.title}${c.alias !== null ? `  (alias ${c.alias})` : ''}\n` +
    `    scope ${c.scope}; readers ${c.readers.join(', ') || '(none)'}; writers ${c.writers.join(', ') || '(none)'}\n` +
    `    ${API_ROOT_PATH}collections/${c.id}/\n`;
}

function change(values: Values): CollectionChange {
  const out: { -readonly [K in keyof CollectionChange]: CollectionChange[K] } = {};
  const title = str(values, 'title');
  const description = str(values, 'description');
  const alias = str(values, 'alias');
  const readers = listOf(values, 'readers');
  const writers = listOf(values, 'writers');
  const mediaTypes = listOf(values, 'media-types');
  if (title !== undefined) out.title = title;
  if (description !== undefined) out.description = description === '' ? null : description;
  if (alias !== undefined) out.alias = alias === '' ? null : alias;
  if (readers !== undefined) out.readers = readers;
  if (writers !== undefined) out.writers = writers;
  if (mediaTypes !== undefined) out.mediaTypes = mediaTypes;
  return out;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, target, ...extra] = positionals;
  if (action === undefined) throw new AccordError('invalid', 'cli.usage', 'name an action: add, list, update or remove');
  if (extra.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0]}"`);
  const needTarget = (): string => {
    if (target === undefined) throw new AccordError('invalid', 'cli.usage', `accord collection ${action} needs a collection id or alias`);
    return target;
  };
  if (action === 'add' && target !== undefined) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${target}" (give the id with --id)`);
  const scope = str(values, 'scope');
  if (scope !== undefined && scope !== 'all' && scope !== 'members') throw new AccordError('invalid', 'cli.usage', '--scope must be members or all');
  if (scope !== undefined && action !== 'add') throw new AccordError('invalid', 'cli.usage', 'the scope of a collection is chosen when it is added and never changes');
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  const collections = new CollectionsService(node.store, node.audit, ROLES);
  const actor = cliActor();
  try {
    switch (action) {
      case 'add': {
        const title = str(values, 'title');
        if (title === undefined) throw new AccordError('invalid', 'cli.usage', 'accord collection add needs --title');
        const id = str(values, 'id');
        const c = await collections.create({ ...change(values), title, ...(scope !== undefined ? { scope } : {}), ...(id !== undefined ? { id } : {}) }, actor);
        io.stdout.write(`created collection\n${describe(c)}`);
        return EXIT.ok;
      }
      case 'list': {
        const list = await collections.list();
        if (values.json === true) {
          io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        } else {
          io.stdout.write(list.length === 0 ? 'no collections\n' : list.map(describe).join(''));
        }
        return EXIT.ok;
      }
      case 'update': {
        const c = await collections.update(needTarget(), change(values), actor);
        io.stdout.write(`updated collection\n${describe(c)}`);
        return EXIT.ok;
      }
      case 'remove':
        await collections.remove(needTarget(), actor);
        io.stdout.write(`removed collection ${needTarget()} (its objects stay on the node)\n`);
        return EXIT.ok;
      default:
        throw new AccordError('invalid', 'cli.usage', `unknown action "${action}"`);
    }
  } finally {
    await node.close();
  }
}
