/** The answers to "was this helpful?" and the ranking votes they became: the feedback feature's personal data. */
import type { PersonalDataSource } from '../privacy/personal-data.js';
import { eraseVotes, votesOf } from './boost.js';

export const feedbackData: PersonalDataSource = {
  name: 'feedback',
  describeKey: 'privacy.data.feedback',
  // The answers; the ranking votes (in the export too) are the same answers as they weigh on the ranking.
  async count({ stores }, scope, user) {
    let n = 0;
    for (const id of await stores.feedback.ids(scope)) if ((await stores.feedback.get(scope, id))?.user === user) n++;
    return n;
  },
  async export({ stores }, scope, user) {
    const out = [];
    for (const id of await stores.feedback.ids(scope)) {
      const f = await stores.feedback.get(scope, id);
      if (f?.user === user) out.push(f);
    }
    // The same answers as they weigh on the ranking (src/feedback/boost.ts).
    return { answers: out, rankingVotes: await votesOf(stores.store, scope, user) };
  },
  async erase({ stores }, scope, user) {
    let n = 0;
    for (const id of await stores.feedback.ids(scope)) {
      const f = await stores.feedback.get(scope, id);
      if (f?.user === user && (await stores.feedback.delete(scope, id))) n++;
    }
    return n + (await eraseVotes(stores.store, scope, user));
  },
};

