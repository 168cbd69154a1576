// What HAProxy does with a keyword used in a section that does not take it. Outside proxies (and
// between a proxy and another kind of section) the keyword is unknown there: an error. Between
// proxy kinds HAProxy is mostly lenient: a backend-only keyword in a frontend is ignored with a
// warning ("'balance' ignored because frontend 'fe' has no backend capability"), with the
// exceptions below. Every entry was checked with haproxy -c (2.6.12); test/unit/analysis has a
// test that re-checks them against the binary.
import type { Section } from '../../syntax/tree';
import type { FindingCode, FindingSeverity } from '../findings';
import { PROXY_TYPES, proxyLabel } from './keywordLines';

/** Refused (alert) in a frontend, which has no backend capability. */
const ERROR_WITHOUT_BACKEND: ReadonlySet<string> = new Set([
  'server', 'default-server', 'server-template', 'use-fcgi-app', 'retry-on', 'tcp-response content', 'tcp-response inspect-delay',
]);
/** Refused (alert) in a backend, which has no frontend capability. */
const ERROR_WITHOUT_FRONTEND: ReadonlySet<string> = new Set(['declare capture', 'tcp-request connection', 'tcp-request session']);
/** Accepted without a word although they do nothing there. */
const SILENT_WITHOUT_BACKEND: ReadonlySet<string> = new Set([
  'external-check command', 'external-check path', 'persist rdp-cookie', 'hash-balance-factor', 'option external-check', 'transparent',
]);
const SILENT_WITHOUT_FRONTEND: ReadonlySet<string> = new Set(['unique-id-format', 'unique-id-header']);
/** Logging keywords a backend ignores with their own warning ("... directive is ignored in backends"). */
const IGNORED_IN_BACKENDS: ReadonlySet<string> = new Set([
  'option httplog', 'option httpslog', 'log-format', 'log-format-sd', 'error-log-format',
]);

export interface Placement {
  code: FindingCode;
  severity: FindingSeverity;
  message: string;
}

/**
 * The finding for a keyword found in `allowedIn` sections but used in `section`, or undefined when
 * HAProxy takes it there after all (a listen has both capabilities, whatever the manual's matrix says).
 */
export function placementOf(section: Section, keyword: string, allowedIn: readonly string[]): Placement | undefined {
  const inProxies = allowedIn.filter((s) => PROXY_TYPES.has(s));
  const where = `'${section.type}' section`;
  if (!PROXY_TYPES.has(section.type) || inProxies.length === 0) {
    return { code: 'keyword-wrong-section', severity: 'error', message: `'${keyword}' is not allowed in ${where} (only in ${list(allowedIn)})` };
  }
  const frontendSide = inProxies.includes('frontend') || inProxies.includes('listen');
  const backendSide = inProxies.includes('backend') || inProxies.includes('listen');
  switch (section.type) {
    case 'listen':
      return undefined;
    case 'defaults':
      return { code: 'keyword-wrong-section', severity: 'error', message: `'${keyword}' not allowed in 'defaults' section (only in ${list(inProxies)})` };
    case 'frontend':
      if (!backendSide) return undefined;
      return capability(section, keyword, 'backend', ERROR_WITHOUT_BACKEND, SILENT_WITHOUT_BACKEND);
    default: // backend
      if (!frontendSide) return undefined;
      if (IGNORED_IN_BACKENDS.has(keyword)) {
        return { code: 'keyword-ignored-in-section', severity: 'warning', message: `${proxyLabel(section)} : '${keyword}' directive is ignored in backends` };
      }
      return capability(section, keyword, 'frontend', ERROR_WITHOUT_FRONTEND, SILENT_WITHOUT_FRONTEND);
  }
}

function capability(section: Section, keyword: string, missing: 'frontend' | 'backend', errors: ReadonlySet<string>,
  silent: ReadonlySet<string>): Placement {
  const label = proxyLabel(section);
  if (errors.has(keyword)) {
    return { code: 'keyword-wrong-section', severity: 'error', message: `'${keyword}' not allowed because ${label} has no ${missing} capability` };
  }
  if (silent.has(keyword)) {
    return { code: 'keyword-ignored-in-section', severity: 'information', message: `'${keyword}' has no effect in ${label}, which has no ${missing} capability` };
  }
  return { code: 'keyword-ignored-in-section', severity: 'warning', message: `'${keyword}' ignored because ${label} has no ${missing} capability` };
}

function list(sections: readonly string[]): string {
  return sections.length <= 1 ? sections.join('') : `${sections.slice(0, -1).join(', ')} and ${sections[sections.length - 1]}`;
}

/** For the test that re-checks the tables against the real binary. */
export const PLACEMENT_TABLES = {
  ERROR_WITHOUT_BACKEND, ERROR_WITHOUT_FRONTEND, SILENT_WITHOUT_BACKEND, SILENT_WITHOUT_FRONTEND, IGNORED_IN_BACKENDS,
} as const;
