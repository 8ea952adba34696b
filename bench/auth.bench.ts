// `npm run bench -- auth`: the claim (issue 3) that authenticating an API request by token adds
// under 0.1 ms at the median. Measures the authentication step itself (parse the token, find it,
// check its hash, load its user, record use) on SQLite and, with DATABASE_URL, on PostgreSQL;
// and, for context, whole requests through the HTTP stack by token, by cached HTTP Basic and by
// session cookie.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { AuditLog } from '../src/audit/index.js';
import { IdentityService, SecretBox } from '../src/identity/index.js';
import { buildApp } from '../src/server/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { generateNodeKey } from '../src/trust/index.js';
import { median } from './measure.js';

const N = 20_000;
const PASSWORD = 'correct horse battery staple 42';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
}

async function run(label: string, store: Store, dir: string): Promise<void> {
  const audit = await AuditLog.open({ repository: store.audit, key: generateNodeKey('signing'), checkpointFile: join(dir, `${label}-checkpoints.jsonl`), checkpointIntervalMs: 0 });
  const identity = new IdentityService(store, { secretBox: new SecretBox(randomBytes(32)), audit });
  await identity.addUser({ username: 'bench', password: PASSWORD, roles: ['observer'] }, 'bench');
  const { token } = await identity.createToken('bench', { name: 'bench' }, 'bench');
  for (let i = 0; i < 2000; i++) await identity.tokenPrincipal(token); // warm up
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    await identity.tokenPrincipal(token);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(`${label}: token authentication  median ${median(times).toFixed(4)} ms, p99 ${percentile(times, 0.99).toFixed(4)} ms (${N.toLocaleString('en-GB')} requests)`);
  // The same with the 2-second memory defeated (a clock that jumps 3 s per request): every request asks the store.
  let fake = Date.now();
  const cold = new IdentityService(store, { secretBox: new SecretBox(randomBytes(32)), audit, clock: () => (fake += 3000) });
  const coldTimes: number[] = [];
  for (let i = 0; i < N / 4; i++) {
    const t = process.hrtime.bigint();
    await cold.tokenPrincipal(token);
    coldTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(`${label}: token authentication, store asked every time  median ${median(coldTimes).toFixed(4)} ms, p99 ${percentile(coldTimes, 0.99).toFixed(4)} ms`);

  const app = await buildApp({ store, identity, audit, logger: pino({ level: 'silent' }), bodyLimit: 1 << 20, version: 'bench', tls: false });
  const signIn = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'bench', password: PASSWORD } });
  const cookie = (signIn.headers['set-cookie'] as string).split(';')[0] as string;
  const ways: [string, Record<string, string>][] = [
    ['none (public /healthz)', {}],
    ['token', { authorization: `Bearer ${token}` }],
    ['HTTP Basic (cached)', { authorization: `Basic ${Buffer.from(`bench:${PASSWORD}`).toString('base64')}` }],
    ['session cookie', { cookie }],
  ];
  for (const [name, headers] of ways) {
    const url = name.startsWith('none') ? '/healthz' : '/api/v1/session';
    for (let i = 0; i < 500; i++) await app.inject({ url, headers });
    const t: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const s = process.hrtime.bigint();
      const res = await app.inject({ url, headers });
      t.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (res.statusCode !== 200) throw new Error(`${name}: HTTP ${res.statusCode}`);
    }
    console.log(`${label}: whole request, ${name.padEnd(22)} median ${median(t).toFixed(4)} ms`);
  }
  await app.close();
  await audit.close();
}

const dir = mkdtempSync(join(tmpdir(), 'accord-bench-auth-'));
try {
  const sqlite = await openStore(`sqlite:${join(dir, 'accord.db')}`);
  await run('SQLite', sqlite, dir);
  await sqlite.close();
  const admin = process.env.DATABASE_URL;
  if (admin !== undefined && admin !== '') {
    const name = `accord_bench_auth_${process.pid}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(admin);
      url.pathname = `/${name}`;
      const store = await openStore(url.toString());
      await run('PostgreSQL', store, dir);
      await store.close();
    } finally {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    }
  } else {
    console.log('PostgreSQL: skipped (set DATABASE_URL to measure it)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
