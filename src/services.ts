/**
 * The app's services every intent's context carries besides core's own (stores, clock, log, i18n).
 * Core declares `AppServices` empty and never imports a feature; this module fills it in (TypeScript
 * declaration merging), and src/app.ts builds the values. Types only: nothing here runs.
 */
import type { Config } from './config.js';
import type { Content } from './content/loader.js';
import type { PersonalDataSource } from './privacy/personal-data.js';
import type { JobQueue } from './scheduler/jobs.js';
import type { PracticeSearch } from './search/practice-search.js';

declare module './core/intent.js' {
  interface AppServices {
    config: Readonly<Config>;
    content: Content;
    search: PracticeSearch;
    /** One-off jobs due later (reminders, follow-ups); run by `serve`'s ticker. */
    jobs: JobQueue;
    /** What every feature keeps about a person, in the features' order (privacy explain / export / delete). */
    personalData: readonly PersonalDataSource[];
  }
}
