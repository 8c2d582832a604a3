/**
 * A one-line progress bar for a terminal. Redraws at most every `intervalMs` of wall time so that
 * it costs nothing per line; callers create it only when stderr is a TTY.
 *
 * @module
 */
import type { Writable } from 'node:stream';

/** A progress bar drawn on one terminal line. */
export interface ProgressBar {
  /** Reports progress; redraws when enough wall time has passed. */
  update(done: number, lines: number): void;
  /** Clears the line. */
  end(): void;
}

/**
 * Creates a progress bar over `total` bytes (or a line counter when the total is unknown, as with stdin).
 *
 * @example
 * ```ts
 * const bar = createProgressBar(process.stderr, size, 80);
 * bar.update(bytesRead, lines);
 * bar.end();
 * ```
 */
export function createProgressBar(out: Writable, total: number | undefined, columns = 80, now: () => number = Date.now, intervalMs = 100): ProgressBar {
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, lines) {
      const t = now();
      if (t - last < intervalMs) return;
      last = t;
      drawn = true;
      out.write('\r' + progressLine(done, total, lines, columns));
    },
    end() {
      if (drawn) out.write('\r' + ' '.repeat(Math.max(0, columns - 1)) + '\r');
    },
  };
}

/**
 * The text of one progress line.
 *
 * @example
 * ```ts
 * progressLine(50, 100, 1200, 40) //=> '[█████████        ]  50%  1,200 lines'
 * ```
 */
export function progressLine(done: number, total: number | undefined, lines: number, columns: number): string {
  const count = `${lines.toLocaleString('en-US')} lines`;
  if (total === undefined || total <= 0) return count;
  const ratio = Math.min(1, Math.max(0, done / total));
  const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
  const width = Math.max(10, Math.min(40, columns - count.length - pct.length - 8));
  const full = Math.round(ratio * width);
  return `[${'█'.repeat(full)}${' '.repeat(width - full)}] ${pct}  ${count}`;
}
