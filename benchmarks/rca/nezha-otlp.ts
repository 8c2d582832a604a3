/**
 * Nezha CSVs → OTLP/JSON payloads, the shape an OpenTelemetry collector would send: what the
 * filelog receiver (container parser, then a severity parser) makes of the docker JSON log lines,
 * and the spans the CSVs flattened. Pure functions, tested on fixtures written from the format in
 * `../shared/datasets/nezha-rca/SOURCE.md`.
 *
 * - log/HH_MM_log.csv: `Timestamp,TimeUnixNano,Node,PodName,Container,TraceID,SpanID,Log`, `Log`
 *   a docker JSON line `{"log": "<java log line>\n", "stream": "stdout", "time": "…"}`.
 * - trace/HH_MM_trace.csv: `TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration`
 *   (`ParentID` "root" for a root span).
 */
import { workloadOfPod } from '../../src/correlate/k8s-names.js';

/** The workload (service) of a pod by the Kubernetes naming pattern, else the pod name. */
export const serviceOfPod = (pod: string): string => workloadOfPod(pod)?.name ?? pod;

/**
 * RFC 4180 CSV: quoted fields with `""` escapes and embedded commas or newlines; CRLF or LF.
 * Returns the rows (header included); a trailing empty line yields no row.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let quoted = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // Copy a run of plain characters at once (long JSON fields).
      let j = text.indexOf('"', i);
      if (j < 0) j = n;
      field += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === 34 && field === '') {
      quoted = true;
      i++;
    } else if (c === 44) {
      row.push(field);
      field = '';
      i++;
    } else if (c === 10 || c === 13) {
      row.push(field);
      field = '';
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      field += text[i];
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const LEVEL = /^\s*(?:\S+\s+)?(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE)\b/;

/** One log row as the collector sees it. */
export interface NezhaLogRecord {
  pod: string;
  container: string;
  timeUnixNano: string;
  traceId: string;
  spanId: string;
  body: string;
  severityText: string | undefined;
}

/**
 * Log CSV rows (header first) → records: the docker JSON line is unwrapped (a row whose `Log` is
 * not docker JSON keeps it as the body), the Java level read as `severityText`.
 */
export function logRecordsOf(rows: readonly string[][]): NezhaLogRecord[] {
  const header = rows[0] ?? [];
  const col = (name: string): number => header.indexOf(name);
  const [iNano, iPod, iContainer, iTrace, iSpan, iLog] = [col('TimeUnixNano'), col('PodName'), col('Container'), col('TraceID'), col('SpanID'), col('Log')];
  const out: NezhaLogRecord[] = [];
  if (iNano < 0 || iPod < 0 || iLog < 0) return out;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const pod = row[iPod];
    const nano = row[iNano];
    const raw = row[iLog];
    if (!pod || !nano || !/^\d+$/.test(nano) || raw === undefined) continue;
    let body = raw;
    if (raw.startsWith('{')) {
      try {
        const j = JSON.parse(raw) as { log?: unknown };
        if (typeof j.log === 'string') body = j.log;
      } catch {
        // Not docker JSON: keep the raw text (a collector would too).
      }
    }
    body = body.replace(/\s+$/, '');
    const m = LEVEL.exec(body);
    out.push({ pod, container: (iContainer >= 0 ? row[iContainer] : undefined) ?? '', timeUnixNano: nano, traceId: row[iTrace] ?? '', spanId: row[iSpan] ?? '', body, severityText: m?.[1] });
  }
  return out;
}

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** Log records → OTLP/JSON `ExportLogsServiceRequest` payloads, one resource per pod, at most `chunk` records each. */
export function otlpLogPayloads(records: readonly NezhaLogRecord[], chunk = 2000): unknown[] {
  const byPod = new Map<string, NezhaLogRecord[]>();
  for (const r of records) {
    let list = byPod.get(r.pod);
    if (list === undefined) byPod.set(r.pod, (list = []));
    list.push(r);
  }
  const out: unknown[] = [];
  for (const [pod, list] of byPod) {
    for (let k = 0; k < list.length; k += chunk) {
      const logRecords = list.slice(k, k + chunk).map((r) => ({
        timeUnixNano: r.timeUnixNano,
        ...(r.severityText !== undefined ? { severityText: r.severityText } : {}),
        body: { stringValue: r.body },
        ...(/^[0-9a-f]{32}$/.test(r.traceId) ? { traceId: r.traceId } : {}),
        ...(/^[0-9a-f]{16}$/.test(r.spanId) ? { spanId: r.spanId } : {}),
      }));
      const resource = { attributes: [attr('service.name', serviceOfPod(pod)), attr('k8s.pod.name', pod), ...(list[0]!.container ? [attr('k8s.container.name', list[0]!.container)] : [])] };
      out.push({ resourceLogs: [{ resource, scopeLogs: [{ logRecords }] }] });
    }
  }
  return out;
}

