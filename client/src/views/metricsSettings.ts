// `haproxy.metrics.*` and `haproxy.alerts.*` settings -> the metrics store's settings.
import * as vscode from 'vscode';
import { thresholdsFrom } from '../haproxy/metrics/alerts';
import { DEFAULT_WINDOW_MINUTES, maxSamplesFor, type MetricsSettings } from '../haproxy/metrics/store';

export const METRICS_SETTINGS = ['haproxy.metrics', 'haproxy.alerts', 'haproxy.refreshInterval'];

/** Reads the settings; values out of range fall back to their defaults and are listed in `errors`. */
export function readMetricsSettings(): { settings: MetricsSettings; errors: string[] } {
  const config = vscode.workspace.getConfiguration('haproxy');
  const errors: string[] = [];
  let minutes = config.get<unknown>('metrics.windowMinutes', DEFAULT_WINDOW_MINUTES);
  if (typeof minutes !== 'number' || !(minutes >= 1 && minutes <= 1440)) {
    errors.push(`haproxy.metrics.windowMinutes must be 1 to 1440 minutes, got ${JSON.stringify(minutes)}`);
    minutes = DEFAULT_WINDOW_MINUTES;
  }
  const alerts = config.get<Record<string, unknown>>('alerts', {});
  const { thresholds, errors: thresholdErrors } = thresholdsFrom(alerts ?? {});
  errors.push(...thresholdErrors.map((error) => `haproxy.alerts.${error}`));
  const windowMs = (minutes as number) * 60_000;
  const refresh = config.get<number>('refreshInterval', 5);
  return { settings: { windowMs, maxSamples: maxSamplesFor(windowMs, refresh), thresholds }, errors };
}
