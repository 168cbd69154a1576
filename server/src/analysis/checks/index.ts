// The registry of checks the analyzer runs. Each check lives in its own module in this folder.
import type { DocumentCheck, SectionCheck } from '../context';
import { checkDuplicates } from './duplicates';
import { checkExpressions } from './expressions';
import { checkConditionals } from './conditionals';
import { checkDirectives } from './directives';
import { checkPreamble } from './keywords';
import { checkReferences } from './references';
import { checkExperimentalActions, checkRules } from './rules';
import { checkServersAndBinds } from './serverBind';
import { checkServerDefaults } from './serverDefaults';

export const sectionChecks: SectionCheck[] = [
  checkServersAndBinds,
  checkExpressions,
  checkRules,
  checkDirectives,
];

export const documentChecks: DocumentCheck[] = [
  checkExperimentalActions,
  checkReferences,
  checkDuplicates,
  checkServerDefaults,
  checkPreamble,
  checkConditionals,
];
