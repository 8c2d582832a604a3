/**
 * Kubernetes Event adapter (`source: 'k8s'`): core/v1 `Event` and events.k8s.io/v1 `Event`
 * objects, as a bare object, a watch notification `{ type: 'ADDED', object }`, an `EventList`
 * `{ kind: 'EventList', items }`, or a log shipper's record wrapper `{ record: Event, ... }`
 * (stanza's k8s_event_input).
 *
 * | Event                                                                 | severity  | kind     |
 * |-----------------------------------------------------------------------|-----------|----------|
 * | `type: Normal` (or none)                                              | `info`    | `k8s`    |
 * | `type: Warning`                                                       | `warning` | `k8s`    |
 * | reason in {@link ERROR_REASONS} (BackOff, CrashLoopBackOff, OOMKilling, FailedScheduling, Unhealthy, Failed, Evicted, NodeNotReady, ...), whatever the type | `error` | `k8s` |
 * | rollout reasons: `ScalingReplicaSet`, `DeploymentRollback`, reasons starting with `Rollout` (Argo Rollouts), `SuccessfulCreate`/`SuccessfulDelete` on a ReplicaSet | as above | `change` |
 *
 * Status is always `info` (Events have no firing/resolved lifecycle).
 * Name: the `reason`. Message: `message` (core/v1) or `note` (events.k8s.io/v1).
 * Time: the latest occurrence: core/v1 `lastTimestamp` → `series.lastObservedTime` → `eventTime` →
 * `firstTimestamp`; events.k8s.io/v1 `series.lastObservedTime` → `eventTime` →
 * `deprecatedLastTimestamp` → `deprecatedFirstTimestamp`; then `metadata.creationTimestamp`, the
 * wrapper's timestamp, the receive time.
 *
 * Entity, from the involved object (`involvedObject` / `regarding`):
 * | object kind                       | resource attributes                                   | entity                     |
 * |-----------------------------------|-------------------------------------------------------|----------------------------|
 * | Pod                               | `k8s.pod.name`, `k8s.pod.uid`, `k8s.container.name` (from `fieldPath`), `k8s.node.name` (from `source.host`) | `pod:<ns>/<name>` |
 * | Deployment, StatefulSet, DaemonSet, Job, CronJob | `k8s.deployment.name`, ...                | `deployment:<ns>/<name>`, ... |
 * | ReplicaSet                        | `k8s.replicaset.name`, and `k8s.deployment.name` when the name ends in a pod-template hash | `deployment:<ns>/<name>` or `replicaset:<ns>/<name>` |
 * | Node                              | `k8s.node.name`                                       | `node:<name>`              |
 * | Namespace                         | `k8s.namespace.name`                                  | `namespace:<name>`         |
 * | anything else                     | `k8s.namespace.name`                                  | `<kind lowercased>:<ns>/<name>` |
 * `k8s.namespace.name` is the object's namespace (cluster-scoped objects have none).
 *
 * Fingerprint: a hash of namespace + involved object (uid, else kind/name) + reason, so that the
 * repeats Kubernetes itself counts (`count`, `series.count`) fold into one. Id: the Event's
 * `metadata.uid` with its count (`<uid>:<count>`), else a content hash.
 *
 * Watch notifications: `DELETED` (the Event object expired after its TTL; nothing new happened)
 * and `BOOKMARK` yield no events; `ERROR` is an `unsupported` issue carrying the Status message.
 * An `EventList` with more than `maxEventsPerPayload` items fails with `too_large`.
 *
 * @example
 * ```ts
 * const r = k8sAdapter.normalize({ kind: 'Event', apiVersion: 'v1', type: 'Warning', reason: 'BackOff',
 *   message: 'Back-off restarting failed container', involvedObject: { kind: 'Pod', name: 'cart-7f9c', namespace: 'shop' },
 *   lastTimestamp: '2026-01-01T00:00:00Z' }, { limits: DEFAULT_LIMITS, now: Date.now() });
 * if (r.ok) r.events[0]; //=> { kind: 'k8s', entity: 'pod:shop/cart-7f9c', name: 'BackOff', severity: 'error', ... }
 * ```
 *
 * @module
 */
import { hash53 } from '../internal/hash.js';
import type { NormalizeIssue } from '../schema/dead-letter.js';
import type { AttributeValue, EventKind, OpsEvent, Severity } from '../schema/ops-event.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail, issue } from './shared/adapter.js';
import { clip, setOwn } from './shared/attributes.js';
import { buildEvent } from './shared/event.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, num, own, rec, str } from './shared/guards.js';
import { parseTime } from './shared/time.js';

