import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar, progressLine } from '../../src/cli/progress.js';

describe('progress bar', () => {
  it('draws a bar for a known total and a line count otherwise', () => {
    expect(progressLine(50, 100, 1200, 40)).toBe('[█████████        ]  50%  1,200 lines');
    expect(progressLine(200, 100, 3, 80)).toMatch(/^\[█+\] 100%  3 lines$/);
    expect(progressLine(5, undefined, 7, 80)).toBe('7 lines');
  });

  it('redraws at most once per interval and clears the line at the end', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    let now = 0;
    const bar = createProgressBar(out, 100, 40, () => now, 100);
    bar.update(10, 1);
    now = 50;
    bar.update(20, 2); // too soon: skipped
    now = 150;
    bar.update(30, 3);
    bar.end();
    const draws = text.split('\r').filter((s) => s.includes('lines'));
    expect(draws.map((d) => d.trim().split('  ').at(-1))).toEqual(['1 lines', '3 lines']);
    expect(text.endsWith('\r')).toBe(true);
  });
});
