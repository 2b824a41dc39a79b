/**
 * What nudges keeps about a person: the DM address used to tell them a channel broke, and their
 * name on the subscriptions they set or changed. Subscriptions belong to the channel and stay; on
 * delete the person's name is removed from them.
 */
import type { PersonalDataSource } from '../privacy/personal-data.js';
import { Subscriptions } from './subscriptions.js';

export const nudgeData: PersonalDataSource = {
  name: 'nudges',
  describeKey: 'privacy.data.nudges',
  async export({ stores }, scope, user) {
    const subs = new Subscriptions(stores.store);
    const out: unknown[] = [];
    for (const id of await subs.ids(scope)) {
      const sub = await subs.get(scope, id);
      if (sub && (sub.createdBy.id === user || sub.updatedBy.id === user))
        out.push({ channel: id, day: sub.day, time: sub.time, timeZone: sub.timeZone, createdBy: sub.createdBy, updatedBy: sub.updatedBy });
    }
    return { directMessageAddressKept: Boolean(await subs.contacts.get(scope, user)), subscriptions: out };
  },
  async count(deps, scope, user) {
    const kept = (await nudgeData.export(deps, scope, user)) as { directMessageAddressKept: boolean; subscriptions: unknown[] };
    return (kept.directMessageAddressKept ? 1 : 0) + kept.subscriptions.length;
  },
  async erase({ stores }, scope, user) {
    const subs = new Subscriptions(stores.store);
    let n = (await subs.contacts.delete(scope, user)) ? 1 : 0;
    for (const id of await subs.ids(scope)) {
      const sub = await subs.get(scope, id);
      if (!sub || (sub.createdBy.id !== user && sub.updatedBy.id !== user)) continue;
      const anonymous = (p: { id: string; name?: string }) => (p.id === user ? { id: p.id } : p);
      await subs.put(scope, id, { ...sub, createdBy: anonymous(sub.createdBy), updatedBy: anonymous(sub.updatedBy) });
      n++;
    }
    return n;
  },
};
