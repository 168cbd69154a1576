// Publishes each open document's diagnostics: our analysis plus the last `haproxy -c` result for the
// saved text. The haproxy part is dropped at the next edit (it is recomputed at the next save).
// After an edit, diagnostics are published at once, unless the previous publication is more recent
// than the last analysis took: then (a burst of keystrokes in a big file) the server waits for a
// quiet moment that long, so the burst costs one analysis instead of one per keystroke.
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { LanguageService } from './service';

export interface PublishHost {
  send(params: PublishDiagnosticsParams): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface PublisherOptions {
  /** Upper bound of the quiet moment after an edit. */
  maxDelayMs: number;
  /** Resolves when settings are loaded (diagnostics before that would use the wrong version). */
  ready: () => Promise<void>;
}

interface HaproxyResult {
  version: number;
  diagnostics: Diagnostic[];
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly haproxy = new Map<string, HaproxyResult>();
  /** Documents published at least once (a publication still waiting for the settings needs no repeat). */
  private readonly published = new Set<string>();
  private lastIncrementalMs = 0;
  private readonly lastPublished = new Map<string, number>();

  constructor(private readonly service: LanguageService, private readonly host: PublishHost, private readonly options: PublisherOptions) {}

  opened(uri: string): void { void this.publish(uri); }

  changed(uri: string): void {
    this.haproxy.delete(uri);
    const since = performance.now() - (this.lastPublished.get(uri) ?? Number.NEGATIVE_INFINITY);
    const burst = this.timers.has(uri) || since < this.lastIncrementalMs;
    this.schedule(uri, burst ? Math.min(this.options.maxDelayMs, this.lastIncrementalMs) : 0);
  }

  closed(uri: string): void {
    this.cancelTimer(uri);
    this.haproxy.delete(uri);
    this.published.delete(uri);
    this.lastPublished.delete(uri);
    this.host.send({ uri, diagnostics: [] });
  }

  /** Stores a haproxy -c result for the document version it checked and publishes it. */
  setHaproxyResult(uri: string, version: number, diagnostics: Diagnostic[]): void {
    this.haproxy.set(uri, { version, diagnostics });
    void this.publish(uri);
  }

  /** The haproxy -c diagnostics currently shown for a document. */
  haproxyDiagnostics(uri: string): Diagnostic[] {
    const result = this.haproxy.get(uri);
    return result && result.version === this.service.document(uri)?.version ? result.diagnostics : [];
  }

  clearHaproxyResults(): void {
    const uris = [...this.haproxy.keys()];
    this.haproxy.clear();
    for (const uri of uris) void this.publish(uri);
  }

  /** Publishes again what was already published (after a change of target version). */
  publishAll(uris: Iterable<string>): void {
    for (const uri of uris) if (this.published.has(uri)) void this.publish(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(uri: string, delayMs: number): void {
    this.cancelTimer(uri);
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      void this.publish(uri, true);
    }, delayMs));
  }

  private cancelTimer(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private async publish(uri: string, incremental = false): Promise<void> {
    await this.options.ready();
    const document = this.service.document(uri);
    if (!document) return;
    try {
      const started = performance.now();
      const own = this.service.diagnostics(uri);
      if (incremental) this.lastIncrementalMs = performance.now() - started;
      this.host.send({ uri, version: document.version, diagnostics: [...own, ...this.haproxyDiagnostics(uri)] });
      this.published.add(uri);
      this.lastPublished.set(uri, performance.now());
    } catch (error) {
      this.host.log('error', `analysis of ${uri} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }
}
