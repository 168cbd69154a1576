// Deciding whether a reply means success. Each command has a known success shape; anything
// else is an error, typed by HAProxy's (2.6) error texts and kept verbatim.
import { HaproxyCommandError, type HaproxyErrorKind } from './errors';

const knownErrors: Array<[RegExp, HaproxyErrorKind]> = [
  [/^Unknown command/, 'unknown-command'],
  [/^No such backend\.|^Can't find backend\./, 'no-such-backend'],
  [/^No such server\./, 'no-such-server'],
  [/^No such proxy\./, 'no-such-proxy'],
  [/^Can't find the target PID/, 'no-such-process'],
  [/^Permission denied/, 'permission-denied'],
  [/static LB algorithm|^(Absolute|Relative) weight|^Empty weight string|weight .*(between|garbage|must be)/i, 'invalid-weight'],
  [/expects 'ready', 'drain' and 'maint'/, 'invalid-state'],
  [/^Invalid addr|^Require .*addr|^Invalid port/, 'invalid-address'],
  [/^Only servers in maintenance mode can be deleted\./, 'not-in-maintenance'],
  [/cannot be removed|still has|has connections|idle connections|queue is not empty/i, 'server-in-use'],
  [/dynamic load balancing to support dynamic servers/, 'not-dynamic-backend'],
  [/^Already exists a server with the same name/, 'already-exists'],
  [/unknown keyword|not supported for dynamic|is not supported/i, 'unknown-keyword'],
  [/^Health check was not configured/, 'check-not-configured'],
  [/^Agent was not configured/, 'agent-not-configured'],
];

export function classifyError(reply: string): HaproxyErrorKind {
  const text = reply.trim();
  return knownErrors.find(([pattern]) => pattern.test(text))?.[1] ?? 'unexpected-reply';
}

export function commandError(command: string, reply: string): HaproxyCommandError {
  return new HaproxyCommandError(classifyError(reply), reply.trim(), command);
}

/** Success shapes of the change commands. */
export const success = {
  /** `set server ... state/weight`, `enable/disable health/agent`, `clear counters`: an empty line. */
  empty: (reply: string) => reply.trim() === '',
  added: (reply: string) => reply.trim() === 'New server registered.',
  deleted: (reply: string) => reply.trim() === 'Server deleted.',
  /** `set server ... addr`: one of HAProxy's change reports, e.g. `IP changed from 'a' to 'b', port changed from '1' to '2' by 'stats socket command'`. */
  addressChanged: (reply: string) => /^(IP changed from|no need to change the addr|port changed from|no need to change the port)/.test(reply.trim()),
};

/** Throws HaproxyCommandError unless the reply has the expected success shape. */
export function expectSuccess(command: string, reply: string, isSuccess: (reply: string) => boolean): string {
  if (!isSuccess(reply)) throw commandError(command, reply);
  return reply.trim();
}

/** For reads: the reply must start with what the parser expects, else it is an error text. */
export function expectStart(command: string, reply: string, start: RegExp): string {
  if (!start.test(reply)) throw commandError(command, reply);
  return reply;
}
