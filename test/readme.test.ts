import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's API example must run as written: extract it, point the import at src, run it.
describe('README', () => {
  it('API example runs and prints what its comments say', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /```ts\n(import \{[^]*?)```/.exec(readme)?.[1];
    expect(block, 'README has a ```ts example').toBeDefined();
    const src = resolve('src/index.ts');
    const code = (block ?? '').replace("from 'rcaflow'", `from ${JSON.stringify(src)}`);
    const file = join(mkdtempSync(join(tmpdir(), 'rcaflow-readme-')), 'example.ts');
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    // Every `// expected` comment on a console.log line must appear in the output, in order.
    const expected = [...(block ?? '').matchAll(/console\.log\(.*\/\/ (.+)$/gm)].map((m) => m[1]?.trim() ?? '');
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const lines = out.trim().split('\n');
    expect(lines).toEqual(expected);
  });
});
