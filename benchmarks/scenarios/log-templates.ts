/**
 * Log line templates: many per service in normal operation, plus the lines faults make
 * (timeouts, refused connections, OOM, exceptions after a bad deploy). Placeholders are filled from
 * the seeded stream, so one template yields many distinct lines, as real logs do.
 */
import type { Rng } from './prng.js';

/** Context a template can draw names from. */
export interface LogContext {
  service: string;
  callee: string;
  pod: string;
  port: number;
  ip: string;
}

/** A template: severity (OTel number + text) and a function that renders one line. */
export interface LogTemplate {
  severityNumber: number;
  severityText: string;
  render(rng: Rng, c: LogContext): string;
}

const ROUTES = ['/api/v1/orders', '/api/v1/cart', '/api/v2/items', '/api/v1/users/me', '/healthz', '/api/v1/search', '/api/v1/prices', '/internal/sync', '/api/v1/sessions', '/graphql'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const JOBS = ['cache-warmup', 'token-refresh', 'metrics-flush', 'outbox-relay', 'stale-session-sweep', 'price-sync'];
const CLASSES = ['OrderController', 'CartRepository', 'PaymentClient', 'InventoryService', 'PricingEngine', 'SessionStore', 'EventPublisher', 'UserResolver'];
const METHODS_JAVA = ['handle', 'process', 'lookup', 'save', 'apply', 'resolve', 'publish', 'fetch'];

const id = (rng: Rng): string => rng.hex(8);
const ms = (rng: Rng, lo: number, hi: number): number => rng.int(lo, hi);
const user = (rng: Rng): string => `u-${rng.int(10000, 99999)}`;

const t = (severityNumber: number, severityText: string, render: (rng: Rng, c: LogContext) => string): LogTemplate => ({ severityNumber, severityText, render });

/** Everyday lines every service writes (INFO / DEBUG), the bulk of the log volume. */
export const NORMAL_TEMPLATES: readonly LogTemplate[] = [
  t(9, 'INFO', (r) => `${r.pick(METHODS)} ${r.pick(ROUTES)} 200 ${ms(r, 2, 180)}ms`),
  t(9, 'INFO', (r) => `Processed order ${id(r)} for user ${user(r)} in ${ms(r, 5, 300)} ms`),
  t(5, 'DEBUG', (r) => `Cache hit ratio ${r.int(80, 99)}% over last ${r.int(500, 5000)} requests`),
  t(9, 'INFO', (r) => `Connection pool stats: active=${r.int(1, 20)} idle=${r.int(0, 15)} waiting=0`),
  t(9, 'INFO', (r) => `Scheduled job ${r.pick(JOBS)} completed in ${ms(r, 10, 2000)}ms`),
  t(9, 'INFO', (r) => `User ${user(r)} logged in from 10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`),
  t(9, 'INFO', (r, c) => `Published ${r.int(1, 50)} events to topic ${c.service}.events partition ${r.int(0, 11)}`),
  t(5, 'DEBUG', (r, c) => `Calling ${c.callee} ${r.pick(METHODS)} ${r.pick(ROUTES)}`),
  t(9, 'INFO', (r) => `Refreshed feature flags: ${r.int(10, 60)} flags, ${r.int(0, 3)} changed`),
  t(9, 'INFO', (r) => `Health check passed (db=${ms(r, 1, 9)}ms, cache=${ms(r, 0, 3)}ms)`),
  t(9, 'INFO', (r) => `Request ${id(r)}-${id(r)} completed status=200 bytes=${r.int(200, 90000)}`),
  t(5, 'DEBUG', (r) => `Evicted ${r.int(1, 400)} entries from local cache (size=${r.int(1000, 20000)})`),
  t(9, 'INFO', (r, c) => `Consumer group ${c.service}-consumers rebalanced: ${r.int(1, 8)} partitions assigned`),
  t(9, 'INFO', (r) => `JWT validated for subject ${user(r)} (kid=${r.hex(6)})`),
];

/** Warnings that happen now and then in a healthy system (background noise). */
export const NOISE_TEMPLATES: readonly LogTemplate[] = [
  t(13, 'WARN', (r, c) => `Slow response from ${c.callee}: ${ms(r, 400, 1200)}ms (threshold 400ms)`),
  t(13, 'WARN', (r) => `Retrying request ${id(r)} (attempt 2/3): connection reset by peer`),
  t(13, 'WARN', (r) => `Deprecated API ${r.pick(ROUTES)} called by client sdk-${r.int(1, 4)}.${r.int(0, 9)}`),
  t(17, 'ERROR', (r) => `Failed to send email notification ${id(r)}: SMTP 451 temporary local problem`),
  t(13, 'WARN', (r) => `GC pause ${ms(r, 120, 350)}ms (young generation)`),
  t(17, 'ERROR', (r) => `Invalid request payload from client ${r.int(1000, 9999)}: missing field "quantity"`),
];

/** What a service logs when its callee misbehaves (used for the callers of a fault's root). */
export const CALLER_FAULT_TEMPLATES: Readonly<Record<'latency' | 'errors' | 'refused', readonly LogTemplate[]>> = {
  latency: [
    t(17, 'ERROR', (r, c) => `Timeout after ${r.pick([1000, 2000, 3000, 5000])}ms calling ${c.callee}${r.pick(ROUTES)}`),
    t(13, 'WARN', (r, c) => `Slow response from ${c.callee}: ${ms(r, 800, 6000)}ms (threshold 400ms)`),
    t(13, 'WARN', (r, c) => `Circuit breaker ${c.callee} is HALF_OPEN after ${r.int(5, 50)} failures`),
  ],
  errors: [
    t(17, 'ERROR', (r, c) => `Upstream ${c.callee} responded with status ${r.pick([500, 502, 503, 504])} for ${r.pick(METHODS)} ${r.pick(ROUTES)}`),
    t(13, 'WARN', (r, c) => `Retrying request to ${c.callee} (attempt ${r.int(2, 3)}/3): status ${r.pick([500, 503])}`),
    t(17, 'ERROR', (r, c) => `Circuit breaker ${c.callee} is OPEN after ${r.int(20, 200)} failures in 60s`),
  ],
  refused: [
    t(17, 'ERROR', (r, c) => `dial tcp ${c.ip}:${c.port}: connect: connection refused (calling ${c.callee})`),
    t(17, 'ERROR', (r, c) => `Upstream ${c.callee} unavailable: no healthy endpoints (${r.int(1, 3)} attempts)`),
  ],
};

/** What the faulty service itself logs, per fault type. */
export const ROOT_FAULT_TEMPLATES: Readonly<Record<string, readonly LogTemplate[]>> = {
  'cpu-hog': [
    t(13, 'WARN', (r) => `Request queue depth ${r.int(50, 900)} exceeds 50; worker pool saturated`),
    t(13, 'WARN', (r) => `Event loop lag ${ms(r, 200, 3000)}ms`),
    t(13, 'WARN', (r) => `Thread pool exhausted: active=${r.int(64, 200)} max=${r.pick([64, 128, 200])}, rejecting tasks`),
  ],
  'memory-leak': [
    t(13, 'WARN', (r) => `GC pause ${ms(r, 600, 4000)}ms (full collection), heap ${r.int(88, 99)}% used`),
    t(17, 'ERROR', () => 'java.lang.OutOfMemoryError: Java heap space'),
    t(13, 'WARN', (r) => `Heap usage ${r.int(85, 99)}% after GC, ${r.int(1, 40)} MiB reclaimed`),
  ],
  latency: [
    t(13, 'WARN', (r) => `Slow query took ${ms(r, 800, 9000)}ms: SELECT * FROM orders WHERE customer_id = $1`),
    t(13, 'WARN', (r) => `Lock wait ${ms(r, 500, 5000)}ms on table ${r.pick(['orders', 'inventory', 'sessions'])}`),
    t(13, 'WARN', (r) => `Disk I/O latency ${ms(r, 50, 900)}ms on /var/lib/data`),
  ],
  'error-burst': [
    t(17, 'ERROR', (r) => `Unhandled exception in ${r.pick(CLASSES)}.${r.pick(METHODS_JAVA)}: java.lang.IllegalStateException: invariant violated for ${id(r)}`),
    t(17, 'ERROR', (r) => `${r.pick(METHODS)} ${r.pick(ROUTES)} 500 ${ms(r, 2, 60)}ms`),
    t(17, 'ERROR', (r) => `Transaction ${id(r)} rolled back: deadlock detected`),
  ],
  'crash-loop': [
    t(21, 'FATAL', (r) => `panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV code=0x1 addr=0x${r.hex(2)} pc=0x${r.hex(6)}]`),
    t(21, 'FATAL', (r, c) => `Failed to start: could not load configuration from /etc/${c.service}/config.yaml: yaml: line ${r.int(2, 80)}: mapping values are not allowed in this context`),
    t(17, 'ERROR', (r, c) => `Startup probe failed: dependency ${c.callee} not reachable after ${r.int(3, 10)} attempts`),
  ],
  'bad-deploy': [
    t(17, 'ERROR', (r) => `java.lang.NullPointerException: Cannot invoke "String.length()" because "${r.pick(['sku', 'currency', 'locale', 'couponCode'])}" is null at com.shop.${r.pick(CLASSES)}.${r.pick(METHODS_JAVA)}(${r.pick(CLASSES)}.java:${r.int(40, 400)})`),
    t(17, 'ERROR', (r) => `${r.pick(METHODS)} ${r.pick(ROUTES)} 500 ${ms(r, 2, 60)}ms`),
    t(17, 'ERROR', (r) => `Schema validation failed for response ${id(r)}: unknown field "${r.pick(['discount_v2', 'priceTier', 'region_code'])}"`),
  ],
};

/** Data stores that log via syslog, per engine (the service name's first word): normal and fault lines. */
export const DATASTORE_SYSLOG: Readonly<Record<string, { normal: readonly LogTemplate[]; fault: readonly LogTemplate[] }>> = {
  postgres: {
    normal: [
      t(9, 'INFO', (r) => `LOG:  checkpoint complete: wrote ${r.int(10, 3000)} buffers (${r.range(0.1, 9).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 3)} recycled`),
      t(9, 'INFO', (r) => `LOG:  automatic vacuum of table "app.public.${r.pick(['orders', 'sessions', 'events'])}": index scans: ${r.int(0, 2)}`),
      t(9, 'INFO', (r) => `LOG:  connection authorized: user=app database=app application_name=${r.pick(['pgx', 'psql', 'PostgreSQL JDBC Driver'])}`),
      t(9, 'INFO', () => 'LOG:  checkpoint starting: time'),
    ],
    fault: [
      t(13, 'WARN', (r) => `LOG:  duration: ${r.range(800, 9000).toFixed(3)} ms  statement: SELECT * FROM orders WHERE customer_id = ${r.int(1, 99999)}`),
      t(17, 'ERROR', () => 'FATAL:  sorry, too many clients already'),
      t(17, 'ERROR', (r) => `ERROR:  canceling statement due to statement timeout at character ${r.int(10, 200)}`),
    ],
  },
  mysql: {
    normal: [
      t(9, 'INFO', (r) => `[Note] [MY-010914] [Server] Aborted connection ${r.int(1000, 99999)} to db: 'app' user: 'app' host: '10.244.${r.int(0, 63)}.${r.int(2, 254)}' (Got timeout reading communication packets).`),
      t(9, 'INFO', (r) => `[Note] [MY-011953] [InnoDB] Page cleaner took ${r.int(100, 900)}ms to flush ${r.int(10, 900)} pages`),
    ],
    fault: [
      t(13, 'WARN', (r) => `[Warning] [MY-010055] [Server] IP address '10.244.${r.int(0, 63)}.${r.int(2, 254)}' could not be resolved: Name or service not known`),
      t(17, 'ERROR', (r) => `[ERROR] [MY-013183] [InnoDB] Lock wait timeout exceeded; try restarting transaction (thread ${r.int(100, 9999)})`),
      t(17, 'ERROR', () => '[ERROR] [MY-010924] [Server] Too many connections'),
    ],
  },
  redis: {
    normal: [
      t(9, 'INFO', (r) => `${r.int(1, 9)} changes in 300 seconds. Saving...`),
      t(9, 'INFO', (r) => `Background saving started by pid ${r.int(100, 30000)}`),
      t(9, 'INFO', () => 'DB saved on disk'),
      t(9, 'INFO', () => 'Background saving terminated with success'),
    ],
    fault: [
      t(13, 'WARN', () => 'Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.'),
      t(17, 'ERROR', (r) => `Error accepting a client connection: error:${r.hex(8)}: max number of clients reached`),
      t(13, 'WARN', () => 'WARNING: 32 bit instance detected but no memory limit set.'),
    ],
  },
  mongodb: {
    normal: [
      t(9, 'INFO', (r) => `{"s":"I","c":"NETWORK","id":22943,"ctx":"listener","msg":"Connection accepted","attr":{"connectionCount":${r.int(5, 200)}}}`),
      t(9, 'INFO', (r) => `{"s":"I","c":"STORAGE","id":22430,"ctx":"Checkpointer","msg":"WiredTiger message","attr":{"message":"saving checkpoint snapshot min: ${r.int(1, 99999)}"}}`),
    ],
    fault: [
      t(13, 'WARN', (r) => `{"s":"I","c":"COMMAND","id":51803,"ctx":"conn${r.int(10, 999)}","msg":"Slow query","attr":{"durationMillis":${r.int(800, 9000)}}}`),
      t(17, 'ERROR', (r) => `{"s":"E","c":"NETWORK","id":22988,"ctx":"conn${r.int(10, 999)}","msg":"Error receiving request from client. Ending connection from remote"}`),
    ],
  },
  kafka: {
    normal: [
      t(9, 'INFO', (r) => `[Log partition=events-${r.int(0, 11)}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${r.int(1e5, 9e7)} in ${r.int(1, 9)} ms. (kafka.log.LocalLog)`),
      t(9, 'INFO', (r) => `[GroupCoordinator ${r.int(0, 2)}]: Stabilized group consumers generation ${r.int(10, 900)} (__consumer_offsets-${r.int(0, 49)}) with ${r.int(1, 8)} members (kafka.coordinator.group.GroupCoordinator)`),
    ],
    fault: [
      t(13, 'WARN', (r) => `[ReplicaFetcher replicaId=${r.int(0, 2)}, leaderId=${r.int(0, 2)}, fetcherId=0] Error in response for fetch request (kafka.server.ReplicaFetcherThread)`),
      t(17, 'ERROR', (r) => `[ReplicaManager broker=${r.int(0, 2)}] Error processing append operation on partition events-${r.int(0, 11)} (kafka.server.ReplicaManager)`),
    ],
  },
  generic: {
    normal: [
      t(9, 'INFO', (r) => `accepted connection from 10.244.${r.int(0, 63)}.${r.int(2, 254)}:${r.int(30000, 65000)}`),
      t(9, 'INFO', (r) => `snapshot written in ${r.int(20, 900)} ms (${r.int(1, 900)} MB)`),
      t(9, 'INFO', (r) => `compaction finished: ${r.int(1, 40)} segments merged`),
    ],
    fault: [
      t(13, 'WARN', (r) => `slow operation: ${r.int(800, 9000)} ms`),
      t(17, 'ERROR', (r) => `connection limit reached (${r.pick([256, 512, 1024])}), refusing new clients`),
      t(13, 'WARN', (r) => `disk latency high: ${r.int(80, 900)} ms fsync`),
    ],
  },
};

/** The syslog templates of a data-store service, by the engine its name starts with. */
export function datastoreTemplates(service: string): { engine: string; normal: readonly LogTemplate[]; fault: readonly LogTemplate[] } {
  const engine = service.split('-')[0] ?? service;
  const set = DATASTORE_SYSLOG[engine] ?? (DATASTORE_SYSLOG['generic'] as { normal: readonly LogTemplate[]; fault: readonly LogTemplate[] });
  return { engine, ...set };
}

/** Node (host) daemons writing RFC 3164 lines: tag, facility, severity, template. */
export const NODE_SYSLOG: readonly { tag: string; facility: number; severity: number; render(rng: Rng, timeMs: number): string }[] = [
  { tag: 'CRON', facility: 9, severity: 6, render: (r) => `(root) CMD (/usr/lib/sa/sa1 1 ${r.int(1, 2)})` },
  { tag: 'systemd', facility: 3, severity: 6, render: (r) => `Started Session ${r.int(100, 9999)} of user ec2-user.` },
  { tag: 'sshd', facility: 4, severity: 6, render: (r) => `Accepted publickey for ec2-user from 10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)} port ${r.int(30000, 65000)} ssh2` },
  { tag: 'kubelet', facility: 3, severity: 6, render: (r, ms) => `${klogPrefix('I', ms)} ${r.int(1000, 9999)} kubelet_getters.go:218] "Pod status is inconsistent with cached status for pod, a reconciliation should be triggered"` },
  { tag: 'kubelet', facility: 3, severity: 4, render: (r, ms) => `${klogPrefix('W', ms)} ${r.int(1000, 9999)} reflector.go:${r.int(400, 560)}] watch of *v1.ConfigMap ended with: very short watch` },
  { tag: 'containerd', facility: 3, severity: 6, render: (r, ms) => `time="${new Date(ms).toISOString()}" level=info msg="ImageCreate event name:\\"registry.internal/base:${r.int(1, 9)}\\""` },
  { tag: 'chronyd', facility: 3, severity: 6, render: (r) => `Selected source 169.254.169.123 (offset ${r.range(-0.0009, 0.0009).toFixed(6)} seconds)` },
];

/** klog's line prefix: `I0105 10:04:05.123456`. */
function klogPrefix(level: string, ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`;
}
