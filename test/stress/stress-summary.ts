import fs from 'node:fs';
import path from 'node:path';
import { STRESS_RESULTS } from '../helpers/stress.js';

const LOSS_KEYS = ['losses', 'escapes', 'leaks', 'crashes', 'lostProperties', 'truncated', 'busyErrors', 'unauthorised', 'foreignAccepted'];

/**
 * Vitest global setup: starts each run with an empty tally and, at the end, prints one line with
 * what the robustness suites tried in total and what was lost (which must be nothing).
 */
export default function setup(): () => void {
  fs.rmSync(STRESS_RESULTS, { recursive: true, force: true });
  return () => {
    if (!fs.existsSync(STRESS_RESULTS)) return; // no stress suite ran
    const suites = fs.readdirSync(STRESS_RESULTS).map((f) => JSON.parse(fs.readFileSync(path.join(STRESS_RESULTS, f), 'utf8')) as { suite: string; counts: Record<string, number> });
    const sum = (pick: (suite: string, key: string) => boolean) =>
      suites.reduce((n, { suite, counts }) => n + Object.entries(counts).reduce((m, [k, v]) => m + (pick(suite, k) ? v : 0), 0), 0);
    const badInputs = sum((_, k) => k === 'badInputs' || k === 'oddButValid');
    const kills = sum((_, k) => k === 'kills');
    const fuzz = sum((s, k) => s.startsWith('fuzz') && k === 'cases');
    const losses = sum((_, k) => LOSS_KEYS.includes(k));
    process.stdout.write(`\n[stress] summary of ${suites.length} suites: ${badInputs} bad inputs, ${kills} kills, ${fuzz} fuzz cases tried; ${losses} losses\n`);
  };
}
