/**
 * An outlier found in one series by an online detector.
 *
 * @example
 * ```ts
 * anomalies$.subscribe((a: Anomaly) => console.log(a.series, a.score, a.direction));
 * ```
 */
export interface Anomaly {
  /** Stable id: hash of series and time. */
  id: string;
  /** Series key: entity + name (e.g. `service:checkout|http.server.duration`). */
  series: string;
  /** Entity the series belongs to. */
  entity: string;
  /** Metric name, template id or alert name that the series counts. */
  name: string;
  /** Event time of the anomalous point, epoch ms. */
  time: number;
  /** Anomaly score in [0, 1]. */
  score: number;
  /** Whether the value was above or below what was expected. */
  direction: 'up' | 'down';
  /** The observed value. */
  observed: number;
  /** The value the detector expected. */
  expected: number;
  /** Detector name that produced it. */
  detector: string;
}
