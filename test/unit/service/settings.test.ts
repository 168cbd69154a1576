// Settings as the server reads them, the target version choice, workspace trust, and the
// configuration lifecycle (pull, push, tell once).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseTargetVersion, DEFAULT_SETTINGS, readInitializationOptions, readSettings, runnableExecutable } from '../../../server/src/settings';
import { ServerConfiguration } from '../../../server/src/configuration';
import type { ConfigurationChange, ConfigurationHost } from '../../../server/src/configuration';
import { knownVersions } from '../../../server/src/catalog/catalog';
import { restrictConfigurationValue } from '../../../client/src/languageClient/trust';

const newest = knownVersions().at(-1);

describe('readSettings', () => {
  test('nested (VS Code) and dotted keys; defaults for what is missing', () => {
    assert.deepEqual(readSettings({ version: ' 2.8 ', check: { onSave: false }, format: { indent: 2 } }).settings,
      { version: '2.8', executablePath: '', checkOnSave: false, format: { indent: 2, alignServerColumns: false } });
    assert.deepEqual(readSettings({ 'format.alignServerColumns': true, executablePath: '/opt/haproxy/sbin/haproxy' }).settings,
      { ...DEFAULT_SETTINGS, executablePath: '/opt/haproxy/sbin/haproxy', format: { indent: 4, alignServerColumns: true } });
    assert.deepEqual(readSettings(undefined), { settings: { ...DEFAULT_SETTINGS, format: { ...DEFAULT_SETTINGS.format } }, problems: [] });
    assert.deepEqual(readSettings(null).problems, []);
  });

  test('wrong types keep the base value and say which setting and what was wrong', () => {
    const base = readSettings({ version: '2.6' }).settings;
    const read = readSettings({ version: 26, check: { onSave: 'yes' }, format: { indent: 0, alignServerColumns: 1 } }, base);
    assert.deepEqual(read.settings, base);
    assert.deepEqual(read.problems, [
      'haproxy.version: expected a string, got number 26',
      'haproxy.check.onSave: expected true or false, got "yes"',
      'haproxy.format.alignServerColumns: expected true or false, got number 1',
      'haproxy.format.indent: expected a whole number from 1 to 16, got number 0',
    ]);
    assert.deepEqual(readSettings(['x']).problems, ['haproxy settings: expected an object, got a list']);
  });

  test('initializationOptions: trusted unless said otherwise; the haproxy section', () => {
    assert.deepEqual(readInitializationOptions(undefined), { trusted: true, section: undefined });
    assert.deepEqual(readInitializationOptions({ trusted: false, haproxy: { version: '3.0' } }), { trusted: false, section: { version: '3.0' } });
    assert.equal(readInitializationOptions({ trusted: 'no' }).trusted, true);
  });
});

describe('which binary may run, and the target version', () => {
  test('untrusted: only an explicit (user-level) path; trusted: the path or haproxy on PATH', () => {
    assert.equal(runnableExecutable({ executablePath: '' }, true), 'haproxy');
    assert.equal(runnableExecutable({ executablePath: '' }, false), undefined);
    assert.equal(runnableExecutable({ executablePath: '/usr/sbin/haproxy' }, false), '/usr/sbin/haproxy');
  });

  test('the setting wins (inexact ones get a note); else the binary; else the newest', async () => {
    const detected: string[] = [];
    const detect = async (exe: string) => { detected.push(exe); return exe === 'haproxy' ? '2.9.3-1' : undefined; };
    assert.deepEqual(await chooseTargetVersion({ version: '2.6', executablePath: '' }, true, detect), { version: '2.6', reason: 'haproxy.version is "2.6"' });
    const inexact = await chooseTargetVersion({ version: '2.7', executablePath: '' }, true, detect);
    assert.equal(inexact.version, '2.6');
    assert.match(inexact.note ?? '', /haproxy.version "2.7": no manual for HAProxy 2.7; using the closest older one, 2.6/);
    assert.deepEqual(detected, [], 'no binary run when the version is set');
    const fromBinary = await chooseTargetVersion({ version: '', executablePath: '' }, true, detect);
    assert.deepEqual([fromBinary.version, fromBinary.reason], ['2.8', "'haproxy' is HAProxy 2.9.3-1"]);
    assert.match(fromBinary.note ?? '', /haproxy \(HAProxy 2.9.3-1\): no manual for HAProxy 2.9/);
    const missing = await chooseTargetVersion({ version: '', executablePath: '/opt/none' }, true, detect);
    assert.deepEqual([missing.version, missing.note], [newest, undefined]);
    assert.match(missing.reason, /'\/opt\/none' could not be run/);
    const untrusted = await chooseTargetVersion({ version: '', executablePath: '' }, false, detect);
    assert.equal(untrusted.version, newest);
    assert.deepEqual(detected, ['haproxy', '/opt/none']);
  });
});

