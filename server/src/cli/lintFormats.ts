// Output formats of `haproxy-workbench lint`: text for people, JSON for scripts, SARIF 2.1.0 for
// code-scanning tools. Lines and columns are 1-based (columns count UTF-16 code units, like the editor).
import { name as packageName, publisher, version as toolVersion } from '../../../package.json';
import { FINDING_CODES } from '../analysis/findings';
import type { FindingSeverity } from '../analysis/findings';
import { LIMIT_CODES } from '../limits';
import type { SyntaxIssueCode } from '../syntax/tree';
import type { Problem } from '../service';

export interface LintedFile {
  /** The path as given on the command line (`<stdin>` for -). */
  file: string;
  problems: Problem[];
}

/** One problem in the JSON output. */
export interface JsonProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: FindingSeverity;
  code: string;
  message: string;
  source: string;
}

/** Syntax issue codes (syntax/tree.ts) with one-line descriptions; the Record keeps it complete. */
export const SYNTAX_CODES: Record<SyntaxIssueCode, string> = {
  'unterminated-quote': 'Quote opened and never closed on the line',
  'invalid-hex-escape': '\\x not followed by two hex digits',
  'unterminated-env-brace': '${ without its closing }',
  'nul-character': 'NUL character in a line',
  'too-many-words': 'More words on a line than HAProxy accepts',
  'endif-without-if': '.endif without a matching .if',
  'else-without-if': '.else without a matching .if',
  'elif-without-if': '.elif without a matching .if',
  'else-after-else': '.else after .else in the same block',
  'elif-after-else': '.elif after .else in the same block',
  'unclosed-if': '.if without a matching .endif',
  'nesting-too-deep': 'Too many nested .if blocks',
  'unexpected-argument': 'Preprocessor directive with an argument it does not take',
  'unknown-preprocessor-directive': 'Line starting with an unknown .directive',
  'condition-syntax': 'Malformed .if/.elif condition',
  'unknown-predicate': 'Unknown predicate in a .if/.elif condition',
  'predicate-not-in-version': 'Predicate not available in the target version',
};

/** Every rule a result may refer to, with its description. */
export function lintRules(): Array<{ id: string; description: string }> {
  const all: Record<string, string> = { ...SYNTAX_CODES, ...FINDING_CODES, ...LIMIT_CODES };
  return Object.entries(all).map(([id, description]) => ({ id, description }));
}

export const INFORMATION_URI = `https://marketplace.visualstudio.com/items?itemName=${publisher}.${packageName}`;

function toJsonProblems(files: readonly LintedFile[]): JsonProblem[] {
  return files.flatMap(({ file, problems }) => problems.map((p) => ({
    file,
    line: p.range.start.line + 1,
    column: p.range.start.character + 1,
    endLine: p.range.end.line + 1,
    endColumn: p.range.end.character + 1,
    severity: p.severity,
    code: p.code,
    message: p.message,
    source: p.source,
  })));
}

/** `file:line:col: severity: message [code]`, one per line (continuation lines of a message indented). */
export function formatText(files: readonly LintedFile[]): string {
  return toJsonProblems(files)
    .map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message.replace(/\n/g, '\n    ')} [${p.code}]\n`)
    .join('');
}

export function formatJson(files: readonly LintedFile[]): string {
  return JSON.stringify(toJsonProblems(files), null, 2) + '\n';
}

const SARIF_LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'note'> = {
  error: 'error', warning: 'warning', information: 'note', hint: 'note',
};

/** A path as a SARIF artifact URI: relative paths stay relative (URI-encoded, forward slashes). */
function artifactUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const slashed = file.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return `file://${encodeURI(slashed)}`;
  return encodeURI(slashed.replace(/^\.\//, ''));
}

export function formatSarif(files: readonly LintedFile[], haproxyVersion: string): string {
  const rules = lintRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = files.flatMap(({ problems }, fileIndex) => problems.map((p) => {
    const result: Record<string, unknown> = {
      ruleId: p.code,
      level: SARIF_LEVEL[p.severity],
      message: { text: p.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: artifactUri(files[fileIndex].file), index: fileIndex },
          region: {
            startLine: p.range.start.line + 1,
            startColumn: p.range.start.character + 1,
            endLine: p.range.end.line + 1,
            endColumn: p.range.end.character + 1,
          },
        },
      }],
    };
    const index = ruleIndex.get(p.code);
    if (index !== undefined) result.ruleIndex = index;
    return result;
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: packageName,
          version: toolVersion,
          semanticVersion: toolVersion,
          informationUri: INFORMATION_URI,
          rules: rules.map((r) => ({ id: r.id, shortDescription: { text: r.description } })),
        },
      },
      columnKind: 'utf16CodeUnits',
      artifacts: files.map((f) => ({ location: { uri: artifactUri(f.file) } })),
      results,
      properties: { haproxyVersion },
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
