// Running a measured step as its own process: wall time and peak resident memory (VmHWM, read
// from /proc while it runs, so worker threads count too), plus whatever JSON it prints last.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Measured {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

function hwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] !== undefined ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs `node args…` (a step script or bin/accord) and measures it; rejects on a non-zero exit. */
export function measure(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll = setInterval(() => (peak = Math.max(peak, hwmKb(child.pid ?? 0))), 50);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
      else resolve({ seconds, peakRssMb: peak / 1024, stdout, stderr });
    });
  });
}

/** The last line of a step's output, parsed as JSON. */
export function lastJson<T>(out: string): T {
  const line = out.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(line) as T;
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
