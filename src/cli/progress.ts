// Progress for long commands: a redrawn bar on a terminal, plain lines every few seconds
// otherwise (logs and CI output stay readable). Always on stderr.
import type { Io } from './io.js';

const fmt = new Intl.NumberFormat('en-GB');

/** Formats an integer with thousands separators. */
export function n(v: number): string {
  return fmt.format(Math.round(v));
}

function mb(bytes: number): string {
  return bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(2)} GB` : `${(bytes / (1 << 20)).toFixed(1)} MB`;
}

export class Progress {
  private readonly start = Date.now();
  private lastLine = 0;
  private drawn = false;

  constructor(private readonly io: Io, private readonly label: string, private readonly totalBytes: number | undefined, private readonly quiet: boolean) {}

  update(bytes: number, items: number): void {
    if (this.quiet) return;
    const now = Date.now();
    const secs = Math.max((now - this.start) / 1000, 0.001);
    const rate = `${n(items / secs)} objects/s`;
    const pct = this.totalBytes !== undefined && this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : undefined;
    if (this.io.stderr.isTTY === true) {
      const width = 30;
      const bar = pct !== undefined ? `[${'#'.repeat(Math.round(pct * width)).padEnd(width, '-')}] ${(pct * 100).toFixed(0).padStart(3)}% ` : '';
      this.io.stderr.write(`\r${this.label} ${bar}${n(items)} objects, ${mb(bytes)}, ${rate}\x1b[K`);
      this.drawn = true;
    } else if (now - this.lastLine >= 5000) {
      this.lastLine = now;
      const of = pct !== undefined ? `${(pct * 100).toFixed(0)}% (${mb(bytes)} of ${mb(this.totalBytes ?? 0)})` : mb(bytes);
      this.io.stderr.write(`${this.label}: ${of}, ${n(items)} objects, ${rate}\n`);
    }
  }

  done(): void {
    if (this.drawn) this.io.stderr.write('\n');
  }
}

/**
 * A status line for commands that run on (a followed log): redrawn in place on a terminal, a plain
 * line otherwise; the caller shows it on a timer, so it costs nothing per item.
 */
export class StatusLine {
  private drawn = false;

  constructor(private readonly io: Io) {}

  show(text: string): void {
    if (this.io.stderr.isTTY === true) {
      this.io.stderr.write(`\r${text}\x1b[K`);
      this.drawn = true;
    } else this.io.stderr.write(`${text}\n`);
  }

  /** Ends a redrawn line, so that what follows starts on its own. */
  done(): void {
    if (this.drawn) this.io.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}
