// CI smoke run: every benchmark in its --quick form. Checks that each one runs and that its last
// printed line is one JSON object naming the benchmark; the figures of a quick run mean little.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const scripts = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).scripts).filter((s) => s.startsWith('bench:'));
let failed = 0;
for (const script of scripts) {
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '-s', script, '--', '--quick'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  let ok = r.status === 0;
  try {
    ok = ok && typeof JSON.parse(last).bench === 'string';
  } catch {
    ok = false;
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${script} (${secs} s) ${last.slice(0, 160)}`);
  if (!ok) {
    failed++;
    console.log((r.stderr ?? '').slice(-2000));
  }
}
console.log(`benchmark smoke runs: ${scripts.length - failed} ok, ${failed} failing`);
process.exit(failed === 0 ? 0 : 1);
