// Fixed-choice values read from the doc bodies of the keywords that define them
// (balance algorithms, hash-type methods, log levels and facilities, check expect forms...).
import type { CatalogData, Documented } from '../../server/src/catalog/types';

type BodyOf = (d: Documented | undefined) => string[];

const indentOf = (line: string): number => /^ */.exec(line)![0].length;

/**
 * Items of a definition list that follows the first line matching `after`: lines at one common
 * indent that start with a keyword (optionally `name(<arg>)` or followed by `<arg>`), then two
 * spaces or a colon or the end of the line. Deeper lines are the item's description.
 */
export function definitionList(body: string[], after: RegExp, itemPattern = /^([a-z!][\w.-]*)(?:\([^)]*\)(?:\s|$)|(?:\s+[<{[][^:]*?)?(?:\s{2,}|\s*:|$))/): string[] {
  const at = body.findIndex((l) => after.test(l));
  if (at < 0) return [];
  // The list starts after the blank line that ends the marker's paragraph.
  let i = at;
  while (i < body.length && body[i].trim() !== '') i++;
  while (i < body.length && body[i].trim() === '') i++;
  if (i >= body.length || !itemPattern.test(body[i].trim())) return [];
  const itemIndent = indentOf(body[i]);
  const items: string[] = [];
  for (; i < body.length; i++) {
    const line = body[i];
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    if (indent < itemIndent) break;
    if (indent > itemIndent) continue;
    const m = itemPattern.exec(line.trim());
    if (!m) break;
    if (!items.includes(m[1])) items.push(m[1]);
  }
  return items;
}

/** Words of the lines right after a marker line, up to the next blank line ("emerg alert crit ..."). */
function wordsAfter(body: string[], marker: RegExp): string[] {
  const at = body.findIndex((l) => marker.test(l));
  if (at < 0) return [];
  let i = at + 1;
  while (i < body.length && body[i].trim() === '') i++;
  const words: string[] = [];
  for (; i < body.length && body[i].trim() !== ''; i++) words.push(...body[i].trim().split(/\s+/));
  return words.filter((w) => /^[a-z][a-z0-9]*$/.test(w));
}

function kw(data: CatalogData, name: string, section?: string): Documented | undefined {
  return data.keywords.find((k) => k.name === name && (!section || k.sections.includes(section)) && k.doc);
}

function argChoices(d: Documented | undefined, index = 0): string[] {
  return d?.args?.filter((a) => a.choices && a.choices.length > 1)[index]?.choices ?? [];
}

export function extractChoices(data: CatalogData, bodyOf: BodyOf): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const set = (name: string, values: string[]): void => { if (values.length) out[name] = values; };
  const balance = bodyOf(kw(data, 'balance'));
  set('balance', definitionList(balance, /<algorithm> may be one of the following/));
  const hashType = bodyOf(kw(data, 'hash-type'));
  set('hash-type.method', definitionList(hashType, /^\s*<method>/));
  set('hash-type.function', definitionList(hashType, /^\s*<function>/));
  set('hash-type.modifier', definitionList(hashType, /^\s*<modifier>/));
  const mode = kw(data, 'mode', 'frontend');
  set('mode', argChoices(mode).length ? argChoices(mode) : definitionList(bodyOf(mode), /^\s*Arguments\s*:/));
  const globalLog = bodyOf(kw(data, 'log', 'global'));
  const proxyLog = bodyOf(kw(data, 'log', 'frontend'));
  set('log.level', wordsAfter(globalLog, /levels are known/).length ? wordsAfter(globalLog, /levels are known/) : wordsAfter(proxyLog, /levels are known/));
  set('log.facility', wordsAfter(globalLog, /standard syslog facilities/).length ? wordsAfter(globalLog, /standard syslog facilities/) : wordsAfter(proxyLog, /standard syslog facilities/));
  const expectItem = /^(!?[a-z][\w.-]*)(?:\s+[<{[][^:]*?)?(?:\s{2,}|\s*:|$)/;
  set('http-check.expect', definitionList(bodyOf(kw(data, 'http-check expect')), /available matches are/, expectItem).map((s) => s.replace(/^!/, '')));
  set('tcp-check.expect', definitionList(bodyOf(kw(data, 'tcp-check expect')), /available matches are/, expectItem).map((s) => s.replace(/^!/, '')));
  set('option', data.keywords.filter((k) => k.name.startsWith('option ')).map((k) => k.name.slice(7)));
  set('timeout', data.keywords.filter((k) => k.name.startsWith('timeout ')).map((k) => k.name.slice(8)));
  set('stats', data.keywords.filter((k) => k.name.startsWith('stats ') && !k.sections.includes('global')).map((k) => k.name.slice(6)));
  set('http-check', data.keywords.filter((k) => k.name.startsWith('http-check ')).map((k) => k.name.slice(11)));
  set('tcp-check', data.keywords.filter((k) => k.name.startsWith('tcp-check ')).map((k) => k.name.slice(10)));
  for (const o of [...data.serverOptions.map((x) => ['server', x] as const), ...data.bindOptions.map((x) => ['bind', x] as const)]) {
    const c = argChoices(o[1]);
    if (c.length) set(`${o[0]}.${o[1].name}`, c);
  }
  for (const k of data.keywords) {
    const c = argChoices(k);
    if (c.length && !out[k.name]) set(`${k.sections[0] === 'global' ? 'global.' : ''}${k.name}`, c);
  }
  return out;
}
