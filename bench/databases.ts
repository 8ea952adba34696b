// Fresh PostgreSQL databases for a benchmark's nodes, on the server DATABASE_URL names: created
// when asked for, dropped (with their connections) at the end of the run.
import pg from 'pg';

const created: string[] = [];

/** A new database named after the benchmark and the node; the `--database` arguments that point a node at it. */
export async function benchDatabase(bench: string, name: string): Promise<string[]> {
  const admin = process.env.DATABASE_URL;
  if (admin === undefined) throw new Error('--postgres needs DATABASE_URL (a server where the benchmark may create and drop databases)');
  const db = `accord_bench_${bench}_${process.pid}_${name}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${db}`);
  await c.end();
  created.push(db);
  const url = new URL(admin);
  url.pathname = `/${db}`;
  return ['--database', url.toString()];
}

/** Drops every database benchDatabase created. */
export async function dropBenchDatabases(): Promise<void> {
  if (created.length === 0) return;
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  for (const db of created.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await c.end();
}
