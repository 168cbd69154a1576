// Inputs the fuzzer once failed on, kept as plain tests (each names the seed that found it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/syntax/parser';
import type { Range } from '../../server/src/syntax/tree';

const ordered = (r: Range) => r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);

test("'.if ( \"': the condition-syntax issue at a word boundary has an empty range, not end before start (seed 706873363)", () => {
  for (const text of ['.if ( "\n', '.if ( "" \n', '.if (\n', '.if !\n', '.if defined(X) &&\n']) {
    const issue = parse(text).issues.find((i) => i.code === 'condition-syntax');
    assert.ok(issue, `${JSON.stringify(text)} has a condition-syntax issue`);
    assert.ok(ordered(issue.range), `${JSON.stringify(text)}: ${JSON.stringify(issue.range)}`);
  }
  assert.deepEqual(parse('.if ( "\n').issues.find((i) => i.code === 'condition-syntax')?.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } });
});
