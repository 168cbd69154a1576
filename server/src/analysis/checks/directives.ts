// The directive-level check: each line's keyword is resolved once, then checked as a keyword
// (keywords.ts), for its argument count (arguments.ts) and for its values (values.ts). Lines in a
// skipped conditional branch are not checked; lines in an undecided one only get warnings.
import type { SectionCheck } from '../context';
import { checkArgumentCount, checkHeader } from './arguments';
import { PROXY_TYPES, isChecked, isDynamic, keywordIn } from './keywordLines';
import { keywordStarts, memoized } from './keywordTables';
import type { KeywordStarts } from './keywordTables';
import { checkKnownKeyword, checkUnknownKeyword, sectionTypeKnown } from './keywords';
import { checkDirectiveValues } from './values';

/** What every line reads of its section: its type, as the argument-count table's kind and the keyword starts. */
interface DirectiveFacts { kind: string; starts: KeywordStarts | undefined }

export const checkDirectives: SectionCheck<DirectiveFacts> = {
  name: 'checkDirectives',
  // One object per section type (facts are compared with ===, see context.ts).
  facts: (section, ctx) => memoized(ctx.catalog, `directiveFacts\0${section.type}`,
    () => ({ kind: PROXY_TYPES.has(section.type) ? 'proxy' : section.type, starts: keywordStarts(ctx.catalog, section.type) })),
  header(section, ctx) {
    if (section.activity === 'inactive' || !sectionTypeKnown(section, ctx)) return false;
    checkHeader(section, ctx);
    return true;
  },
  line(d, section, ctx, { kind, starts }) {
    if (!isChecked(d) || isDynamic(d.keyword)) return;
    const match = keywordIn(ctx.catalog, section.type, starts, d);
    if (!match) {
      checkUnknownKeyword(section, d, ctx);
    } else if (checkKnownKeyword(section, d, match, ctx)) {
      checkArgumentCount(kind, d, match, ctx);
      checkDirectiveValues(section, d, match, ctx);
    }
  },
};
