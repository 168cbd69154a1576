// The metrics of every endpoint, fed by the servers tree's snapshots (no vscode: the extension
// wires settings and events around it). One EndpointHistory per endpoint name; a new target for a
// name (its settings changed) starts a new history.
import type { Snapshot } from '../endpoint';
import { DEFAULT_THRESHOLDS, type Alert, type AlertThresholds } from './alerts';
import { EndpointHistory, type HistoryOptions } from './history';

export interface MetricsSettings extends HistoryOptions {
  thresholds: AlertThresholds;
}

/** What the servers tree calls for each snapshot of one endpoint. */
export interface SnapshotObserver {
  record(snapshot: Snapshot): void;
  backendAlerts(backend: string): readonly Alert[];
}

export const DEFAULT_WINDOW_MINUTES = 15;

/** Samples per object for a window and refresh interval, with room for extra refreshes (actions, manual). */
export function maxSamplesFor(windowMs: number, refreshSeconds: number): number {
  const interval = Math.max(1, refreshSeconds || 5) * 1000;
  return Math.min(20_000, Math.max(16, Math.ceil((windowMs / interval) * 2)));
}

export class MetricsStore {
  private readonly histories = new Map<string, { target: string; history: EndpointHistory }>();
  private readonly listeners = new Set<(endpoint: string) => void>();

  constructor(private settings: MetricsSettings = { windowMs: DEFAULT_WINDOW_MINUTES * 60_000, maxSamples: 360, thresholds: DEFAULT_THRESHOLDS }) {}

  get thresholds(): AlertThresholds {
    return this.settings.thresholds;
  }

  get windowMs(): number {
    return this.settings.windowMs;
  }

  configure(settings: MetricsSettings): void {
    this.settings = settings;
    for (const { history } of this.histories.values()) history.reconfigure(settings);
  }

  /** The observer the tree model of `endpoint` (reached at `target`) reports to. */
  observer(endpoint: string, target: string): SnapshotObserver {
    const entry = this.histories.get(endpoint);
    if (!entry || entry.target !== target) this.histories.set(endpoint, { target, history: new EndpointHistory(this.settings) });
    return {
      record: (snapshot) => this.record(endpoint, target, snapshot),
      backendAlerts: (backend) => this.histories.get(endpoint)?.history.backendAlerts(backend, this.settings.thresholds) ?? [],
    };
  }

  history(endpoint: string): EndpointHistory | undefined {
    return this.histories.get(endpoint)?.history;
  }

  /** Drops endpoints no longer configured. */
  retain(endpoints: ReadonlySet<string>): void {
    for (const name of [...this.histories.keys()]) if (!endpoints.has(name)) this.histories.delete(name);
  }

  /** Every current alert, by endpoint. */
  alerts(): Array<{ endpoint: string; alert: Alert }> {
    const all: Array<{ endpoint: string; alert: Alert }> = [];
    for (const [endpoint, { history }] of this.histories) {
      for (const backend of history.backendNames()) for (const alert of history.backendAlerts(backend, this.settings.thresholds)) all.push({ endpoint, alert });
    }
    return all;
  }

  /** Called after each recorded snapshot with the endpoint's name. */
  onDidRecord(listener: (endpoint: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private record(endpoint: string, target: string, snapshot: Snapshot): void {
    const entry = this.histories.get(endpoint);
    if (!entry || entry.target !== target) return; // an older model of a reconfigured endpoint
    if (!entry.history.record(snapshot)) return;
    for (const listener of this.listeners) listener(endpoint);
  }
}
