/**
 * Nagios (and Icinga, Naemon, Shinken: Nagios-core derived) notifications → one OpsEvent.
 *
 * Nagios notifies by running a command with macros (https://assets.nagios.com/downloads/nagioscore/docs/nagioscore/4/en/macrolist.html).
 * Two forms are read:
 * - a JSON object of macros as a forwarder posts them: `NOTIFICATIONTYPE`, `HOSTNAME`,
 *   `HOSTALIAS`, `HOSTADDRESS`, `HOSTSTATE`/`HOSTSTATEID`, `HOSTOUTPUT`, `SERVICEDESC`,
 *   `SERVICESTATE`/`SERVICESTATEID`, `SERVICEOUTPUT`, `LONGSERVICEOUTPUT`, `LONGDATETIME`,
 *   `SHORTDATETIME`, `TIMET`, `HOSTPROBLEMID`, `SERVICEPROBLEMID`, `NOTIFICATIONAUTHOR`,
 *   `NOTIFICATIONCOMMENT`, ... in any spelling (`NAGIOS_HOSTNAME`, `$HOSTNAME$`, `host_name`,
 *   `host`, `state`, `output`);
 * - the text of Nagios' default `notify-host-by-email` / `notify-service-by-email` commands
 *   (`***** Nagios *****`, `Notification Type: …`, `Host: …`, `State: …`, `Date/Time: …`,
 *   `Additional Info:` followed by the plugin output).
 *
 * ## Status and severity
 *
 * | `$NOTIFICATIONTYPE$`                                   | status     |
 * |--------------------------------------------------------|------------|
 * | `PROBLEM`, `ACKNOWLEDGEMENT`, `FLAPPINGSTART`          | `firing`   |
 * | `RECOVERY`                                             | `resolved` |
 * | `FLAPPINGSTOP`, `FLAPPINGDISABLED`, `DOWNTIMESTART`, `DOWNTIMEEND`, `DOWNTIMECANCELLED`, `CUSTOM` | `info` |
 * | missing or unknown                                     | `resolved` when the state is `OK`/`UP`, else `firing` |
 *
 * | state (`$SERVICESTATE$` / `$HOSTSTATE$`, or the `…STATEID` number) | severity   |
 * |---------------------------------------------------------------------|------------|
 * | `OK` (0), `UP` (0)                                                  | `info`     |
 * | `WARNING` (1), `UNKNOWN` (3)                                        | `warning`  |
 * | `CRITICAL` (2), `DOWN` (1)                                          | `critical` |
 * | `UNREACHABLE` (2): a parent is down, so a consequence rather than a cause | `error` |
 * | no state                                                            | `warning` when firing, else `info` |
 *
 * ## Entity
 *
 * `$HOSTNAME$` → `host.name` → {@link entityOf}: `host:<HOSTNAME>`. The service description is
 * a check name (`Disk /`, `HTTP`), not an OTel service, so it becomes the event `name`, not the entity.
 *
 * ## Other fields
 *
 * - `name` = `$SERVICEDESC$` for a service notification, `host check` for a host notification.
 * - `message` = the plugin output (`$SERVICEOUTPUT$` / `$HOSTOUTPUT$`, else the long output).
 * - `time` = `$TIMET$` (epoch s), else `$LONGDATETIME$` (`Fri Oct 13 00:30:28 CDT 2000`; zones
 *   UTC/GMT, the US ones, the central and east/west European ones, or `±hhmm`), else
 *   `$SHORTDATETIME$` (year-first, read as UTC), else the receive time.
 * - `fingerprint` = the fallback hash over name and entity (host + check): a recovery resolves the
 *   problem of the same check on the same host. `id` = the hash of the content.
 * - Required: `$HOSTNAME$`, and `$NOTIFICATIONTYPE$` or a state.
 * - attributes: every filled field as sent, plus `nagios.what` (`HOST`/`SERVICE`),
 *   `nagios.notification_type`, `nagios.state` and `nagios.problem_id` (`$SERVICEPROBLEMID$`,
 *   or the last one on a recovery).
 *
 * @example
 * ```ts
 * nagiosAdapter.normalize({ NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'web-1', SERVICEDESC: 'HTTP',
 *   SERVICESTATE: 'CRITICAL', SERVICEOUTPUT: 'Connection refused', TIMET: '1729984839' }, ctx);
 * //=> events[0]: { name: 'HTTP', entity: 'host:web-1', severity: 'critical', status: 'firing', ... }
 * ```
 */
import type { NormalizeResult } from '../schema/result.js';
import { describeValue } from './shared/payload-values.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import { isRecord } from './shared/guards.js';
import {
  canonicalKeys,
  looksLikeNagiosMail,
  looksLikeNagiosNotification,
  normalizeNagiosLike,
  parseNagiosMail,
} from './shared/nagios-notification.js';

/**
 * The Nagios adapter. `detect` wants `NOTIFICATIONTYPE` with a host and a state/service/output
 * field (any spelling), or the default notification e-mail text. Checkmk payloads match too;
 * `DETECTION_ORDER` asks the Checkmk adapter first.
 *
 * @example
 * ```ts
 * nagiosAdapter.detect({ NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'web-1', HOSTSTATE: 'DOWN' }) //=> true
 * ```
 */
export const nagiosAdapter: Adapter = {
  id: 'nagios',
  detect(payload: unknown): boolean {
    if (typeof payload === 'string') return looksLikeNagiosMail(payload);
    return isRecord(payload) && looksLikeNagiosNotification(canonicalKeys(payload));
  },
  normalize(payload: unknown, ctx: AdapterContext): NormalizeResult {
    if (typeof payload === 'string') {
      if (payload.length > ctx.limits.maxPayloadBytes) {
        return fail('too_large', [], `notification text is ${payload.length} characters, over limits.maxPayloadBytes (${ctx.limits.maxPayloadBytes})`);
      }
      const macros = parseNagiosMail(payload);
      if (macros === undefined) {
        return fail('parse_error', [], 'not a Nagios notification text: it needs a "Notification Type:" line and a "Host:" line');
      }
      return normalizeNagiosLike(macros, ctx, 'nagios');
    }
    if (!isRecord(payload)) return fail('invalid_type', [], `nagios notification must be a JSON object or the notification text, got ${describeValue(payload)}`);
    return normalizeNagiosLike(payload, ctx, 'nagios');
  },
};
