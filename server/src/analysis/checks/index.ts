// The registry of checks the analyzer runs. Each check lives in its own module in this folder.
// Document checks run in this order and their findings come in this order (a check split in two
// keeps its findings' order: references, then implicit tables; duplicate section names, then names
// inside sections; server settings, then tracking).
import type { DocumentCheck, SectionCheck } from '../context';
import { checkDuplicateSections, checkDuplicates } from './duplicates';
import { checkExpressions } from './expressions';
import { checkConditionals } from './conditionals';
import { checkDirectives } from './directives';
import { checkPreamble } from './keywords';
import { checkImplicitTables, checkReferences } from './references';
import { checkExperimentalActions, checkRules } from './rules';
import { checkServersAndBinds } from './serverBind';
import { checkServerDefaults, checkServerTracking } from './serverDefaults';

export const sectionChecks: SectionCheck[] = [
  checkServersAndBinds,
  checkExpressions,
  checkRules,
  checkDirectives,
];

export const documentChecks: readonly DocumentCheck[] = [
  checkExperimentalActions,
  checkReferences,
  checkImplicitTables,
  checkDuplicateSections,
  checkDuplicates,
  checkServerDefaults,
  checkServerTracking,
  checkPreamble,
  checkConditionals,
];
