// What analysis reports: findings with stable codes. They are LSP-independent (the service turns them
// into Diagnostics, the CLI into JSON/SARIF) and carry the data quick fixes need.
import type { Range } from '../syntax/tree';
import type { SymbolKind } from './symbols';

export type FindingSeverity = 'error' | 'warning' | 'information' | 'hint';

/** Data a quick fix can act on without re-deriving it from the message text. */
export interface FindingData {
  /** Near matches ("did you mean"), best first. Replacing `range` with one of them is the fix. */
  suggestions?: string[];
  /** For a deprecated keyword: the successor the manual names (replace `range` with it). */
  successor?: string;
  /** For a keyword in the wrong section: section types that accept it. */
  allowedIn?: string[];
  /** For an undefined reference: what is missing. */
  missing?: { kind: SymbolKind; name: string };
}

export interface Finding {
  code: FindingCode;
  message: string;
  range: Range;
  severity: FindingSeverity;
  data?: FindingData;
  /** 'deprecated' renders struck through; 'unnecessary' greyed. */
  tags?: Array<'deprecated' | 'unnecessary'>;
  related?: Array<{ range: Range; message: string }>;
}

/**
 * Every finding code analysis may emit, with a one-line description (the CLI lists them, SARIF
 * uses them as rules, code actions key on them). Syntax issue codes come from syntax/tree.ts.
 */
export const FINDING_CODES = {
  // keywords and sections
  'unknown-keyword': 'Keyword unknown to the target HAProxy version',
  'keyword-wrong-section': 'Keyword not allowed in this kind of section',
  'keyword-ignored-in-section': 'Keyword HAProxy accepts in this section but ignores (warning)',
  'keyword-too-new': 'Keyword needs a newer HAProxy than the target version',
  'keyword-removed': 'Keyword was removed before the target version',
  'keyword-deprecated': 'Keyword deprecated in the target version',
  'directive-outside-section': 'Directive before the first section',
  'unknown-section': 'Section type unknown to the target version',
  'negation-not-supported': "Keyword refuses a 'no' or 'default' prefix",
  // arguments and values
  'missing-argument': 'Keyword lacks a required argument',
  'extra-argument': 'Keyword has more arguments than it accepts',
  'missing-section-name': 'Section needs a name',
  'invalid-name': 'Name contains characters HAProxy refuses',
  'invalid-time': 'Not a valid time (number with optional us/ms/s/m/h/d unit)',
  'invalid-size': 'Not a valid size (number with optional k/m/g unit)',
  'invalid-number': 'Not a valid number or out of range',
  'invalid-port': 'Port outside 1-65535',
  'invalid-address': 'Not a valid address',
  'invalid-weight': 'Weight outside 0-256',
  'invalid-choice': 'Value not among the accepted choices',
  // server, bind and other keyword options
  'unknown-server-option': 'Unknown server / default-server option',
  'unknown-bind-option': 'Unknown bind option',
  'unknown-option': 'Unknown option of this keyword',
  'option-missing-value': 'Option needs a value',
  'option-too-new': 'Option needs a newer HAProxy than the target version',
  'missing-ca-file': 'TLS server verifies certificates (the default) but has no ca-file',
  'check-without-port': 'Health-checked server with neither a service port nor a check port',
  'fcgi-without-app': 'Server with proto fcgi in a proxy without use-fcgi-app',
  'track-without-check': 'Server tracks a server that has no check, agent check or track',
  // rules and expressions
  'unknown-action': 'Unknown action for this rule set',
  'action-too-new': 'Action needs a newer HAProxy than the target version',
  'unknown-fetch': 'Unknown sample fetch',
  'unknown-converter': 'Unknown converter',
  'invalid-condition': 'Malformed if/unless condition',
  'unknown-acl-match': 'Unknown ACL match method (-m)',
  'invalid-expression': 'Malformed sample or ACL expression (missing fetch, unclosed arguments, bad ACL flag or pattern)',
  'acl-never-matches': 'ACL with no pattern to match against (warning: it never matches)',
  'invalid-action-argument': 'Rule action arguments HAProxy refuses (count, keyword, status code, proxy capability)',
  // references and duplicates
  'undefined-reference': 'Reference to something not defined in the file',
  'incompatible-backend': 'HTTP frontend using a TCP backend (see mode)',
  'duplicate-proxy': 'Two proxies with the same name and capability',
  'duplicate-server': 'Two servers with the same name in one proxy',
  'duplicate-section': 'Section name already used (the earlier one is shadowed)',
  'duplicate-directive': 'Directive given twice where only one is kept',
  // conditional blocks
  'inactive-branch': 'Lines skipped for the target version (hint)',
  'message-directive': 'Active .alert/.warning/.notice/.diag line (an .alert makes HAProxy fail)',
  // haproxy -c
  'haproxy-alert': 'Alert reported by haproxy -c',
  'haproxy-warning': 'Warning reported by haproxy -c',
} as const;

export type FindingCode = keyof typeof FINDING_CODES;
