import type { Severity } from '../../schema/ops-event.js';

/**
 * Words that sources use for severity, mapped to ours. Covers Prometheus labels, syslog levels,
 * Zabbix/Nagios/Checkmk states, Azure Sev0–Sev4, PagerDuty, Datadog priorities, log levels.
 */
const WORDS: Readonly<Record<string, Severity>> = {
  // critical
  critical: 'critical', crit: 'critical', fatal: 'critical', emergency: 'critical', emerg: 'critical',
  panic: 'critical', alert: 'critical', disaster: 'critical', page: 'critical', p1: 'critical',
  sev0: 'critical', sev1: 'critical', s1: 'critical', blocker: 'critical', down: 'critical', unreachable: 'critical',
  // error
  error: 'error', err: 'error', high: 'error', major: 'error', severe: 'error', p2: 'error', sev2: 'error',
  s2: 'error', failure: 'error', failed: 'error',
  // warning
  warning: 'warning', warn: 'warning', average: 'warning', medium: 'warning', minor: 'warning',
  moderate: 'warning', p3: 'warning', sev3: 'warning', s3: 'warning', unknown: 'warning', degraded: 'warning',
  // info
  info: 'info', information: 'info', informational: 'info', notice: 'info', low: 'info', ok: 'info',
  up: 'info', normal: 'info', p4: 'info', p5: 'info', sev4: 'info', s4: 'info', none: 'info',
  'not classified': 'info', success: 'info', recovery: 'info',
  // debug
  debug: 'debug', trace: 'debug', verbose: 'debug', fine: 'debug', finer: 'debug', finest: 'debug',
};

/**
 * Maps a source's severity word to a normalized severity, case-insensitively; undefined when unknown.
 *
 * @example
 * ```ts
 * severityFromText('CRIT') //=> 'critical'
 * ```
 */
export function severityFromText(s: string | undefined): Severity | undefined {
  if (s === undefined) return undefined;
  // Own keys only: `constructor` or `__proto__` from a payload must not read the prototype.
  if (Object.hasOwn(WORDS, s)) return WORDS[s];
  const t = s.trim().toLowerCase();
  return Object.hasOwn(WORDS, t) ? WORDS[t] : undefined;
}
