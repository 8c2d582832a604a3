/**
 * Checkmk notifications → one OpsEvent.
 *
 * Checkmk hands notification scripts Nagios macros as `NOTIFY_*` environment variables
 * (https://docs.checkmk.com/latest/en/notifications.html#environment_variables) plus its own:
 * `NOTIFY_WHAT` (`HOST`/`SERVICE`), `OMD_SITE`, `NOTIFY_MICROTIME` (epoch µs),
 * `NOTIFY_HOSTLABEL_<name>` / `NOTIFY_SERVICELABEL_<name>`, `NOTIFY_HOSTURL`/`NOTIFY_SERVICEURL`,
 * `NOTIFY_LASTHOSTSHORTSTATE`, ... Read as a JSON object in any spelling: the raw variable names,
 * or the short names of forwarding scripts such as Keep's (`what`, `site`, `host`, `alias`,
 * `address`, `service`, `status`, `severity`, `output`, `long_output`, `notification_type`,
 * `long_date_time`, `short_date_time`, `check_command`, `url`, `summary`).
 *
 * ## Status and severity
 *
 * As for Nagios (see `nagios.ts`): `NOTIFICATIONTYPE` gives the status (`PROBLEM`,
 * `ACKNOWLEDGEMENT`, `FLAPPINGSTART` → `firing`; `RECOVERY` → `resolved`; flapping stop,
 * downtime, `CUSTOM`, `ALERTHANDLER` → `info`; missing → from the state), and the state gives the
 * severity:
 *
 * | state (long or Checkmk short form)           | severity   |
 * |----------------------------------------------|------------|
 * | `OK`, `UP`                                   | `info`     |
 * | `WARNING`/`WARN`, `UNKNOWN`/`UNKN`           | `warning`  |
 * | `CRITICAL`/`CRIT`, `DOWN`                    | `critical` |
 * | `UNREACHABLE`/`UNREACH`                      | `error`    |
 *
 * The state is the first valid host state (for `WHAT=HOST`) or service state (`WHAT=SERVICE`)
 * among `HOSTSTATE`/`SERVICESTATE`, `state`, `status`, `severity`: Keep's script puts the host
 * state in `status` (and a constant `OK` in `severity`), the service state in `severity`.
 *
 * ## Entity
 *
 * `NOTIFY_HOSTNAME` (or `host`) → `host.name`; host and service labels (`NOTIFY_HOSTLABEL_app`,
 * ...) → {@link resourceFromLabels} (an `app`/`service` label → `service.name`, ...) →
 * {@link entityOf}: `service:<label>` when a label names one, else `host:<HOSTNAME>`.
 *
 * ## Other fields
 *
 * - `name` = `SERVICEDESC` for a service notification, `host check` for a host notification.
 * - `message` = the check output (`SERVICEOUTPUT`/`HOSTOUTPUT`/`output`), else `summary`.
 * - `time` = `NOTIFY_MICROTIME`, else `LONGDATETIME`, else `SHORTDATETIME` (read as UTC), else
 *   the receive time.
 * - `fingerprint` = the fallback hash over name and entity; `id` = the hash of the content.
 * - Required: the host name, and `NOTIFICATIONTYPE` or a state.
 * - attributes: every filled field as sent, plus `checkmk.what`, `checkmk.notification_type`,
 *   `checkmk.state`, `checkmk.problem_id`.
 *
 * @example
 * ```ts
 * checkmkAdapter.normalize({ what: 'HOST', host: 'server1', status: 'DOWN', notification_type: 'PROBLEM', site: 'cmk' }, ctx);
 * //=> events[0]: { name: 'host check', entity: 'host:server1', severity: 'critical', status: 'firing', ... }
 * ```
 */
import type { NormalizeResult } from '../schema/result.js';
import { describeValue } from './shared/payload-values.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord } from './shared/guards.js';
import { canonicalKeys, looksLikeNagiosNotification, normalizeNagiosLike } from './shared/nagios-notification.js';

/** Checkmk-only marks: `NOTIFY_*` variable names, `OMD_SITE`, or `WHAT` = HOST/SERVICE. */
function hasCheckmkMark(p: JsonRecord, keys: ReadonlySet<string>): boolean {
  if (keys.has('omdsite')) return true;
  const what = Object.hasOwn(p, 'what') ? p['what'] : Object.hasOwn(p, 'WHAT') ? p['WHAT'] : Object.hasOwn(p, 'NOTIFY_WHAT') ? p['NOTIFY_WHAT'] : undefined;
  if (typeof what === 'string' && /^(HOST|SERVICE)$/i.test(what)) return true;
  let n = 0;
  for (const k in p) {
    if (!Object.hasOwn(p, k)) continue;
    if (++n > 64) break;
    if (k.length > 7 && k.slice(0, 7).toUpperCase() === 'NOTIFY_') return true;
  }
  return false;
}

/**
 * The Checkmk adapter. `detect` wants a Checkmk mark (`NOTIFY_*` names, `OMD_SITE`, or
 * `WHAT` = `HOST`/`SERVICE`) on a Nagios-style notification (host, notification type or state).
 * Asked before Nagios (see `DETECTION_ORDER`), since a Checkmk notification is also a Nagios one.
 *
 * @example
 * ```ts
 * checkmkAdapter.detect({ NOTIFY_WHAT: 'HOST', NOTIFY_HOSTNAME: 'web-1', NOTIFY_NOTIFICATIONTYPE: 'PROBLEM', NOTIFY_HOSTSTATE: 'DOWN' }) //=> true
 * ```
 */
export const checkmkAdapter: Adapter = {
  id: 'checkmk',
  detect(payload: unknown): boolean {
    if (!isRecord(payload)) return false;
    const keys = canonicalKeys(payload);
    if (!hasCheckmkMark(payload, keys)) return false;
    return looksLikeNagiosNotification(keys) ||
      ((keys.has('hostname') || keys.has('host')) && (keys.has('hoststate') || keys.has('servicestate')));
  },
  normalize(payload: unknown, ctx: AdapterContext): NormalizeResult {
    if (!isRecord(payload)) return fail('invalid_type', [], `checkmk notification must be a JSON object, got ${describeValue(payload)}`);
    return normalizeNagiosLike(payload, ctx, 'checkmk');
  },
};
