// `haproxy -c` on save, per document: debounced (a burst of saves gives one run), at most one run
// per document at a time (a save during a run queues exactly one more), results for a text that
// has changed since are dropped. The caller decides what a run is and what to do with its result.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What was checked: the document version and text at the time the run started. */
export interface CheckSnapshot {
  version: number;
  text: string;
}

export interface SaveCheckerOptions<R> {
  /** Quiet time after the last save before a run starts. */
  delayMs: number;
  /** The document's current text and version, or undefined when it is no longer open. */
  snapshot(uri: string): CheckSnapshot | undefined;
  /** Runs the check (haproxy -c on a temporary copy). */
  run(uri: string, snapshot: CheckSnapshot): Promise<R>;
  /** A finished run, still matching the document's current version. */
  onResult(uri: string, snapshot: CheckSnapshot, result: R): void;
  onError(uri: string, error: unknown): void;
}

interface DocumentState {
  timer?: NodeJS.Timeout;
  running: boolean;
  again: boolean;
}

export class SaveChecker<R> {
  private readonly documents = new Map<string, DocumentState>();

  constructor(private readonly options: SaveCheckerOptions<R>) {}

  /** A save happened: (re)start the quiet period. */
  schedule(uri: string): void {
    const state = this.state(uri);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.start(uri, state);
    }, this.options.delayMs);
  }

  /** The document was closed: no pending run; a running one's result is dropped. */
  cancel(uri: string): void {
    const state = this.documents.get(uri);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    state.again = false;
    if (!state.running) this.documents.delete(uri);
  }

  /** True while a run for `uri` is in progress (tests). */
  isRunning(uri: string): boolean { return this.documents.get(uri)?.running ?? false; }

  private state(uri: string): DocumentState {
    let state = this.documents.get(uri);
    if (!state) {
      state = { running: false, again: false };
      this.documents.set(uri, state);
    }
    return state;
  }

  private start(uri: string, state: DocumentState): void {
    if (state.running) {
      state.again = true;
      return;
    }
    const snapshot = this.options.snapshot(uri);
    if (!snapshot) {
      this.documents.delete(uri);
      return;
    }
    state.running = true;
    this.options.run(uri, snapshot).then(
      (result) => {
        const current = this.options.snapshot(uri);
        if (current && current.version === snapshot.version) this.options.onResult(uri, snapshot, result);
      },
      (error: unknown) => this.options.onError(uri, error),
    ).finally(() => {
      state.running = false;
      if (state.again) {
        state.again = false;
        this.start(uri, state);
      } else if (!state.timer && this.documents.get(uri) === state && !this.options.snapshot(uri)) {
        this.documents.delete(uri);
      }
    });
  }
}

/** The directory of a file: URI (the check's working directory, so relative paths resolve), if it exists. */
export function workingDirectoryOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const dir = dirname(fileURLToPath(uri));
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}
