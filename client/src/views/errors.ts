// One readable line for any failure: HAProxy's own reply, the network's message, or ours.
import { HaproxyCommandError, InvalidInputError, RuntimeTransportError } from '../haproxy/runtime';

export function errorMessage(error: unknown): string {
  if (error instanceof HaproxyCommandError) return `HAProxy: ${error.reply || error.message}`;
  if (error instanceof InvalidInputError) return error.message;
  if (error instanceof RuntimeTransportError) return describeTransport(error);
  if (error instanceof Error) return error.message;
  return String(error);
}

const hints: Record<string, string> = {
  ENOENT: 'no such socket: is HAProxy running, and is this its stats socket?',
  ECONNREFUSED: 'connection refused: nothing listens there',
  EACCES: 'permission denied: the socket\'s mode or owner excludes this user',
  ETIMEDOUT: 'timed out',
};

function describeTransport(error: RuntimeTransportError): string {
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  const hint = code ? hints[code] : undefined;
  return hint ? `${error.message} (${hint})` : error.message;
}
