// The registry of checks the analyzer runs. Each check lives in its own module in this folder.
import type { DocumentCheck, SectionCheck } from '../context';
import { checkServersAndBinds } from './serverBind';

export const sectionChecks: SectionCheck[] = [
  checkServersAndBinds,
];

export const documentChecks: DocumentCheck[] = [
];
