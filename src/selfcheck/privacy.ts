/**
 * What the self-check keeps about a person, for `privacy export` / `privacy delete`: the unfinished
 * run (their answers) is deleted; the city's completed results keep their scores, without the user id
 * and without the notes they wrote.
 * The reminder job is covered by the scheduled-messages source (its data names the user).
 */
import type { PersonalDataSource } from '../privacy/registry.js';
import { removeWithPublishedCopy } from '../server/files.js';
import { selfcheckStores, type SelfCheckResult } from './model.js';
import { chartPath } from './results.js';

export const selfcheckRunData: PersonalDataSource = {
  name: 'selfcheck-run',
  describeKey: 'privacy.data.selfcheckRun',
  async export({ stores }, scope, user) {
    const run = await selfcheckStores(stores.store).runs.get(scope, user);
    if (!run) return null;
    const { address: _address, ...rest } = run;
    return rest;
  },
  async erase({ stores }, scope, user) {
    return (await selfcheckStores(stores.store).runs.delete(scope, user)) ? 1 : 0;
  },
};

export const selfcheckResultData: PersonalDataSource = {
  name: 'selfcheck-result',
  describeKey: 'privacy.data.selfcheckResult',
  async export({ stores }, scope, user) {
    const { results } = selfcheckStores(stores.store);
    const out: SelfCheckResult[] = [];
    for (const id of await results.ids(scope)) {
      const r = await results.get(scope, id);
      if (r?.user === user) out.push(r);
    }
    return out;
  },
  async erase({ stores, dataDir }, scope, user) {
    const { results } = selfcheckStores(stores.store);
    let n = 0;
    for (const id of await results.ids(scope)) {
      const r = await results.get(scope, id);
      if (r?.user !== user) continue;
      // The scores stay the city's; the person and their own words go.
      const { notes: _notes, ...rest } = r;
      await results.set(scope, id, { ...rest, user: '' });
      // The chart drawn for this result, and its copy published for Teams (drawn again when shown).
      removeWithPublishedCopy(dataDir, chartPath(dataDir, scope, r));
      n++;
    }
    return n;
  },
};
