// `accord token`: API tokens for a user's tools (SIEM, MISP sync, TAXII clients outside the
// mechanism). A token is printed once; only its hash is kept.
import { TOKEN_TLP_CEILINGS } from '../../identity/index.js';
import { AccordError } from '../../stix/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliActor, openNodeServices } from '../services.js';

const OPTIONS: OptionTable = {
  user: { type: 'string', arg: 'NAME', describe: 'the user the token acts for (create, list)' },
  name: { type: 'string', arg: 'TEXT', describe: 'what the token is for (create)' },
  roles: { type: 'string', arg: 'ROLES', describe: 'comma-separated subset of the user\'s roles (create; default all of them)' },
  'expires-in-days': { type: 'string', arg: 'N', describe: 'the token expires after N days (create; default never)' },
  'tlp-ceiling': { type: 'string', arg: 'LEVEL', describe: 'create a device token: it fetches device feeds (/feeds/…) only, up to this TLP (clear, green, amber, amber+strict)' },
  json: { type: 'boolean', describe: 'print JSON (list)' },
};

export const USAGE = usageText('accord token create|list|revoke [ID] [options]',
  'Manages API tokens.\n' +
  '  create --user NAME --name TEXT [--roles R] [--expires-in-days N] [--tlp-ceiling LEVEL]\n' +
  '                                                                     print a new token once\n' +
  '  list [--user NAME]                                                 every token (or one user\'s), never the secrets\n' +
  '  revoke ID                                                          make a token unusable at once', OPTIONS);

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, id, ...extra] = positionals;
  if (action === undefined) throw new AccordError('invalid', 'cli.usage', 'name an action: create, list or revoke');
  if (extra.length > 0 || (action !== 'revoke' && id !== undefined)) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0] ?? id}"`);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  try {
    switch (action) {
      case 'create': {
        if (typeof values.user !== 'string' || typeof values.name !== 'string') throw new AccordError('invalid', 'cli.usage', 'token create needs --user and --name');
        let expiresAt: string | null = null;
        if (typeof values['expires-in-days'] === 'string') {
          const days = Number(values['expires-in-days']);
          if (!Number.isInteger(days) || days < 1 || days > 3650) throw new AccordError('invalid', 'cli.usage', '--expires-in-days must be a whole number from 1 to 3650');
          expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
        }
        const ceiling = typeof values['tlp-ceiling'] === 'string' ? values['tlp-ceiling'].toLowerCase().replace(/^tlp:/, '') : undefined;
        if (ceiling !== undefined && !(TOKEN_TLP_CEILINGS as readonly string[]).includes(ceiling)) {
          throw new AccordError('invalid', 'cli.usage', `--tlp-ceiling is ${TOKEN_TLP_CEILINGS.join(', ')} (RED never goes into a device feed), not "${String(values['tlp-ceiling'])}"`);
        }
        const r = await node.identity.createToken(values.user, {
          name: values.name, expiresAt,
          ...(ceiling !== undefined ? { tlpCeiling: ceiling } : {}),
          ...(typeof values.roles === 'string' ? { roles: values.roles.split(',').map((x) => x.trim()).filter((x) => x !== '') } : {}),
        }, cliActor());
        io.stdout.write(`${r.token}\n`);
        io.stderr.write(`token ${r.record.id} for ${values.user} (${r.record.roles.join(', ')})${expiresAt !== null ? `, expires ${expiresAt}` : ''}${r.record.tlpCeiling !== null ? `, device feeds only, up to TLP:${r.record.tlpCeiling.toUpperCase()}` : ''}. It is shown once: store it now.\n`);
        return EXIT.ok;
      }
      case 'list': {
        const tokens = await node.identity.listTokens(typeof values.user === 'string' ? values.user : undefined);
        const names = new Map((await node.identity.listUsers()).map((u) => [u.id, u.username]));
        if (values.json === true) {
          io.stdout.write(`${JSON.stringify(tokens.map((t) => ({ ...t, secretHash: undefined, user: names.get(t.userId) })), null, 2)}\n`);
        } else {
          for (const t of tokens) {
            const state = t.revokedAt !== null ? `revoked ${t.revokedAt}` : t.expiresAt !== null ? `expires ${t.expiresAt}` : 'active';
            io.stdout.write(`${t.id}  ${(names.get(t.userId) ?? '?').padEnd(16)} ${t.name.padEnd(24)} ${t.roles.join(',').padEnd(24)} ${state}${t.tlpCeiling !== null ? `; feeds up to TLP:${t.tlpCeiling.toUpperCase()}` : ''}; last used ${t.lastUsedAt ?? 'never'}\n`);
          }
        }
        return EXIT.ok;
      }
      case 'revoke':
        if (id === undefined) throw new AccordError('invalid', 'cli.usage', 'token revoke needs the token id (see `accord token list`)');
        await node.identity.revokeToken(id, cliActor());
        io.stdout.write(`token ${id} revoked\n`);
        return EXIT.ok;
      default:
        throw new AccordError('invalid', 'cli.usage', `unknown action "${action}"`);
    }
  } finally {
    await node.close();
  }
}
