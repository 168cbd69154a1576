// The stderr parser of scripts/record-verdicts.ts, on real `haproxy -c` 2.6.12 output shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCheckOutput, parseEnvHeader } from '../../../scripts/record-verdicts';

const F = 'x.cfg';

test('per-line alerts in all the location shapes HAProxy prints', () => {
  const stderr = [
    '[NOTICE]   (18613) : haproxy version is 2.6.12-1+deb12u4',
    "[ALERT]    (18613) : config : parsing [x.cfg:2] : unknown keyword 'foo' in 'global' section",
    "[ALERT]    (18613) : config : [x.cfg:14] : 'server be/s1' : weight of server s1 is not within 0 and 256 (300)..",
    "[ALERT]    (20017) : config : Parsing [x.cfg:15]: backend 'be_app' has the same name as backend 'be_app' declared at x.cfg:12.",
    "[ALERT]    (25562) : config : [x.cfg:10] : parsing [x.cfg:10] : 'server' not allowed because frontend 'fe' has no backend capability.",
    "[ALERT]    (22971) : config : proxy 'fe': unknown http-errors section 'site_errors' (at x.cfg:10).",
    '[ALERT]    (18613) : config : Error(s) found in configuration file : x.cfg',
    '[ALERT]    (18613) : config : Fatal errors found in configuration.',
  ].join('\n');
  const out = parseCheckOutput(stderr, F);
  assert.deepEqual(out.alerts.map((a) => a.line), [2, 14, 15, 10, 10]);
  assert.equal(out.alerts[0].message, "unknown keyword 'foo' in 'global' section");
  assert.equal(out.alerts[3].message, "'server' not allowed because frontend 'fe' has no backend capability.");
  assert.deepEqual(out.summary, ['Error(s) found in configuration file : x.cfg', 'Fatal errors found in configuration.']);
  assert.deepEqual(out.warnings, []);
});

test('alerts without a line, and locations in another file, get line null', () => {
  const stderr = [
    "[ALERT]    (1) : config : Proxy 'fe': unable to find required use_backend: 'be_missing'.",
    "[ALERT]    (1) : config : config: backend 'be': unable to find the cache 'c' referenced by the filter 'cache'.",
    "[ALERT]    (1) : config : parsing [other.cfg:3] : unknown keyword 'x'",
  ].join('\n');
  const out = parseCheckOutput(stderr, F);
  assert.deepEqual(out.alerts, [
    { line: null, message: "Proxy 'fe': unable to find required use_backend: 'be_missing'." },
    { line: null, message: "backend 'be': unable to find the cache 'c' referenced by the filter 'cache'." },
    { line: null, message: "parsing [other.cfg:3] : unknown keyword 'x'" },
  ]);
});

test('continuation lines join the previous message; bare summary lines do not', () => {
  const stderr = [
    "[WARNING]  (25335) : config : missing timeouts for frontend 'fe'.",
    '   | While not properly invalid, you will certainly encounter various problems',
    "   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.",
    '[ALERT]    (22995) : config : parsing [x.cfg:8]: unparsable conditional expression \'v(2.4)\' in \'.if\' at position 1:',
    '  .if v(2.4)',
    '      ^',
    'Warnings were found.',
  ].join('\n');
  const out = parseCheckOutput(stderr, F);
  assert.equal(out.warnings.length, 1);
  assert.equal(out.warnings[0].line, null);
  assert.equal(
    out.warnings[0].message,
    "missing timeouts for frontend 'fe'.\nWhile not properly invalid, you will certainly encounter various problems\ntimeouts are set to a non-zero value: 'client', 'connect', 'server'.",
  );
  assert.deepEqual(out.alerts, [
    { line: 8, message: "unparsable conditional expression 'v(2.4)' in '.if' at position 1:\n  .if v(2.4)\n      ^" },
  ]);
});

test('env header: only leading comment lines, sorted by name', () => {
  const text = '# A config\n# env: ZONE=eu\n# env: APP_PORT=8080\n\nglobal\n# env: LATE=ignored\n';
  assert.deepEqual(parseEnvHeader(text), { APP_PORT: '8080', ZONE: 'eu' });
  assert.deepEqual(Object.keys(parseEnvHeader(text)), ['APP_PORT', 'ZONE']);
});
