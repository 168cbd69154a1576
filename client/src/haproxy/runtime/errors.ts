// Typed failures of the Runtime API client. Callers branch on the class and `kind`, and show
// `message` (for HaproxyCommandError: HAProxy's own reply, verbatim).

/** A name, address or value was refused by validation; nothing was sent to HAProxy. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly value?: unknown,
  ) {
    super(`invalid ${field}: ${reason}`);
  }
}

export type HaproxyErrorKind =
  | 'no-such-backend'
  | 'no-such-server'
  | 'no-such-proxy'
  | 'no-such-process'
  | 'permission-denied'
  | 'invalid-weight'
  | 'invalid-state'
  | 'invalid-address'
  | 'not-in-maintenance'
  | 'server-in-use'
  | 'not-dynamic-backend'
  | 'already-exists'
  | 'unknown-keyword'
  | 'check-not-configured'
  | 'agent-not-configured'
  | 'unknown-command'
  | 'unexpected-reply';

/** HAProxy answered, but not with the success reply of the command. */
export class HaproxyCommandError extends Error {
  override readonly name = 'HaproxyCommandError';
  constructor(
    readonly kind: HaproxyErrorKind,
    /** HAProxy's reply, trimmed but otherwise verbatim. */
    readonly reply: string,
    /** The command line that was sent. */
    readonly command: string,
  ) {
    super(reply || `empty reply to '${command}'`);
  }
}

export type TransportErrorKind = 'connect' | 'connect-timeout' | 'reply-timeout' | 'closed' | 'reply-too-large';

/** The socket could not be reached, or the reply did not arrive complete in time. */
export class RuntimeTransportError extends Error {
  override readonly name = 'RuntimeTransportError';
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly command?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** The reply had the wrong shape for its parser (e.g. a `show stat` without its header). */
export class ReplyParseError extends Error {
  override readonly name = 'ReplyParseError';
  constructor(
    readonly what: string,
    readonly reason: string,
    readonly excerpt: string,
  ) {
    super(`cannot parse ${what}: ${reason}${excerpt ? ` (reply starts: ${JSON.stringify(excerpt.slice(0, 120))})` : ''}`);
  }
}
