// A real `accord serve` process for a benchmark: on 127.0.0.1, a free port, its address read from
// what it prints, its peak resident memory (VmHWM) sampled while it runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

function hwmMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] !== undefined ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system, in clock ticks) the process has used so far. */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export interface ServedNode {
  readonly url: string;
  /** Resolves once the node has used under 5 % of a core for a whole second (its start-up work done: the detection index loaded, the watches' first runs), or after 3 minutes. */
  idle(): Promise<void>;
  /** Stops it; resolves with its peak RSS in MB. */
  stop(): Promise<number>;
}

/** `accord serve` on 127.0.0.1, a free port; its peak RSS is sampled while it runs. */
export async function serve(bin: string, data: string, database: readonly string[], env: NodeJS.ProcessEnv): Promise<ServedNode> {
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', '--data', data, ...database, '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (m?.[1] !== undefined) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`accord serve exited with ${code}: ${stderr}`)));
  });
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, hwmMb(child.pid ?? 0))), 100);
  return {
    url,
    idle: async () => {
      const until = Date.now() + 180_000;
      let before = cpuTicks(child.pid ?? 0);
      while (Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const now = cpuTicks(child.pid ?? 0);
        if (now - before < 5) return; // 100 ticks a second: under 5 % of one core
        before = now;
      }
    },
    stop: () => new Promise((resolve) => {
      peak = Math.max(peak, hwmMb(child.pid ?? 0));
      clearInterval(poll);
      child.removeAllListeners('exit');
      // A node that has not exited 15 s after SIGTERM is killed: a benchmark must end, and its figures are taken.
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve(peak);
      });
      child.kill('SIGTERM');
    }),
  };
}
