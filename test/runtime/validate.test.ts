// Validation happens before any byte reaches the socket: proven with a fake socket that
// records everything it receives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInputError, RuntimeClient } from '../../client/src/haproxy/runtime';
import {
  parseAddressAndPort,
  parseServerOptionWords,
  parseServerRef,
  validateAddress,
  validateIdentifier,
  validateServerOptions,
  validateWeight,
} from '../../client/src/haproxy/validate';
import { startFakeSocket } from './fakeSocket';

function refused(field: string | RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `expected InvalidInputError, got ${String(error)}`);
    if (typeof field === 'string') assert.equal(error.field, field);
    else assert.match(error.field, field);
    assert.ok(error.reason.length > 0);
    return true;
  };
}

const hostile = ['be;shutdown sessions', 'be\nset weight x/y 0', 'be x', "be'", 'be"', 'bé', 'be\u0000', 'be\r', 'be\t', '', 'be/s', 'be\\;x', 'ｂｅ'];

describe('validation', () => {
  it('identifiers: HAProxy charset only', () => {
    for (const good of ['be_app', 'web-01', 'api.v2', 'ns:svc', 'A9']) assert.equal(validateIdentifier('backend', good), good);
    for (const bad of hostile) assert.throws(() => validateIdentifier('backend', bad), refused('backend'));
    assert.throws(() => validateIdentifier('backend', 42), refused('backend'));
    assert.throws(() => validateIdentifier('backend', 'x'.repeat(300)), refused('backend'));
  });

  it('weights: 0..256 absolute, N% relative, nothing else', () => {
    assert.equal(validateWeight(0), '0');
    assert.equal(validateWeight(256), '256');
    assert.equal(validateWeight('75%'), '75%');
    assert.equal(validateWeight('150%'), '150%');
    assert.equal(validateWeight('12'), '12');
    for (const bad of [-1, 257, 1.5, NaN, '1e2', '50 %', '%', '-5%', '5%;', '5%\n', 'abc', '0x10', Infinity]) {
      assert.throws(() => validateWeight(bad), refused('weight'), String(bad));
    }
  });

  it('addresses: IPv4, IPv6, hostname (when allowed); ports 1..65535', () => {
    assert.deepEqual(validateAddress('10.0.0.1'), { address: '10.0.0.1', kind: 'ipv4' });
    assert.deepEqual(validateAddress('[2001:db8::1]'), { address: '2001:db8::1', kind: 'ipv6' });
    assert.deepEqual(validateAddress('app-1.internal', { allowHostname: true }), { address: 'app-1.internal', kind: 'hostname' });
    for (const bad of ['10.0.0.256', '1.2.3', 'app.internal', 'fe80::1%eth0', '10.0.0.1;x', '']) assert.throws(() => validateAddress(bad), refused('address'), bad);
    for (const bad of ['-bad.example', 'a..b', 'under_score.example', 'x'.repeat(64) + '.com', '1.2.3.4.5']) {
      assert.throws(() => validateAddress(bad, { allowHostname: true }), refused('address'), bad);
    }
    assert.deepEqual(parseAddressAndPort('10.0.0.1:8080'), { address: '10.0.0.1', port: 8080 });
    assert.deepEqual(parseAddressAndPort('[::1]:443'), { address: '::1', port: 443 });
    for (const bad of ['10.0.0.1', '10.0.0.1:0', '10.0.0.1:65536', '::1:80', '10.0.0.1:80;x']) assert.throws(() => parseAddressAndPort(bad), InvalidInputError, bad);
  });

  it('add server options: allow-list with validated values', () => {
    assert.deepEqual(
      validateServerOptions([{ keyword: 'check' }, { keyword: 'inter', value: '2s' }, { keyword: 'weight', value: 10 }, { keyword: 'alpn', value: 'h2,http/1.1' }]),
      ['check', 'inter', '2s', 'weight', '10', 'alpn', 'h2,http/1.1'],
    );
    assert.deepEqual(parseServerOptionWords(['backup', 'maxconn', '100', 'ssl', 'verify', 'none']), [
      { keyword: 'backup' },
      { keyword: 'maxconn', value: '100' },
      { keyword: 'ssl' },
      { keyword: 'verify', value: 'none' },
    ]);
    assert.throws(() => validateServerOptions([{ keyword: 'cookie', value: 'x' }]), refused(/option/));
    assert.throws(() => validateServerOptions([{ keyword: 'check', value: 'yes' }]), refused('option check'));
    assert.throws(() => validateServerOptions([{ keyword: 'inter' }]), refused('option inter'));
    assert.throws(() => validateServerOptions([{ keyword: 'inter', value: '2 s' }]), refused('option inter'));
    assert.throws(() => validateServerOptions([{ keyword: 'weight', value: 999 }]), refused('option weight'));
    assert.throws(() => validateServerOptions([{ keyword: 'agent-send', value: 'ping;quit' }]), refused('option agent-send'));
    assert.throws(() => validateServerOptions([{ keyword: 'track', value: 'be/s/x' }]), refused('option track'));
    assert.throws(() => parseServerOptionWords(['maxconn']), refused('option maxconn'));
  });

  it('BACKEND/SERVER references', () => {
    assert.deepEqual(parseServerRef('be_app/s1'), { backend: 'be_app', server: 's1' });
    for (const bad of ['be_app', 'be/app/s1', '/s1', 'be/', 'be app/s1']) assert.throws(() => parseServerRef(bad), InvalidInputError, bad);
  });
});

