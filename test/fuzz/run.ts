// The long fuzz run: `npm run fuzz [-- --seconds N | --runs N] [--seed S] [--path P] [--bound-ms B]`
// (or FUZZ_SECONDS, FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH, FUZZ_BOUND_MS). Default: 120 seconds from a
// random seed. Prints how many inputs it tried, the slowest call, and on failure the counterexample
// and the exact command that replays it.
import fc from 'fast-check';
import { fuzzCase } from './inputs';
import { DEFAULT_BOUND_MS, exerciseCase, FuzzStats } from './exercise';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const flag = `--${name}`;
  const inline = args.find((a) => a.startsWith(`${flag}=`));
  if (inline) return inline.slice(flag.length + 1);
  const index = args.indexOf(flag);
  if (index >= 0) return args[index + 1];
  return process.env[`FUZZ_${name.replace('-', '_').toUpperCase()}`];
}

function number(name: string, fallback: number | undefined): number | undefined {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got '${text}'`);
  return value;
}

function main(): number {
  const runs = number('runs', undefined);
  const seconds = number('seconds', runs === undefined ? 120 : undefined);
  const seed = number('seed', undefined) ?? (Math.random() * 2 ** 31) | 0;
  const path = option('path');
  const boundMs = number('bound-ms', DEFAULT_BOUND_MS) as number;
  const stats = new FuzzStats();
  const started = Date.now();
  const progress = setInterval(() => console.log(`  ... ${stats.inputs} inputs in ${((Date.now() - started) / 1000).toFixed(0)} s, max call ${stats.maxMs.toFixed(1)} ms`), 15_000);
  console.log(`fuzz: seed ${seed}, ${runs !== undefined ? `${runs} runs` : `${seconds} s`}, bound ${boundMs} ms per call${path ? `, replaying path ${path}` : ''}`);
  const details = fc.check(fc.property(fuzzCase, (input) => exerciseCase(input, stats, boundMs)), {
    seed,
    path,
    numRuns: runs ?? Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: seconds !== undefined ? seconds * 1000 : undefined,
    markInterruptAsFailure: false,
  });
  clearInterval(progress);
  console.log(`fuzz: ${stats.summary()}`);
  console.log(`fuzz: ${details.numRuns} inputs passed the properties (${details.numShrinks} shrinks) in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}`);
  if (!details.failed) return 0;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  console.error(`fuzz: FAILED: ${error}`);
  console.error(`fuzz: counterexample: ${JSON.stringify(details.counterexample)?.slice(0, 2000)}`);
  console.error(`fuzz: replay with: npm run fuzz -- --seed ${details.seed} --path ${details.counterexamplePath} --runs 1`);
  return 1;
}

process.exitCode = main();
