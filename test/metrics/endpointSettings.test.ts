// The endpoint settings' `prometheus` URL and `prometheusLabels`, as read from haproxy.endpoints.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readEndpointSettings } from '../../client/src/endpoints/config';

test('prometheus and prometheusLabels are accepted when valid, refused with the reason otherwise', () => {
  const read = readEndpointSettings([
    { name: 'ok', runtimeApi: '/run/haproxy/admin.sock', prometheus: 'http://prometheus:9090/prom/', prometheusLabels: { instance: 'lb1:8405', job: 'haproxy' } },
    { name: 'no-url', runtimeApi: '/s', prometheus: 'prometheus:9090' },
    { name: 'creds', runtimeApi: '/s', prometheus: 'http://u:p@prometheus:9090' },
    { name: 'labels', runtimeApi: '/s', prometheusLabels: { 'bad-name': 'x' } },
    { name: 'values', runtimeApi: '/s', prometheusLabels: { instance: 3 } },
    { name: 'array', runtimeApi: '/s', prometheusLabels: ['instance'] },
  ]);
  assert.deepEqual(read.endpoints.map((e) => [e.name, e.prometheus, e.prometheusLabels]), [['ok', 'http://prometheus:9090/prom/', { instance: 'lb1:8405', job: 'haproxy' }]]);
  assert.deepEqual(read.invalid, [
    { name: 'no-url', error: "haproxy.endpoints[1]: prometheus: 'prometheus:9090': the Prometheus URL must start with http:// or https://" },
    { name: 'creds', error: "haproxy.endpoints[2]: prometheus: 'http://u:p@prometheus:9090': credentials in the URL are not supported" },
    { name: 'labels', error: "haproxy.endpoints[3]: prometheusLabels: 'bad-name' is not a Prometheus label name (letters, digits and _, not starting with a digit)" },
    { name: 'values', error: 'haproxy.endpoints[4]: prometheusLabels.instance must be a string' },
    { name: 'array', error: 'haproxy.endpoints[5]: prometheusLabels must be an object of label names to values, e.g. { "instance": "lb1:8405" }' },
  ]);
});