/**
 * Reasons that mean something is broken, mapped to `error` whatever the Event `type` says.
 *
 * @example
 * ```ts
 * ERROR_REASONS.has('CrashLoopBackOff') //=> true
 * ```
 */
export const ERROR_REASONS: ReadonlySet<string> = new Set([
  'BackOff', 'CrashLoopBackOff', 'OOMKilling', 'OOMKilled', 'SystemOOM', 'FailedScheduling', 'Unhealthy',
  'Failed', 'FailedMount', 'FailedAttachVolume', 'FailedCreatePodSandBox', 'FailedKillPod', 'FailedSync',
  'FailedCreate', 'FailedPostStartHook', 'FailedPreStopHook', 'ErrImagePull', 'ImagePullBackOff',
  'InspectFailed', 'Evicted', 'NodeNotReady', 'NetworkNotReady', 'KernelOops', 'TaskHung', 'ContainerGCFailed',
  'ImageGCFailed', 'EvictionThresholdMet', 'ProgressDeadlineExceeded', 'FailedRescale', 'FailedGetResourceMetric',
  'DeploymentRollbackRevisionNotFound', 'RolloutAborted', 'BackoffLimitExceeded', 'DeadlineExceeded',
]);

/**
 * Reasons that report a rollout or a scaling step of a workload: `kind: 'change'` (besides
 * reasons starting with `Rollout`, and `SuccessfulCreate`/`SuccessfulDelete` on a ReplicaSet).
 *
 * @example
 * ```ts
 * CHANGE_REASONS.has('ScalingReplicaSet') //=> true
 * ```
 */
export const CHANGE_REASONS: ReadonlySet<string> = new Set(['ScalingReplicaSet', 'DeploymentRollback', 'DeploymentUpdated']);

const WORKLOAD_ATTR: Readonly<Record<string, string>> = {
  Deployment: 'k8s.deployment.name',
  StatefulSet: 'k8s.statefulset.name',
  DaemonSet: 'k8s.daemonset.name',
  ReplicaSet: 'k8s.replicaset.name',
  Job: 'k8s.job.name',
  CronJob: 'k8s.cronjob.name',
};

// The pod-template-hash alphabet (k8s.io/apimachinery rand.SafeEncodeString): no vowels, no 0/1/3.
const TEMPLATE_HASH_SUFFIX = /^(.+)-[bcdfghjklmnpqrstvwxz2456789]{5,10}$/;
const CONTAINER_FIELD = /^spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}/;

/** True for a core/v1 or events.k8s.io/v1 Event object (the shapes differ; both are checked). */
function isEvent(o: unknown): o is JsonRecord {
  if (!isRecord(o)) return false;
  const kind = own(o, 'kind');
  if (kind !== undefined && kind !== 'Event') return false;
  if (isRecord(own(o, 'involvedObject'))) return true; // core/v1
  const api = own(o, 'apiVersion');
  if (typeof api === 'string' && api.startsWith('events.k8s.io/')) return true;
  return isRecord(own(o, 'regarding')) && (own(o, 'reason') !== undefined || own(o, 'note') !== undefined);
}

/** Unwraps watch notifications and shippers' record wrappers; undefined when it is not one. */
function unwrap(payload: JsonRecord): { event: unknown; watchType: string | undefined; wrapperTime: unknown } | undefined {
  const object = own(payload, 'object');
  const type = own(payload, 'type');
  if (isRecord(object) && typeof type === 'string' && /^[A-Z]+$/.test(type)) return { event: object, watchType: type, wrapperTime: undefined };
  const record = own(payload, 'record');
  if (isEvent(record)) {
    const labels = rec(payload, 'labels');
    const t = labels === undefined ? undefined : str(labels, 'event_type');
    return { event: record, watchType: t, wrapperTime: own(payload, 'timestamp') };
  }
  return undefined;
}

/**
 * The Kubernetes Event adapter. See the module documentation for the mapping.
 *
 * @example
 * ```ts
 * k8sAdapter.detect({ type: 'ADDED', object: { kind: 'Event', involvedObject: { kind: 'Pod', name: 'p' }, reason: 'BackOff' } }) //=> true
 * normalize('k8s', { kind: 'EventList', items: [event1, event2] }) //=> { ok: true, events: [..2 events] }
 * ```
 */
