// One import for the syntax layer: `import { parse, ParsedDocument } from '../syntax'`.
export * from './tree';
export { tokenizeLine, splitLines, MAX_LINE_WORDS } from './tokenizer';
export { parse, assembleTree, MAX_NESTED_CONDITIONS } from './parser';
export { parseCondition, evaluateCondition, compareVersions, expandEnv, PREDICATE_SINCE } from './conditions';
export { ParsedDocument } from './document';
export type { ContentChange } from './document';
