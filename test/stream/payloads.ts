/**
 * Alertmanager webhook payloads (format: https://prometheus.io/docs/alerting/latest/configuration/#webhook_config),
 * written by us from the spec for the stream and engine tests.
 */
export interface AlertSpec {
  fp: string;
  startsAt: number;
  status?: 'firing' | 'resolved' | undefined;
  endsAt?: number | undefined;
  service?: string | undefined;
}

export function amPayload(alerts: AlertSpec[]): Record<string, unknown> {
  const status = alerts.some((a) => (a.status ?? 'firing') === 'firing') ? 'firing' : 'resolved';
  return {
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    status,
    receiver: 'rcaflow',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: { alertname: 'HighErrorRate', service: a.service ?? `svc-${a.fp}`, severity: 'critical', instance: `${a.fp}:9100` },
      annotations: { summary: `errors on ${a.fp}` },
      startsAt: Number.isFinite(a.startsAt) ? new Date(a.startsAt).toISOString() : 'not a time',
      endsAt: a.endsAt === undefined ? '0001-01-01T00:00:00Z' : new Date(a.endsAt).toISOString(),
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: a.fp,
    })),
  };
}
