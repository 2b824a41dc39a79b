/**
 * The gaps feature's personal data: the questions a person asked the network channel. Gap counts are
 * not here because they hold no person (src/gaps/store.ts).
 */
import type { PersonalDataSource } from '../privacy/personal-data.js';
import { networkQuestions, type NetworkQuestion } from './network.js';

export const networkQuestionData: PersonalDataSource = {
  name: 'network-question',
  describeKey: 'privacy.data.networkQuestion',
  noteKey: 'gaps.privacyNote',
  async export({ stores }, scope, user) {
    const ns = networkQuestions(stores.store);
    const out: NetworkQuestion[] = [];
    // Keys start with the person's id: one prefix read, never another person's record.
    for (const id of await ns.ids(scope, `${user}|`)) {
      const q = await ns.get(scope, id);
      if (q?.user === user) out.push(q);
    }
    return out;
  },
  async erase({ stores }, scope, user) {
    const ns = networkQuestions(stores.store);
    let n = 0;
    for (const id of await ns.ids(scope, `${user}|`)) if ((await ns.get(scope, id))?.user === user && (await ns.delete(scope, id))) n++;
    return n;
  },
};
