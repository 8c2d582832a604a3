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

/**
 * The series-key conventions of count series, shared by the detector that names them and the
 * stages that read them: `<entity>|template:<id>` counts one log template on an entity,
 * `<entity>|log:errors` all of an entity's error lines.
 *
 * @example
 * ```ts
 * `service:api${TEMPLATE_SERIES_MARK}0f1e2d3c4b5a69` //=> 'service:api|template:0f1e2d3c4b5a69'
 * `service:api|${ERROR_LOG_SERIES}`                  //=> 'service:api|log:errors'
 * ```
 */
export const TEMPLATE_SERIES_MARK = '|template:';
/** See {@link TEMPLATE_SERIES_MARK}: the name part of an entity's error-line count series. */
export const ERROR_LOG_SERIES = 'log:errors';
