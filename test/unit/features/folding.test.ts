// Folding: sections, .if blocks and their branches, comment runs; nothing that spans one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FoldingRangeKind } from 'vscode-languageserver';
import type { FoldingRange } from 'vscode-languageserver';
import { provideFoldingRanges } from '../../../server/src/features/folding';
import { modelOf } from './featureHelpers';
import { lineOf, NAV_CONFIG } from './navigationConfig';

const show = (ranges: FoldingRange[]) => ranges.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);

test('sections fold from the header to their last statement, not over trailing blank or comment lines', () => {
  const text = [
    'global', //            0
    '    maxconn 100', //   1
    '', //                  2
    '# the web tier', //    3
    '# (two lines)', //     4
    'backend web', //       5
    '    server a 1.1.1.1:80', // 6
    '    server b 1.1.1.2:80', // 7
    '', //                  8
    'frontend empty', //    9
  ].join('\n');
  assert.deepEqual(show(provideFoldingRanges(modelOf(text))), ['0-1', '3-4 comment', '5-7']);
});

test('.if blocks: each branch folds up to the line before the next head; the whole block is offered too', () => {
  const text = [
    'backend web', //           0
    '.if defined(A)', //        1
    '    server a 1.1.1.1:80', // 2
    '    server a2 1.1.1.3:80', // 3
    '.elif defined(B)', //      4
    '    server b 1.1.1.2:80', // 5
    '.else', //                 6
    '    server c 1.1.1.4:80', // 7
    '.endif', //                8
    '.if defined(C)', //        9
    '    server d 1.1.1.5:80', // 10
    '.endif', //                11
  ].join('\n');
  const ranges = provideFoldingRanges(modelOf(text));
  assert.deepEqual(show(ranges), ['0-11', '1-3', '1-7', '4-5', '6-7', '9-10']);
  assert.equal(ranges.findIndex((r) => r.startLine === 1 && r.endLine === 3) < ranges.findIndex((r) => r.startLine === 1 && r.endLine === 7), true,
    'the branch comes first: VS Code keeps the first range of a start line');
});

test('an unclosed .if folds to the end of its content; blank lines before the next head stay out', () => {
  const unclosed = 'backend web\n.if defined(A)\n    server a 1.1.1.1:80\n    server b 1.1.1.2:80\n\n\n';
  assert.deepEqual(show(provideFoldingRanges(modelOf(unclosed))), ['0-3', '1-3']);
  const blanks = 'backend web\n.if defined(A)\n    server a 1.1.1.1:80\n\n.else\n    server b 1.1.1.2:80\n\n.endif\n';
  assert.deepEqual(show(provideFoldingRanges(modelOf(blanks))), ['0-7', '1-2', '1-5', '4-5']);
});

test('comment runs of 2+ lines fold as comments; a single comment line and trailing comments do not merge with code', () => {
  const text = '# one\n\n# a\n# b\n# c\nglobal\n    # inside\n    maxconn 1 # trailing\n    # x\n    # y\n    nbthread 2\n';
  assert.deepEqual(show(provideFoldingRanges(modelOf(text))), ['2-4 comment', '5-10', '8-9 comment']);
});

test('the realistic configuration: every section folds, the header comment folds, the .if blocks fold', () => {
  const ranges = provideFoldingRanges(modelOf(NAV_CONFIG));
  assert.deepEqual(ranges[0], { startLine: 0, endLine: 1, kind: FoldingRangeKind.Comment });
  const starts = ranges.map((r) => r.startLine);
  for (const header of ['global', 'ring logbuf', 'userlist admins', 'frontend fe_main', '\nbackend be_web']) {
    const line = lineOf(NAV_CONFIG, header) + (header.startsWith('\n') ? 1 : 0);
    assert.ok(starts.includes(line), `${header.trim()} folds`);
  }
  const canary = lineOf(NAV_CONFIG, '.if defined(WITH_CANARY)');
  assert.ok(ranges.some((r) => r.startLine === canary && r.endLine === canary + 1));
  assert.ok(ranges.some((r) => r.startLine === canary + 2 && r.endLine === canary + 3), '.else branch');
  for (const r of ranges) assert.ok(r.endLine > r.startLine);
  assert.deepEqual(provideFoldingRanges(modelOf('')), []);
});
