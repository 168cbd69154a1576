// Typed errors of the Data Plane API client. HTTP errors carry the API's `{code, message}`;
// transport failures (network, timeout, TLS) have no status. Callers switch on `kind` or use
// `instanceof` on the subclasses.

export type DataPlaneErrorKind =
  | 'bad-request' // 400: invalid input, or a config HAProxy refused (message = HAProxy's text)
  | 'unauthorized' // 401: wrong user or password
  | 'forbidden' // 403
  | 'not-found' // 404: object (or route) missing
  | 'already-exists' // 409 that is not a version conflict
  | 'configuration-changed' // 409 version mismatch: the config changed on the server
  | 'transaction-not-acceptable' // 406: committing an outdated or failed transaction
  | 'too-many-transactions' // 429: over max_open_transactions
  | 'server' // any other HTTP status
  | 'reload-failed' // a followed Reload-ID ended in `failed`
  | 'network' // connection refused/reset, DNS, ...
  | 'timeout' // no complete answer within the client's timeout, or a bounded wait ran out
  | 'tls' // certificate not trusted, host name mismatch, handshake failure
  | 'protocol' // the server answered something the API never sends (e.g. non-JSON where JSON is due)
  | 'unsupported'; // the API has no way to do this (e.g. toggling health checks at run time)

export interface DataPlaneErrorDetails {
  kind: DataPlaneErrorKind;
  method: string;
  /** URL without credentials. */
  url: string;
  status?: number;
  /** The API's `code` field (often equal to the status). */
  code?: number;
  /** The API's `message` field, or the plain-text body (raw config validation errors). */
  apiMessage?: string;
  cause?: unknown;
}

export class DataPlaneError extends Error {
  readonly kind: DataPlaneErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly code?: number;
  readonly apiMessage?: string;

  constructor(message: string, details: DataPlaneErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.kind = details.kind;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.apiMessage;
  }
}

export class BadRequestError extends DataPlaneError {}
export class UnauthorizedError extends DataPlaneError {}
export class NotFoundError extends DataPlaneError {}
export class AlreadyExistsError extends DataPlaneError {}
/** 409 version mismatch: re-read the configuration version and retry (or re-plan). */
export class ConfigurationChangedError extends DataPlaneError {}
/** 406: the transaction is outdated or failed and can only be deleted. */
export class TransactionNotAcceptableError extends DataPlaneError {}
export class TooManyTransactionsError extends DataPlaneError {}
export class ReloadFailedError extends DataPlaneError {}
export class NetworkError extends DataPlaneError {}
export class TimeoutError extends DataPlaneError {}
export class TlsError extends DataPlaneError {}

/**
 * Whether a 409 is about the configuration version (stale `version`, outdated transaction)
 * rather than an object that already exists. Checked on the message, since both are 409;
 * "already exists" wins so an object named e.g. `be_version2` is not misread.
 */
function isVersionConflict(message: string): boolean {
  return !/already exists/i.test(message) && /version|changed|outdated/i.test(message);
}

/** Maps an HTTP error answer to the right error class. */
export function httpError(method: string, url: string, status: number, code: number | undefined, apiMessage: string): DataPlaneError {
  const text = `${method} ${url}: ${status}${apiMessage ? ` ${apiMessage}` : ''}`;
  const details = (kind: DataPlaneErrorKind): DataPlaneErrorDetails => ({ kind, method, url, status, code, apiMessage });
  switch (status) {
    case 400:
      return new BadRequestError(text, details('bad-request'));
    case 401:
      return new UnauthorizedError(`${method} ${url}: 401 unauthorized (check the user name and password)`, details('unauthorized'));
    case 403:
      return new DataPlaneError(text, details('forbidden'));
    case 404:
      return new NotFoundError(text, details('not-found'));
    case 406:
      return new TransactionNotAcceptableError(text, details('transaction-not-acceptable'));
    case 409:
      return isVersionConflict(apiMessage)
        ? new ConfigurationChangedError(`${text} (the configuration changed on the server)`, details('configuration-changed'))
        : new AlreadyExistsError(text, details('already-exists'));
    case 429:
      return new TooManyTransactionsError(text, details('too-many-transactions'));
    default:
      return new DataPlaneError(text, details('server'));
  }
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Maps a Node socket/TLS error to a transport error. */
export function transportError(method: string, url: string, error: Error & { code?: string }): DataPlaneError {
  const code = error.code ?? '';
  if (tlsCodes.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|SSL routines/i.test(error.message)) {
    return new TlsError(`${method} ${url}: TLS error ${code}: ${error.message}`, { kind: 'tls', method, url, cause: error });
  }
  return new NetworkError(`${method} ${url}: ${code || 'network error'}: ${error.message}`, { kind: 'network', method, url, cause: error });
}
