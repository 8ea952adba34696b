// `accord user`: account administration at the command line (the same service as the API;
// every change is in the audit log, with the operating-system user as actor).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROLES } from '../../identity/index.js';
import { AccordError } from '../../stix/index.js';
import { commandLine, configFrom, usageText, type OptionTable, type Values } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliActor, openNodeServices } from '../services.js';

const OPTIONS: OptionTable = {
  roles: { type: 'string', arg: 'ROLES', describe: `comma-separated roles: ${ROLES.join(', ')}` },
  'password-file': { type: 'string', arg: 'FILE', describe: 'read the password from FILE (else env ACCORD_USER_PASSWORD, else one is generated and printed once)' },
  json: { type: 'boolean', describe: 'print JSON (list)' },
};

export const USAGE = usageText('accord user add|list|disable|enable|unlock|reset-password|roles|remove-totp [NAME] [options]',
  'Manages the node\'s users.\n' +
  '  add NAME --roles R        create a user (password generated and shown once unless given)\n' +
  '  list                      list users, roles and state\n' +
  '  disable|enable NAME       stop or allow a user signing in (disable ends their sessions)\n' +
  '  unlock NAME               lift a lock-out after too many failed sign-ins\n' +
  '  reset-password NAME       set a new password (generated unless given); ends their sessions\n' +
  '  roles NAME --roles R      replace a user\'s roles; ends their sessions\n' +
  '  remove-totp NAME          remove a user\'s second factor (lost device)', OPTIONS);

function password(values: Values, io: Io): string | undefined {
  if (typeof values['password-file'] === 'string') {
    try {
      return readFileSync(resolve(io.cwd, values['password-file']), 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new AccordError('invalid', 'cli.usage', `--password-file: ${(e as Error).message}`);
    }
  }
  const env = io.env.ACCORD_USER_PASSWORD;
  return env !== undefined && env !== '' ? env : undefined;
}

function withPassword(p: string | undefined): { password?: string } {
  return p !== undefined ? { password: p } : {};
}

function roles(values: Values): string[] {
  if (typeof values.roles !== 'string') throw new AccordError('invalid', 'cli.usage', `--roles is required (one or more of ${ROLES.join(', ')})`);
  return values.roles.split(',').map((r) => r.trim()).filter((r) => r !== '');
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, name, ...extra] = positionals;
  if (action === undefined) throw new AccordError('invalid', 'cli.usage', 'name an action: add, list, disable, enable, unlock, reset-password, roles or remove-totp');
  if (extra.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0]}"`);
  const needName = (): string => {
    if (name === undefined) throw new AccordError('invalid', 'cli.usage', `accord user ${action} needs a user name`);
    return name;
  };
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  const actor = cliActor();
  try {
    switch (action) {
      case 'add': {
        const r = await node.identity.addUser({ username: needName(), roles: roles(values), ...withPassword(password(values, io)) }, actor);
        io.stdout.write(`created ${r.user.username} (${r.user.roles.join(', ')})\n`);
        if (r.generatedPassword !== undefined) io.stdout.write(`password: ${r.generatedPassword}\nThis password is shown once.\n`);
        return EXIT.ok;
      }
      case 'list': {
        const users = await node.identity.listUsers();
        if (values.json === true) {
          io.stdout.write(`${JSON.stringify(users.map((u) => ({ username: u.username, roles: u.roles, disabled: u.disabled, locked: u.lockedAt !== null, totp: u.totpSecret !== null, createdAt: u.createdAt })), null, 2)}\n`);
        } else {
          for (const u of users) {
            const state = [u.disabled ? 'disabled' : '', u.lockedAt !== null ? 'LOCKED' : '', u.totpSecret !== null ? 'totp' : '', u.oidcSubject !== null ? 'sso' : ''].filter((x) => x !== '').join(' ');
            io.stdout.write(`${u.username.padEnd(24)} ${u.roles.join(',').padEnd(32)} ${state}\n`);
          }
        }
        return EXIT.ok;
      }
      case 'disable':
      case 'enable':
        await node.identity.setDisabled(needName(), action === 'disable', actor);
        io.stdout.write(`${needName()} ${action}d\n`);
        return EXIT.ok;
      case 'unlock':
        await node.identity.unlock(needName(), actor);
        io.stdout.write(`${needName()} unlocked\n`);
        return EXIT.ok;
      case 'reset-password': {
        const r = await node.identity.resetPassword(needName(), password(values, io), actor);
        io.stdout.write(r.generatedPassword !== undefined ? `new password for ${needName()}: ${r.generatedPassword}\nThis password is shown once.\n` : `password of ${needName()} changed\n`);
        return EXIT.ok;
      }
      case 'roles': {
        const u = await node.identity.setRoles(needName(), roles(values), actor);
        io.stdout.write(`${u.username}: ${u.roles.join(', ')}\n`);
        return EXIT.ok;
      }
      case 'remove-totp':
        await node.identity.disableTotp(needName(), actor);
        io.stdout.write(`second factor of ${needName()} removed\n`);
        return EXIT.ok;
      default:
        throw new AccordError('invalid', 'cli.usage', `unknown action "${action}"`);
    }
  } finally {
    await node.close();
  }
}
