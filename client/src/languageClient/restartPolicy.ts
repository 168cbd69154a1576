// What the VS Code client does when the language server process dies (no vscode import: unit-
// tested in Node). It restarts the server, tells the user ONCE per session (later restarts are
// only logged), and stops restarting when the server keeps dying, saying so once, instead of a
// crash loop with a notification each time.

export interface RestartDecision {
  restart: boolean;
  /** A line for the output channel (every time). */
  log: string;
  /** A notification for the user, when one is due (the first restart, or giving up). */
  notify?: string;
}

export class RestartPolicy {
  private readonly deaths: number[] = [];
  private notified = false;

  constructor(
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called when the server's connection closed without the client stopping it. */
  onServerExit(): RestartDecision {
    const now = this.now();
    this.deaths.push(now);
    while (this.deaths.length > 0 && now - (this.deaths[0] as number) > this.windowMs) this.deaths.shift();
    const minutes = Math.round(this.windowMs / 60_000);
    if (this.deaths.length > this.maxRestarts) {
      return {
        restart: false,
        log: `The HAProxy language server stopped ${this.deaths.length} times in ${minutes} minutes: not restarting it again.`,
        notify: `The HAProxy language server keeps stopping (${this.deaths.length} times in ${minutes} minutes), so it was not restarted: diagnostics and completion are off. Details are in the "HAProxy Workbench" output; "Developer: Reload Window" starts it again.`,
      };
    }
    const first = !this.notified;
    this.notified = true;
    return {
      restart: true,
      log: `The HAProxy language server stopped unexpectedly; restarting it (${this.deaths.length} in the last ${minutes} minutes).`,
      ...(first ? { notify: 'The HAProxy language server stopped unexpectedly and was restarted. Details are in the "HAProxy Workbench" output.' } : {}),
    };
  }
}
