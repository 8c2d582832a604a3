/**
 * A binary min-heap of `(time, key)` timers, ordered by time, then key in UTF-16 code-unit order:
 * that order is the documented tie-break for windows that close together. Parallel arrays instead
 * of one object per timer keep it small. Entries are never removed early: a popped entry that no
 * longer matches its key's state is stale and skipped by the caller. Not exported from the package.
 */
export class TimerQueue {
  #times: number[] = [];
  #keys: string[] = [];

  get size(): number {
    return this.#times.length;
  }

  /** Earliest time, or +Infinity when empty. */
  peekTime(): number {
    return this.#times.length === 0 ? Number.POSITIVE_INFINITY : (this.#times[0] as number);
  }

  push(time: number, key: string): void {
    const times = this.#times;
    const keys = this.#keys;
    let i = times.length;
    times.push(time);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      const pk = keys[parent] as string;
      if (pt < time || (pt === time && pk <= key)) break;
      times[i] = pt;
      keys[i] = pk;
      i = parent;
    }
    times[i] = time;
    keys[i] = key;
  }

  /** Removes the earliest entry and returns its key (call {@link peekTime} first for its time). */
  pop(): string | undefined {
    const times = this.#times;
    const keys = this.#keys;
    if (times.length === 0) return undefined;
    const top = keys[0];
    const lastTime = times.pop() as number;
    const lastKey = keys.pop() as string;
    const n = times.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        const r = c + 1;
        if (r < n && less(times[r] as number, keys[r] as string, times[c] as number, keys[c] as string)) c = r;
        if (!less(times[c] as number, keys[c] as string, lastTime, lastKey)) break;
        times[i] = times[c] as number;
        keys[i] = keys[c] as string;
        i = c;
      }
      times[i] = lastTime;
      keys[i] = lastKey;
    }
    return top;
  }

  clear(): void {
    this.#times = [];
    this.#keys = [];
  }
}

const less = (ta: number, ka: string, tb: number, kb: string): boolean => ta < tb || (ta === tb && ka < kb);
