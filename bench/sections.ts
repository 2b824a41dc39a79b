/**
 * The bench's sections, in the order they run and print. To add one (e.g. the Slack and Teams
 * end-to-end benchmarks), write bench/<name>/section.ts exporting a BenchSection and list it here.
 */
import { coldStartSection } from './coldstart/section.js';
import type { BenchSection } from './lib/types.js';
import { searchSection } from './search/section.js';
import { storeSection } from './store/section.js';

export const sections: BenchSection[] = [searchSection, coldStartSection, storeSection];