export const k8sAdapter: Adapter = {
  id: 'k8s',
  detect(payload) {
    if (!isRecord(payload)) return false;
    if (isEvent(payload)) return true;
    if (own(payload, 'kind') === 'EventList') return Array.isArray(own(payload, 'items'));
    const w = unwrap(payload);
    return w !== undefined && isEvent(w.event);
  },
  normalize(payload, ctx) {
    if (!isRecord(payload)) return fail('invalid_type', [], 'a Kubernetes Event payload must be an object');
    if (own(payload, 'kind') === 'EventList') return normalizeList(payload, ctx);
    let event: unknown = payload;
    let watchType: string | undefined;
    let wrapperTime: unknown;
    let at: (string | number)[] = [];
    if (!isEvent(payload)) {
      const w = unwrap(payload);
      if (w === undefined) {
        return fail('missing_field', ['involvedObject'], 'not a Kubernetes Event: expected involvedObject (core/v1) or regarding (events.k8s.io/v1), a watch notification {type, object} or an EventList');
      }
      ({ event, watchType, wrapperTime } = w);
      at = [Object.hasOwn(payload, 'object') ? 'object' : 'record'];
    }
    if (watchType === 'DELETED' || watchType === 'BOOKMARK') return { ok: true, events: [] };
    if (watchType === 'ERROR') {
      const m = isRecord(event) ? str(event, 'message') : undefined;
      return fail('unsupported', at, `watch ERROR notification${m === undefined ? '' : `: ${clip(m, 512)}`}`);
    }
    if (!isEvent(event)) return fail('invalid_value', at, 'the wrapped object is not a Kubernetes Event');
    const r = eventOf(event, at, watchType, wrapperTime, ctx);
    return 'code' in r ? { ok: false, issues: [r] } : { ok: true, events: [r] };
  },
};

function normalizeList(list: JsonRecord, ctx: AdapterContext): ReturnType<Adapter['normalize']> {
  const items = own(list, 'items');
  if (!Array.isArray(items)) return fail('invalid_type', ['items'], 'EventList.items must be an array');
  if (items.length > ctx.limits.maxEventsPerPayload) {
    return fail('too_large', ['items'], `EventList has ${items.length} items, over limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload})`);
  }
  const events: OpsEvent[] = [];
  const issues: NormalizeIssue[] = [];
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (!isEvent(item)) {
      issues.push(issue('invalid_value', ['items', i], 'EventList item is not a Kubernetes Event'));
      if (issues.length >= 20) break;
      continue;
    }
    const r = eventOf(item, ['items', i], undefined, undefined, ctx);
    if ('code' in r) issues.push(r);
    else events.push(r);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, events };
}

