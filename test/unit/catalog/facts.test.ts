// Facts the generator must extract from the manuals, checked against the manual text and the
// reference keyword lists derived from it (/work/shared/reference is not needed at test time:
// the expected counts are those lists' counts, written in the test).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog, knownVersions, docText, availability, availabilityKey } from '../../../server/src/catalog/catalog';

describe('catalog facts extracted from the manuals', () => {
  test('six versions, ascending', () => {
    assert.deepEqual(knownVersions(), ['2.4', '2.6', '2.8', '3.0', '3.2', '3.4']);
  });

  test('global list and proxy matrix counts match the reference lists (2.6.12: 158/178, 3.4.0: 287/190)', () => {
    for (const [v, globals, proxies] of [['2.6', 158, 178], ['3.4', 287, 190]] as const) {
      const c = getCatalog(v);
      assert.equal(c.data.keywords.filter((k) => k.origin === 'list').length, globals, `${v} global list`);
      assert.equal(c.data.keywords.filter((k) => k.origin === 'matrix').length, proxies, `${v} proxy matrix`);
    }
  });

  test('3.4 matrix markers: 40 negatable, 11 named-defaults-only, 3 deprecated', () => {
    const m = getCatalog('3.4').data.keywords.filter((k) => k.origin === 'matrix');
    assert.equal(m.filter((k) => k.negatable).length, 40);
    assert.equal(m.filter((k) => k.namedDefaultsOnly).length, 11);
    assert.equal(m.filter((k) => k.deprecated).length, 3);
  });

  test('2.6: option httplog is a frontend option, not a backend one; option dontlognull is negatable', () => {
    const c = getCatalog('2.6');
    const k = c.keywordInfo('frontend', 'option httplog');
    assert.ok(k);
    assert.deepEqual(k.sections, ['defaults', 'frontend', 'listen']);
    assert.equal(c.keywordInfo('backend', 'option httplog'), undefined);
    assert.equal(c.keywordInfo('frontend', 'option dontlognull')?.negatable, true);
    assert.match(docText(k) ?? '', /HTTP request/);
  });

  test('2.6: balance algorithms and hash-type methods come from the balance / hash-type docs', () => {
    const c = getCatalog('2.6');
    for (const alg of ['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param', 'hdr', 'random', 'rdp-cookie']) {
      assert.ok(c.choices('balance').includes(alg), `balance ${alg}`);
    }
    assert.deepEqual(c.choices('hash-type.method'), ['map-based', 'consistent']);
    assert.deepEqual(c.choices('hash-type.function'), ['sdbm', 'djb2', 'wt6', 'crc32']);
    assert.deepEqual(c.choices('mode'), ['tcp', 'http']);
    assert.deepEqual(c.choices('log.level'), ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug']);
    assert.equal(c.choices('log.facility').length, 24);
  });

  test('2.6: server options check, inter, weight, verify none|required; bind verify adds optional', () => {
    const c = getCatalog('2.6');
    for (const name of ['check', 'inter', 'weight', 'backup', 'maxconn', 'ssl']) assert.ok(c.serverOption(name), name);
    assert.deepEqual(c.serverOption('inter')?.args, [{ name: 'delay', optional: false }]);
    assert.deepEqual(c.serverOption('verify')?.args?.[0].choices, ['none', 'required']);
    assert.equal(c.serverOption('verify')?.args?.[0].optional, false); // the binary requires the value
    // every server/bind option's required argument count agrees with the 2.6 binary except "source"
    assert.deepEqual(c.notes().filter((n) => /argument\(s\) per the binary/.test(n)).map((n) => /option "([^"]+)"/.exec(n)?.[1]), ['source']);
    assert.deepEqual(c.bindOption('verify')?.args?.[0].choices, ['none', 'optional', 'required']);
    assert.equal(c.serverOption('id')?.serverOnly, true);
    assert.ok(c.bindOption('ssl') && c.bindOption('crt') && c.bindOption('accept-proxy'));
  });

  test('matchKeyword finds the longest multi-word keyword and the rule action', () => {
    const c = getCatalog('2.6');
    assert.deepEqual(pick(c.matchKeyword('frontend', ['option', 'httplog'])), ['option httplog', 2, undefined]);
    assert.deepEqual(pick(c.matchKeyword('frontend', ['no', 'option', 'httplog'])), ['option httplog', 3, 'no']);
    assert.deepEqual(pick(c.matchKeyword('backend', ['timeout', 'connect', '5s'])), ['timeout connect', 2, undefined]);
    assert.deepEqual(pick(c.matchKeyword('global', ['stats', 'socket', '/run/haproxy.sock'])), ['stats socket', 2, undefined]);
    const rule = c.matchKeyword('frontend', ['tcp-request', 'content', 'accept', 'if', 'x']);
    assert.equal(rule?.keyword.name, 'tcp-request content');
    assert.equal(rule?.action?.name, 'accept');
    assert.ok(rule?.action?.data);
    const hr = c.matchKeyword('backend', ['http-request', 'set-header', 'X-A', 'b']);
    assert.equal(hr?.action?.data?.name, 'set-header');
    assert.equal(c.matchKeyword('backend', ['bogus-keyword']), undefined);
  });

  test('sections per version: 3.4 has crt-store, traces and acme; 2.6 has none of them', () => {
    const s34 = getCatalog('3.4').sectionTypes();
    const s26 = getCatalog('2.6').sectionTypes();
    for (const s of ['crt-store', 'traces', 'acme']) {
      assert.ok(s34.includes(s), `3.4 ${s}`);
      assert.ok(!s26.includes(s), `2.6 ${s}`);
    }
    for (const s of ['global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'peers', 'resolvers', 'mailers', 'ring', 'cache', 'http-errors', 'program']) {
      assert.ok(s26.includes(s), `2.6 ${s}`);
    }
    assert.ok(getCatalog('2.6').keywordInfo('userlist', 'user'));
    assert.ok(getCatalog('2.6').keywordInfo('resolvers', 'nameserver'));
    assert.ok(getCatalog('2.6').keywordInfo('program', 'option start-on-reload')?.negatable);
    assert.deepEqual(getCatalog('3.4').keywordsFor('crt-store').map((k) => k.name).sort(), ['crt-base', 'key-base', 'load']);
    assert.ok(getCatalog('3.4').keywordOptions('crt-store', 'load').some((o) => o.name === 'ocsp-update'));
  });

  test('actions: 3.4 from the 4.3 matrix, 2.6 from the 4.2 rule entries', () => {
    const c34 = getCatalog('3.4');
    assert.equal(c34.data.actions.length, 80); // the reference list of the 4.3 matrix has 80
    assert.ok(c34.action('tcp-request connection', 'expect-proxy')); // "expect-proxy layer4" row
    assert.ok(getCatalog('3.0').action('http-request', 'track-sc0')); // missing from 3.0's matrix
    assert.deepEqual(c34.action('http-request', 'add-header')?.rulesets.sort(), ['http-after-response', 'http-request', 'http-response']);
    assert.ok(c34.action('tcp-request connection', 'accept'));
    assert.equal(c34.action('tcp-request connection', 'add-header'), undefined);
    const c26 = getCatalog('2.6');
    assert.ok(c26.action('http-request', 'set-header'));
    assert.ok(c26.action('tcp-request connection', 'expect-proxy'));
    assert.ok(c26.action('http-after-response', 'set-status'));
    assert.equal(c26.action('tcp-request connection', 'set-header'), undefined);
    assert.ok(docText(c26.action('tcp-request content', 'track-sc2'))); // shares the track-sc0 entry
    assert.ok(getCatalog('2.4').action('tcp-request content', 'track-sc1')); // from 2.4's bullet list
  });

  test('fetches and converters with output types and ACL derivatives', () => {
    const c = getCatalog('2.6');
    assert.equal(c.fetch('req.hdr')?.output, 'string');
    assert.equal(c.aclDerivative('hdr_beg')?.match, 'prefix match');
    assert.equal(c.fetch('hdr_beg')?.name, 'req.hdr');
    assert.ok(c.converter('lower'));
    assert.equal(c.converter('lower')?.input, 'str'); // from the 2.6 dump
  });

  test('3.x contexts, converter types and map_* converters', () => {
    const c = getCatalog('3.4');
    assert.deepEqual(c.keywordInfo('frontend', 'option httplog')?.contexts, ['http']);
    assert.deepEqual(c.converter('add_item') && [c.converter('add_item')!.input, c.converter('add_item')!.output], ['string', 'string']);
    for (const name of ['map_str', 'map_beg', 'map_str_int', 'map_ip']) assert.ok(c.converter(name), name);
    assert.equal(c.converter('map_name'), undefined);
  });

  test('2.6 dump cross-check: notes name what the binary has and the manual lacks', () => {
    const notes = getCatalog('2.6').notes();
    assert.ok(notes.some((n) => /global keyword "tune.vars.check-max-size"/.test(n)));
    assert.equal(getCatalog('2.6').keywordInfo('global', 'tune.vars.check-max-size')?.origin, 'dump');
    assert.equal(getCatalog('2.6').aclDerivative('cook_beg')?.fetch.name, 'req.cook');
  });

  test('deprecations: matrix markers and global list markers', () => {
    assert.equal(getCatalog('2.6').keywordInfo('backend', 'transparent')?.deprecated, true);
    assert.equal(getCatalog('3.4').keywordInfo('backend', 'dispatch')?.deprecated, true);
    assert.equal(getCatalog('2.6').keywordInfo('global', 'tune.ssl.capture-cipherlist-size')?.deprecated, true);
    assert.equal(getCatalog('2.6').keywordInfo('global', 'tune.ssl.capture-cipherlist-size')?.successor, 'tune.ssl.capture-buffer-size');
    assert.equal(getCatalog('3.4').action('http-request', 'set-mark')?.successor, 'set-fc-mark');
    assert.deepEqual(getCatalog('2.6').fetch('req_len') && [getCatalog('2.6').fetch('req_len')!.deprecated, getCatalog('2.6').fetch('req_len')!.successor], [true, 'req.len']);
    assert.equal(getCatalog('2.6').fetch('req.len')?.deprecated, undefined);
  });

  test('availability across versions', () => {
    assert.deepEqual(availability(availabilityKey.section('crt-store')), { since: '3.0' });
    assert.equal(availability(availabilityKey.keyword('frontend', 'option httplog'))?.since, '2.4');
    const nbproc = availability(availabilityKey.keyword('global', 'nbproc'));
    assert.equal(nbproc?.since, '2.4');
    assert.ok(nbproc?.removed);
  });
});

function pick(m: ReturnType<ReturnType<typeof getCatalog>['matchKeyword']>): [string | undefined, number | undefined, string | undefined] {
  return [m?.keyword.name, m?.consumed, m?.prefix];
}
