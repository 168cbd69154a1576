// The registry of checks the analyzer runs. Each check lives in its own module in this folder.
import type { DocumentCheck, SectionCheck } from '../context';

export const sectionChecks: SectionCheck[] = [
];

export const documentChecks: DocumentCheck[] = [
];
