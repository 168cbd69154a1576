// The registry of checks the analyzer runs. Each check lives in its own module in this folder.
import type { DocumentCheck, SectionCheck } from '../context';
import { checkServersAndBinds } from './serverBind';
import { checkKeywords, checkPreamble } from './keywords';

export const sectionChecks: SectionCheck[] = [
  checkServersAndBinds,
  checkKeywords,
];

export const documentChecks: DocumentCheck[] = [
  checkPreamble,
];
