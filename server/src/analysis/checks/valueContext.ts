// What a value rule sees: the line, its keyword, the words after the keyword, and a reporter.
import type { Directive, Range, Section, Word } from '../../syntax/tree';
import type { CheckContext } from '../context';
import type { FindingCode, FindingData, FindingSeverity } from '../findings';
import { isDynamic, reportOn, spanOf } from './keywordLines';

export interface ValueContext {
  ctx: CheckContext;
  section: Section;
  d: Directive;
  keyword: string;
  /** The words after the keyword. */
  args: Word[];
}

export type ValueRule = (v: ValueContext) => void;

/** Reports on one word (never on a word only known at run time: callers skip those first). */
export function reportWord(v: ValueContext, code: FindingCode, severity: FindingSeverity, word: Word, message: string,
  data?: FindingData, range: Range = spanOf(word)): void {
  reportOn(v.ctx, v.d, code, severity, range, message, data ? { data } : {});
}

/** The word at an index if it is there and its value is known now. */
export function staticWord(v: ValueContext, index: number): Word | undefined {
  const w = v.args[index];
  return w && !isDynamic(w) ? w : undefined;
}