function eventOf(
  ev: JsonRecord,
  at: (string | number)[],
  watchType: string | undefined,
  wrapperTime: unknown,
  ctx: AdapterContext,
): OpsEvent | NormalizeIssue {
  const max = ctx.limits.maxStringLength;
  // Resource values are names: 256 characters is plenty, and never more than the limit.
  const rmax = Math.min(256, max);
  const core = isRecord(own(ev, 'involvedObject'));
  const obj = rec(ev, core ? 'involvedObject' : 'regarding') ?? {};
  const meta = rec(ev, 'metadata') ?? {};
  const series = rec(ev, 'series');
  const reason = str(ev, 'reason');
  const type = str(ev, 'type');
  const message = core ? str(ev, 'message') : str(ev, 'note') ?? str(ev, 'message');

  const objKind = str(obj, 'kind');
  const objName = str(obj, 'name');
  const objNs = str(obj, 'namespace');
  const objUid = str(obj, 'uid');
  if (objName === undefined && reason === undefined && message === undefined) {
    return issue('missing_field', [...at, core ? 'involvedObject' : 'regarding', 'name'], 'the Event names no object, reason or message');
  }

  const timeFields = core
    ? [own(ev, 'lastTimestamp'), series && own(series, 'lastObservedTime'), own(ev, 'eventTime'), own(ev, 'firstTimestamp')]
    : [series && own(series, 'lastObservedTime'), own(ev, 'eventTime'), own(ev, 'deprecatedLastTimestamp'), own(ev, 'deprecatedFirstTimestamp')];
  timeFields.push(own(meta, 'creationTimestamp'), wrapperTime);
  let time: number | undefined;
  for (const t of timeFields) {
    time = parseTime(t);
    if (time !== undefined) break;
  }

  const source = rec(ev, core ? 'source' : 'deprecatedSource') ?? rec(ev, 'source');
  const host = source === undefined ? undefined : str(source, 'host');
  const component = (source === undefined ? undefined : str(source, 'component')) ?? str(ev, core ? 'reportingComponent' : 'reportingController') ?? str(ev, 'reportingController');

  const resource: Record<string, string> = {};
  let entity: string | undefined;
  if (objNs !== undefined) setOwn(resource, 'k8s.namespace.name', clip(objNs, rmax));
  const name = objName === undefined ? undefined : clip(objName, rmax);
  if (name !== undefined) {
    if (objKind === 'Pod') {
      setOwn(resource, 'k8s.pod.name', name);
      if (objUid !== undefined) setOwn(resource, 'k8s.pod.uid', clip(objUid, rmax));
      const fieldPath = str(obj, 'fieldPath');
      const m = fieldPath === undefined ? null : CONTAINER_FIELD.exec(fieldPath);
      if (m?.[1] !== undefined) setOwn(resource, 'k8s.container.name', clip(m[1], rmax));
      if (host !== undefined) setOwn(resource, 'k8s.node.name', clip(host, rmax));
    } else if (objKind !== undefined && Object.hasOwn(WORKLOAD_ATTR, objKind)) {
      setOwn(resource, WORKLOAD_ATTR[objKind] ?? 'k8s.object.name', name);
      if (objKind === 'ReplicaSet') {
        const m = TEMPLATE_HASH_SUFFIX.exec(name);
        if (m?.[1] !== undefined) setOwn(resource, 'k8s.deployment.name', m[1]);
      }
    } else if (objKind === 'Node') {
      setOwn(resource, 'k8s.node.name', name);
    } else if (objKind === 'Namespace') {
      setOwn(resource, 'k8s.namespace.name', name);
    } else {
      const k = (objKind ?? 'object').toLowerCase();
      entity = objNs === undefined ? `${k}:${name}` : `${k}:${objNs}/${name}`;
    }
  }

  const count = num(ev, 'count') ?? (series && num(series, 'count')) ?? num(ev, 'deprecatedCount');
  const attributes: Record<string, AttributeValue> = {};
  const put = (k: string, v: string | number | undefined): void => {
    if (v === undefined || Object.keys(attributes).length >= ctx.limits.maxAttributes) return;
    setOwn(attributes, k, typeof v === 'string' ? clip(v, max) : v);
  };
  put('k8s.event.reason', reason);
  put('k8s.event.type', type);
  put('k8s.event.count', count);
  put('k8s.object.kind', objKind);
  put('k8s.object.name', name);
  put('k8s.object.uid', objUid);
  put('k8s.object.field_path', str(obj, 'fieldPath'));
  put('k8s.event.name', str(meta, 'name'));
  put('k8s.event.uid', str(meta, 'uid'));
  put('k8s.event.component', component);
  put('k8s.event.host', host);
  put('k8s.event.action', str(ev, 'action'));
  put('k8s.event.reporting_instance', str(ev, 'reportingInstance'));
  put('k8s.event.api_version', core ? 'v1' : 'events.k8s.io/v1');
  put('k8s.watch.type', watchType);
  const related = rec(ev, 'related');
  if (related !== undefined) {
    put('k8s.related.kind', str(related, 'kind'));
    put('k8s.related.name', str(related, 'name'));
  }
  const first = parseTime(own(ev, core ? 'firstTimestamp' : 'deprecatedFirstTimestamp'));
  if (first !== undefined && first !== time) put('k8s.event.first_time', first);

  const kind = kindOf(reason, objKind);
  const severity = severityOf(type, reason);
  const objKey = objUid ?? `${objKind ?? ''}/${objName ?? ''}`;
  const uid = str(meta, 'uid');
  return buildEvent(
    {
      kind,
      source: 'k8s',
      name: reason ?? 'Event',
      time,
      resource,
      entity,
      severity,
      status: 'info',
      message,
      attributes,
      fingerprint: hash53(`k8s\u0000${objNs ?? ''}\u0000${objKey}\u0000${reason ?? ''}`),
      id: uid === undefined ? undefined : `${uid}:${count ?? 1}`,
    },
    ctx,
  );
}

function kindOf(reason: string | undefined, objKind: string | undefined): EventKind {
  if (reason === undefined) return 'k8s';
  if (CHANGE_REASONS.has(reason) || (reason.startsWith('Rollout') && reason !== 'RolloutAborted')) return 'change';
  if ((reason === 'SuccessfulCreate' || reason === 'SuccessfulDelete') && objKind === 'ReplicaSet') return 'change';
  return 'k8s';
}

function severityOf(type: string | undefined, reason: string | undefined): Severity {
  if (reason !== undefined && ERROR_REASONS.has(reason)) return 'error';
  return type === 'Warning' ? 'warning' : 'info';
}