/** Trace CSV rows (header first) → OTLP/JSON `ExportTraceServiceRequest` payloads, one resource per pod. */
export function otlpSpanPayloads(rows: readonly string[][], chunk = 2000): unknown[] {
  const header = rows[0] ?? [];
  const col = (name: string): number => header.indexOf(name);
  const [iTrace, iSpan, iParent, iPod, iOp, iStart, iEnd] = [col('TraceID'), col('SpanID'), col('ParentID'), col('PodName'), col('OperationName'), col('StartTimeUnixNano'), col('EndTimeUnixNano')];
  const byPod = new Map<string, unknown[]>();
  if ([iTrace, iSpan, iPod, iStart, iEnd].some((i) => i < 0)) return [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const traceId = row[iTrace];
    const spanId = row[iSpan];
    const pod = row[iPod];
    if (!traceId || !spanId || !pod) continue;
    const parent = iParent >= 0 ? row[iParent] : undefined;
    let list = byPod.get(pod);
    if (list === undefined) byPod.set(pod, (list = []));
    list.push({
      traceId,
      spanId,
      ...(parent && parent !== 'root' ? { parentSpanId: parent } : {}),
      name: (iOp >= 0 ? row[iOp] : undefined) || 'span',
      startTimeUnixNano: row[iStart],
      endTimeUnixNano: row[iEnd],
    });
  }
  const out: unknown[] = [];
  for (const [pod, spans] of byPod) {
    for (let k = 0; k < spans.length; k += chunk) {
      out.push({ resourceSpans: [{ resource: { attributes: [attr('service.name', serviceOfPod(pod)), attr('k8s.pod.name', pod)] }, scopeSpans: [{ spans: spans.slice(k, k + chunk) }] }] });
    }
  }
  return out;
}

/**
 * Per-pod metric CSV rows (header first) → OTLP/JSON gauge payloads (one row a minute; node-level
 * columns left out: they describe the node, not the pod), `chunk` rows per payload.
 */
export function otlpMetricPayloads(rows: readonly string[][], chunk = 100): unknown[] {
  const header = rows[0] ?? [];
  const cols = header.map((h, i) => [h, i] as const).filter(([h]) => h !== 'Time' && h !== 'TimeStamp' && h !== 'PodName' && !h.startsWith('Node'));
  const iTs = header.indexOf('TimeStamp');
  const iPod = header.indexOf('PodName');
  const body = rows.slice(1);
  const pod = body[0]?.[iPod];
  if (pod === undefined || iTs < 0) return [];
  const out: unknown[] = [];
  for (let start = 0; start < body.length; start += chunk) {
    const part = body.slice(start, start + chunk);
    const metrics = cols.map(([h, i]) => ({
      name: h,
      gauge: {
        dataPoints: part.flatMap((r) => {
          const t = r[iTs] ?? '';
          const v = Number(r[i]);
          return /^\d+$/.test(t) && r[i] !== '' && Number.isFinite(v) ? [{ timeUnixNano: `${BigInt(t) * 1_000_000_000n}`, asDouble: v }] : [];
        }),
      },
    }));
    out.push({ resourceMetrics: [{ resource: { attributes: [attr('service.name', serviceOfPod(pod)), attr('k8s.pod.name', pod)] }, scopeMetrics: [{ metrics }] }] });
  }
  return out;
}

/** The `HH_MM` file key of an epoch-ms time (UTC) shifted by `minutes`. */
export function minuteKey(time: number, minutes = 0): string {
  const d = new Date(time + minutes * 60_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}_${String(d.getUTCMinutes()).padStart(2, '0')}`;
}
