/**
 * A small Alertmanager: alert episodes (fire → resolve) become webhook notifications the way a
 * real Alertmanager sends them, so that timing and batching are realistic:
 * - alerts are grouped by `group_by` labels (here `alertname` + `namespace`);
 * - a new group waits `group_wait` (30 s) before its first notification;
 * - later changes (new alerts, resolutions) go out on `group_interval` ticks (5 min);
 * - an unchanged firing group is re-sent every `repeat_interval` (4 h);
 * - a notification carries every alert of the group, firing and just resolved
 *   (`send_resolved: true`), each with its stable label fingerprint.
 */
import { alertmanagerWebhook, iso, type WebhookAlert } from './payloads.js';

/** One firing period of one alert (same labels = same fingerprint). */
export interface AlertEpisode {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
  /** When Prometheus started sending it as firing. */
  startsAt: number;
  /** When it resolved (Infinity if still firing at the end). */
  endsAt: number;
  /** The fault that caused it, or undefined for noise. */
  fault: string | undefined;
}

/** A webhook notification to emit, with the fault of each alert it carries. */
export interface Notification {
  time: number;
  payload: unknown;
  items: { fingerprint: string; status: 'firing' | 'resolved'; fault: string | undefined; startsAt: number }[];
}

/** Alertmanager timing settings. */
export interface AlertmanagerTiming {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** kube-prometheus-stack's defaults. */
export const DEFAULT_TIMING: AlertmanagerTiming = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000 };

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * Turns alert episodes into webhook notifications, in time order.
 *
 * @example
 * ```ts
 * const notes = simulateAlertmanager(episodes, scenarioEnd, { receiver: 'ops', externalURL: 'http://am:9093' });
 * notes[0]?.payload; //=> { version: '4', status: 'firing', alerts: [...], ... }
 * ```
 */
export function simulateAlertmanager(
  episodes: readonly AlertEpisode[],
  end: number,
  options: { receiver: string; externalURL: string; groupBy?: readonly string[] | undefined; timing?: AlertmanagerTiming | undefined },
): Notification[] {
  const groupBy = options.groupBy ?? ['alertname', 'namespace'];
  const timing = options.timing ?? DEFAULT_TIMING;
  const groups = new Map<string, AlertEpisode[]>();
  for (const e of episodes) {
    const key = groupBy.map((k) => `${k}=${e.labels[k] ?? ''}`).join('\u0000');
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  const out: Notification[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.startsAt - b.startsAt || (a.fingerprint < b.fingerprint ? -1 : 1));
    const first = list[0] as AlertEpisode;
    const groupLabels: Record<string, string> = {};
    for (const k of groupBy) if (first.labels[k] !== undefined) groupLabels[k] = first.labels[k] as string;
    simulateGroup(list, groupLabels, end, timing, options.receiver, options.externalURL, out);
  }
  out.sort((a, b) => a.time - b.time);
  return out;
}

function simulateGroup(
  list: readonly AlertEpisode[],
  groupLabels: Record<string, string>,
  end: number,
  timing: AlertmanagerTiming,
  receiver: string,
  externalURL: string,
  out: Notification[],
): void {
  let next = 0; // index of the next episode not yet seen
  let tick = Number.NaN;
  let lastSent = Number.NEGATIVE_INFINITY;
  // What was last notified per fingerprint: the episode start and whether it was sent as resolved.
  const notified = new Map<string, { startsAt: number; resolved: boolean }>();
  const active = new Map<string, AlertEpisode>(); // latest episode per fingerprint
  while (true) {
    if (Number.isNaN(tick)) {
      // Group (re)created by the next episode: wait group_wait.
      const e = list[next];
      if (!e) return;
      tick = e.startsAt + timing.groupWaitMs;
    }
    if (tick > end) return;
    while (next < list.length && (list[next] as AlertEpisode).startsAt <= tick) {
      const e = list[next++] as AlertEpisode;
      active.set(e.fingerprint, e);
    }
    const alerts: WebhookAlert[] = [];
    const items: Notification['items'] = [];
    let changed = false;
    for (const e of [...active.values()].sort((a, b) => a.startsAt - b.startsAt || (a.fingerprint < b.fingerprint ? -1 : 1))) {
      const resolved = e.endsAt <= tick;
      const prev = notified.get(e.fingerprint);
      if (resolved && prev?.resolved && prev.startsAt === e.startsAt) continue;
      if (!prev || prev.startsAt !== e.startsAt || prev.resolved !== resolved) changed = true;
      alerts.push({
        status: resolved ? 'resolved' : 'firing',
        labels: e.labels,
        annotations: e.annotations,
        startsAt: iso(e.startsAt),
        endsAt: resolved ? iso(e.endsAt) : GO_ZERO_TIME,
        generatorURL: e.generatorURL,
        fingerprint: e.fingerprint,
      });
      items.push({ fingerprint: e.fingerprint, status: resolved ? 'resolved' : 'firing', fault: e.fault, startsAt: e.startsAt });
    }
    if (alerts.length > 0 && (changed || tick - lastSent >= timing.repeatIntervalMs)) {
      out.push({ time: tick, payload: alertmanagerWebhook(receiver, groupLabels, alerts, externalURL), items });
      lastSent = tick;
      for (const it of items) notified.set(it.fingerprint, { startsAt: it.startsAt, resolved: it.status === 'resolved' });
    }
    // Drop what has been sent as resolved; an empty group ends (a later alert recreates it).
    for (const [fp, e] of active) {
      const n = notified.get(fp);
      if (e.endsAt <= tick && n?.resolved && n.startsAt === e.startsAt) active.delete(fp);
    }
    if (active.size === 0) {
      tick = Number.NaN;
      lastSent = Number.NEGATIVE_INFINITY;
      if (next >= list.length) return;
      continue;
    }
    tick += timing.groupIntervalMs;
  }
}
