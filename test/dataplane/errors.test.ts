// Mapping of Data Plane API error answers to the client's typed errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AlreadyExistsError,
  BadRequestError,
  ConfigurationChangedError,
  DataPlaneError,
  NotFoundError,
  TooManyTransactionsError,
  TransactionNotAcceptableError,
  UnauthorizedError,
  httpError,
  transportError,
  NetworkError,
  TlsError,
} from '../../client/src/haproxy/dataplane/errors';

test('HTTP statuses map to typed errors that keep the API code and message', () => {
  const cases: Array<[number, string, new (...args: never[]) => DataPlaneError, string]> = [
    [400, 'bad', BadRequestError, 'bad-request'],
    [401, 'no', UnauthorizedError, 'unauthorized'],
    [404, 'missing', NotFoundError, 'not-found'],
    [406, 'transaction is outdated', TransactionNotAcceptableError, 'transaction-not-acceptable'],
    [409, 'version mismatch: given 3, current 4', ConfigurationChangedError, 'configuration-changed'],
    [409, 'backend be_version2 already exists', AlreadyExistsError, 'already-exists'],
    [429, 'too many', TooManyTransactionsError, 'too-many-transactions'],
    [500, 'boom', DataPlaneError, 'server'],
  ];
  for (const [status, message, type, kind] of cases) {
    const error = httpError('PUT', '/v3/x', status, status, message);
    assert.ok(error instanceof type, `${status} ${message} -> ${error.name}`);
    assert.equal(error.kind, kind);
    assert.equal(error.status, status);
    assert.equal(error.code, status);
    assert.equal(error.apiMessage, message);
  }
});

test('socket errors map to network or TLS errors', () => {
  const tls = transportError('GET', '/v3/info', Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
  assert.ok(tls instanceof TlsError);
  const network = transportError('GET', '/v3/info', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
  assert.ok(network instanceof NetworkError);
  assert.equal(network.kind, 'network');
});