describe('injection: refused before any byte reaches the socket', () => {
  it('hostile names, weights, addresses and options never reach the fake socket', async (t) => {
    const fake = await startFakeSocket((socket) => socket.end('\n'));
    t.after(() => fake.close());
    const client = new RuntimeClient({ target: fake.path });
    const attempts: Array<() => Promise<unknown>> = [];
    for (const bad of hostile) {
      attempts.push(
        () => client.setServerState(bad, 's1', 'maint'),
        () => client.setServerState('be', bad, 'drain'),
        () => client.setWeight(bad, 's1', 1),
        () => client.deleteServer('be', bad),
        () => client.getWeight(bad, 's1'),
        () => client.showServersState(bad),
        () => client.addServer({ backend: 'be', server: bad, address: '127.0.0.1', port: 80 }),
        () => client.addServer({ backend: 'be', server: 's', address: bad, port: 80 }),
        () => client.setServerAddress('be', 's', bad),
      );
      // `be/s` is a legal sample expression / command word; every other hostile value is not.
      if (bad !== 'be/s') {
        attempts.push(
          () => client.addServer({ backend: 'be', server: 's', address: '127.0.0.1', port: 80, options: [{ keyword: 'sni', value: bad }] }),
          () => client.execute(['show', bad]),
        );
      }
    }
    attempts.push(
      () => client.setWeight('be', 's', '5%;shutdown' as `${number}%`),
      () => client.setServerState('be', 's', 'maint;' as 'maint'),
      () => client.setServerAddress('be', 's', '127.0.0.1', 0),
      () => client.addServer({ backend: 'be', server: 's', address: '127.0.0.1', port: 70000 }),
      () => client.addServer({ backend: 'be', server: 's', address: '127.0.0.1', port: 80, options: [{ keyword: 'check\nshutdown' }] }),
      () => client.execute([]),
    );
    for (const attempt of attempts) await assert.rejects(attempt(), InvalidInputError);
    assert.equal(fake.connections, 0, 'no connection was even opened');
    assert.deepEqual(fake.received, []);

    // Control: a valid command does reach it, exactly as built.
    await client.setServerState('be_app', 's1', 'drain');
    await client.setWeight('be_app', 's1', '50%');
    await client.addServer({ backend: 'be_app', server: 'n', address: '::1', port: 80, options: [{ keyword: 'check' }] }).catch(() => undefined);
    assert.deepEqual(fake.received, ['set server be_app/s1 state drain\n', 'set server be_app/s1 weight 50%\n', 'add server be_app/n [::1]:80 check\n']);
  });

  it('a master-CLI worker selector is validated too', () => {
    assert.throws(() => new RuntimeClient({ target: '/tmp/x.sock', worker: { pid: -1 } }), InvalidInputError);
    assert.throws(() => new RuntimeClient({ target: '/tmp/x.sock', worker: { relative: 1.5 } }), InvalidInputError);
  });
});
