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

/** `accord serve` on 127.0.0.1, a free port; its peak RSS is sampled while it runs. */
export async function serve(bin: string, data: string, database: readonly string[], env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<number> }> {
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
    stop: () => new Promise((resolve) => {
      peak = Math.max(peak, hwmMb(child.pid ?? 0));
      clearInterval(poll);
      child.removeAllListeners('exit');
      child.once('exit', () => resolve(peak));
      child.kill('SIGTERM');
    }),
  };
}
