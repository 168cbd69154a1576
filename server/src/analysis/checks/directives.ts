// The directive-level check: each line's keyword is resolved once, then checked as a keyword
// (keywords.ts), for its argument count (arguments.ts) and for its values (values.ts). Lines in a
// skipped conditional branch are not checked; lines in an undecided one only get warnings.
import type { SectionCheck } from '../context';
import { checkArgumentCount, checkHeader } from './arguments';
import { PROXY_TYPES, isChecked, isDynamic, keywordIn } from './keywordLines';
import { keywordStarts } from './keywordTables';
import { checkKnownKeyword, checkUnknownKeyword, sectionTypeKnown } from './keywords';
import { checkDirectiveValues } from './values';

export const checkDirectives: SectionCheck = (section, ctx) => {
  if (section.activity === 'inactive' || !sectionTypeKnown(section, ctx)) return;
  checkHeader(section, ctx);
  const kind = PROXY_TYPES.has(section.type) ? 'proxy' : section.type;
  const starts = keywordStarts(ctx.catalog, section.type);
  for (const d of section.directives) {
    if (!isChecked(d) || isDynamic(d.keyword)) continue;
    const match = keywordIn(ctx.catalog, section.type, starts, d);
    if (!match) {
      checkUnknownKeyword(section, d, ctx);
    } else if (checkKnownKeyword(section, d, match, ctx)) {
      checkArgumentCount(kind, d, match, ctx);
      checkDirectiveValues(section, d, match, ctx);
    }
  }
};
