/**
 * The bench's sections, in the order they run and print. To add one, write bench/<name>/section.ts
 * exporting a BenchSection and list it here.
 */
import { coldStartSection } from './coldstart/section.js';
import type { BenchSection } from './lib/types.js';
import { searchSection } from './search/section.js';
import { slackSection } from './slack/section.js';
import { storeSection } from './store/section.js';
import { teamsSection } from './teams/section.js';
import { turnSection } from './turn/section.js';

export const sections: BenchSection[] = [slackSection, teamsSection, turnSection, searchSection, coldStartSection, storeSection];
