// `accord init`: create a node. Prints the first administrator's password once, unless it was
// supplied (ACCORD_ADMIN_PASSWORD or --admin-password-file) for unattended set-up.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AccordError } from '../../stix/index.js';
import type { KeyNotice } from '../../trust/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { describeDatabase } from '../config.js';
import { EXIT, type Io } from '../io.js';
import { formatKeyNotice, initNode, openNodeStore, type InitOptions } from '../node.js';
import { cliActor, ensureTaxiiDefaults, openNodeServices, recordInit } from '../services.js';
import { writeSelfSignedCertificate } from '../tls.js';

/** The options that describe a new node; `serve` accepts them too, for its first start. */
export const INIT_OPTIONS: OptionTable = {
  name: { type: 'string', arg: 'NAME', describe: 'the member\'s name, e.g. "CERT of Examplestan"' },
  country: { type: 'string', arg: 'CC', describe: 'the member is a country: its ISO 3166-1 alpha-2 code' },
  organisation: { type: 'boolean', describe: 'the member is an international organisation' },
  'admin-user': { type: 'string', arg: 'NAME', describe: 'the first administrator\'s user name (default admin)' },
  'admin-password-file': { type: 'string', arg: 'FILE', describe: 'read the administrator\'s password from FILE (else env ACCORD_ADMIN_PASSWORD, else generated and printed once)' },
};

const OPTIONS: OptionTable = {
  ...INIT_OPTIONS,
  'self-signed': { type: 'boolean', describe: 'for trials: generate a self-signed TLS certificate and configure the node to serve HTTPS with it' },
  hostname: { type: 'string', multiple: true, arg: 'NAME', describe: 'with --self-signed: a DNS name or IP address the certificate covers (repeatable; default localhost, 127.0.0.1, ::1)' },
};

export const USAGE = usageText('accord init [options]', 'Creates the data folder, the node\'s Ed25519 key pair, the member\'s STIX identity and the first administrator.', OPTIONS);

/** Collects the init options from flags and environment (shared with `serve`'s first start). */
export function initOptionsFrom(values: Record<string, unknown>, io: Io): InitOptions {
  const passwordFile = values['admin-password-file'];
  let adminPassword: string | undefined;
  if (typeof passwordFile === 'string') {
    try {
      adminPassword = readFileSync(resolve(io.cwd, passwordFile), 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new AccordError('invalid', 'cli.usage', `--admin-password-file ${passwordFile}: ${(e as Error).message}`);
    }
  } else if (io.env.ACCORD_ADMIN_PASSWORD !== undefined && io.env.ACCORD_ADMIN_PASSWORD !== '') {
    adminPassword = io.env.ACCORD_ADMIN_PASSWORD;
  }
  if (values.country !== undefined && values.organisation === true) {
    throw new AccordError('invalid', 'cli.usage', 'give either --country or --organisation, not both');
  }
  const name = typeof values.name === 'string' ? values.name : io.env.ACCORD_MEMBER_NAME;
  return {
    ...(name !== undefined && name !== '' ? { name } : {}),
    ...(typeof values.country === 'string' ? { country: values.country.toUpperCase(), kind: 'country' as const } : {}),
    ...(values.organisation === true ? { kind: 'organisation' as const } : {}),
    ...(typeof values['admin-user'] === 'string' ? { adminUser: values['admin-user'] } : {}),
    ...(adminPassword !== undefined ? { adminPassword } : {}),
    custody: { env: io.env, cwd: io.cwd },
  };
}

/** Prints what init created, and the generated password if there is one. */
export function reportInit(io: Io, r: { memberId: string; keyFingerprint: string; adminUser: string; generatedPassword?: string; keyNotices?: readonly KeyNotice[] }, where: string): void {
  io.stdout.write(`Initialised the node in ${where}\n  member identity: ${r.memberId}\n  node key:        ${r.keyFingerprint}\n  administrator:   ${r.adminUser}\n`);
  if (r.generatedPassword !== undefined) {
    io.stdout.write(`  password:        ${r.generatedPassword}\n\nThis password is shown once. Store it safely now.\n`);
  }
  for (const notice of r.keyNotices ?? []) io.stdout.write(`\n${formatKeyNotice(notice)}\n`);
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  const config = configFrom(values, io);
  const opts = initOptionsFrom(values, io);
  const store = await openNodeStore(config);
  try {
    const result = await initNode(config, store, opts);
    reportInit(io, result, `${config.dataDir} (store: ${describeDatabase(config.database)})`);
    const node = await openNodeServices(config, io, store);
    try {
      await recordInit(node, result, 'accord init');
      await ensureTaxiiDefaults(node, cliActor());
    } finally {
      await node.close();
    }
    if (values['self-signed'] === true) {
      const names = Array.isArray(values.hostname) ? values.hostname : [];
      const tls = writeSelfSignedCertificate(config.dataDir, names);
      io.stdout.write(`  TLS certificate: ${tls.certFile} (self-signed, SHA-256 ${tls.fingerprint}, valid until ${tls.notAfter})\n` +
        `  The node now serves HTTPS (set in ${tls.configFile}). Browsers and clients will warn until they trust this certificate;\n` +
        '  use a certificate from your own CA for anything beyond a trial.\n');
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
