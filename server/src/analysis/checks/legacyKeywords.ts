// Keywords HAProxy removed but still recognises, to refuse them with a message naming the
// replacement. The catalog (manuals from 2.4 on) does not know most of them. Messages are the ones
// haproxy -c 2.6.12 prints; `replacement` is set when swapping the keyword alone fixes the line.

export interface LegacyKeyword {
  /** Version whose HAProxy refuses it (first catalog version without it). */
  removedIn: string;
  message: string;
  replacement?: string;
}

const since21 = (name: string, use?: string): LegacyKeyword => ({
  removedIn: '2.1',
  message: `The '${name}' directive is not supported anymore since HAProxy 2.1.${use ? ` Use ${use} instead.` : ''}`,
});

/** Proxy keywords (defaults, frontend, listen, backend), by their first word(s). */
const PROXY_LEGACY: ReadonlyMap<string, LegacyKeyword> = new Map([
  ['reqrep', since21('reqrep', "'http-request replace-path', 'http-request replace-uri' or 'http-request replace-header'")],
  ['reqirep', since21('reqirep', "'http-request replace-header'")],
  ['reqdel', since21('reqdel', "'http-request del-header'")],
  ['reqidel', since21('reqidel', "'http-request del-header'")],
  ['reqdeny', since21('reqdeny', "'http-request deny'")],
  ['reqideny', since21('reqideny', "'http-request deny'")],
  ['reqpass', since21('reqpass')],
  ['reqipass', since21('reqipass')],
  ['reqallow', since21('reqallow', "'http-request allow'")],
  ['reqiallow', since21('reqiallow', "'http-request allow'")],
  ['reqtarpit', since21('reqtarpit', "'http-request tarpit'")],
  ['reqitarpit', since21('reqitarpit', "'http-request tarpit'")],
  ['reqadd', since21('reqadd', "'http-request add-header'")],
  ['rsprep', since21('rsprep', "'http-response replace-header'")],
  ['rspirep', since21('rspirep', "'http-response replace-header'")],
  ['rspdel', since21('rspdel', "'http-response del-header'")],
  ['rspidel', since21('rspidel', "'http-response del-header'")],
  ['rspdeny', since21('rspdeny', "'http-response deny'")],
  ['rspideny', since21('rspideny', "'http-response deny'")],
  ['rspadd', since21('rspadd', "'http-response add-header'")],
  ['block', { removedIn: '2.1', message: "The 'block' directive is not supported anymore since HAProxy 2.1. Use 'http-request deny' which uses the exact same syntax.", replacement: 'http-request deny' }],
  ['redispatch', { removedIn: '2.1', message: "keyword 'redispatch' directive is not supported anymore since HAProxy 2.1. Use 'option redispatch'.", replacement: 'option redispatch' }],
  ['clitimeout', { removedIn: '2.1', message: "the 'clitimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout client'.", replacement: 'timeout client' }],
  ['contimeout', { removedIn: '2.1', message: "the 'contimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout connect'.", replacement: 'timeout connect' }],
  ['srvtimeout', { removedIn: '2.1', message: "the 'srvtimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout server'.", replacement: 'timeout server' }],
  ['monitor-net', { removedIn: '2.5', message: "'monitor-net' doesn't exist anymore. Please use 'http-request return status 200 if { src <network> }' instead." }],
  ['appsession', { removedIn: '1.6', message: "'appsession' is not supported anymore since HAProxy 1.6." }],
  ['grace', { removedIn: '2.5', message: "the 'grace' keyword is not supported any more since HAProxy version 2.5." }],
  ['option forceclose', { removedIn: '2.0', message: "option 'forceclose' is not supported any more since HAProxy 2.0, please just remove it, or use 'option httpclose' if absolutely needed." }],
  ['option http-tunnel', { removedIn: '2.1', message: "option 'http-tunnel' is not supported any more since HAProxy 2.1, please just remove it, it shouldn't be needed." }],
  ['option http_proxy', { removedIn: '2.5', message: "option 'http_proxy' is not supported any more since HAProxy 2.5. This option stopped working in HAProxy 1.9 and usually had nasty side effects." }],
]);

const GLOBAL_LEGACY: ReadonlyMap<string, LegacyKeyword> = new Map([
  ['nbproc', { removedIn: '2.5', message: 'nbproc is not supported any more since HAProxy 2.5. Threads will automatically be used on multi-processor machines if available.' }],
  ['tune.chksize', { removedIn: '2.5', message: "option 'tune.chksize' is not supported any more (tune.bufsize is used instead)." }],
]);

/** The legacy entry for a line's first words in a kind of section ("proxy" or a section type). */
export function legacyKeyword(sectionKind: string, words: readonly string[]): { name: string; entry: LegacyKeyword } | undefined {
  const table = sectionKind === 'proxy' ? PROXY_LEGACY : sectionKind === 'global' ? GLOBAL_LEGACY : undefined;
  if (!table || !words.length) return undefined;
  if (words.length > 1) {
    const two = `${words[0]} ${words[1]}`;
    const entry = table.get(two);
    if (entry) return { name: two, entry };
  }
  const entry = table.get(words[0]);
  return entry ? { name: words[0], entry } : undefined;
}