describe('ServerConfiguration', () => {
  function host(pulled?: () => unknown): { host: ConfigurationHost; logs: string[]; told: string[]; detections: number } {
    const state = { logs: [] as string[], told: [] as string[], detections: 0, host: undefined as unknown as ConfigurationHost };
    state.host = {
      log: (level, message) => state.logs.push(`${level}: ${message}`),
      tell: (message) => state.told.push(message),
      detectVersion: async () => { state.detections++; return '2.6.12-1+deb12u4'; },
    };
    if (pulled) state.host.pull = async () => pulled();
    return state;
  }

  test('pulls over initializationOptions, detects the version once per relevant change, tells an inexact version once', async () => {
    let pulled: unknown = { check: { onSave: false } };
    const h = host(() => pulled);
    const changes: ConfigurationChange[] = [];
    const config = new ServerConfiguration({ haproxy: { format: { indent: 2 } } }, h.host, (c) => changes.push(c));
    await config.refresh();
    assert.deepEqual(config.settings, { ...DEFAULT_SETTINGS, checkOnSave: false, format: { indent: 2, alignServerColumns: false } }, 'pulled values over the initializationOptions base');
    assert.equal(config.targetVersion?.version, '2.6');
    assert.equal(h.detections, 1);
    assert.ok(h.logs.includes("info: validating against HAProxy 2.6: 'haproxy' is HAProxy 2.6.12-1+deb12u4"));
    pulled = { check: { onSave: true } };
    await config.refresh({ version: '2.4' }); // pushed values are ignored when the client can be asked
    assert.equal(h.detections, 1, 'version and executable unchanged: no new detection');
    assert.equal(changes.length, 2);
    assert.equal(changes[1].previous.checkOnSave, false);
    assert.equal(changes[1].settings.checkOnSave, true);
    pulled = { version: '3.1' };
    await config.refresh();
    pulled = { version: '3.1', check: { onSave: false } };
    await config.refresh();
    assert.equal(config.targetVersion?.version, '3.0');
    assert.equal(h.told.filter((m) => /3\.1/.test(m)).length, 1);
  });

  test('without workspace/configuration: initializationOptions, then pushed sections; bad values reported once', async () => {
    const h = host();
    const config = new ServerConfiguration({ trusted: false, haproxy: { version: '2.8', format: { indent: -1 } } }, h.host, () => undefined);
    await config.refresh();
    assert.equal(config.targetVersion?.version, '2.8');
    assert.equal(config.executable, undefined, 'untrusted, no path');
    assert.equal(config.trusted, false);
    await config.refresh({ version: '2.4', executablePath: '/usr/sbin/haproxy' });
    assert.equal(config.targetVersion?.version, '2.4');
    assert.equal(config.executable, '/usr/sbin/haproxy');
    assert.equal(h.told.filter((m) => /haproxy\.format\.indent/.test(m)).length, 1);
    assert.equal(h.detections, 0);
  });

  test('a failing pull keeps the previous settings and is logged', async () => {
    const h = host(() => { throw new Error('client went away'); });
    const config = new ServerConfiguration({ haproxy: { version: '2.6' } }, h.host, () => undefined);
    await config.refresh();
    assert.equal(config.settings.version, '2.6');
    assert.ok(h.logs.some((l) => /workspace\/configuration failed \(client went away\)/.test(l)));
  });
});

describe('VS Code client: workspace/configuration answers in an untrusted workspace', () => {
  test('the executable path is replaced by the user-level value (or emptied)', () => {
    const section = { version: '2.6', executablePath: './bin/haproxy' };
    assert.deepEqual(restrictConfigurationValue('haproxy', section, false, '/usr/sbin/haproxy'), { version: '2.6', executablePath: '/usr/sbin/haproxy' });
    assert.deepEqual(restrictConfigurationValue('haproxy', section, false, undefined), { version: '2.6', executablePath: '' });
    assert.equal(restrictConfigurationValue('haproxy.executablePath', './bin/haproxy', false, undefined), '');
    assert.deepEqual(restrictConfigurationValue(undefined, { haproxy: section, editor: {} }, false, '/u'), { haproxy: { version: '2.6', executablePath: '/u' }, editor: {} });
    assert.equal(restrictConfigurationValue('haproxy', section, true, '/u'), section, 'trusted: unchanged');
    assert.deepEqual(restrictConfigurationValue('editor', { tabSize: 2 }, false, '/u'), { tabSize: 2 }, 'other sections untouched');
  });
});
