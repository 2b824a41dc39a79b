/** What peers keeps about a person, for `privacy export` / `privacy delete`. */
import type { PersonalDataSource } from '../privacy/personal-data.js';
import { listContacts, listIntros, peerStores } from './store.js';

export const peerContactData: PersonalDataSource = {
  name: 'contact',
  describeKey: 'privacy.data.contact',
  async export({ stores }, scope, user) {
    return (await listContacts(peerStores(stores.store), scope)).filter((c) => c.user === user);
  },
  async erase({ stores }, scope, user) {
    const s = peerStores(stores.store);
    let n = 0;
    for (const c of await listContacts(s, scope)) if (c.user === user && (await s.contact.delete(scope, `${c.city}|${c.user}`))) n++;
    return n;
  },
};

/** Introductions the person asked for; for the other side only their user id is kept, and it is removed. */
export const peerIntroData: PersonalDataSource = {
  name: 'introductions',
  describeKey: 'privacy.data.intros',
  async export({ stores }, scope, user) {
    const intros = await listIntros(peerStores(stores.store), scope);
    return intros.filter((i) => i.requester === user || i.contact === user).map(({ address: _address, ...rest }) => rest);
  },
  async erase({ stores }, scope, user) {
    const s = peerStores(stores.store);
    let n = 0;
    for (const id of await s.intro.ids(scope)) {
      const intro = await s.intro.get(scope, id);
      if (!intro) continue;
      if (intro.requester === user) {
        if (await s.intro.delete(scope, id)) n++;
      } else if (intro.contact === user) {
        const { contact: _c, contactName: _n, ...rest } = intro;
        await s.intro.set(scope, id, rest);
        n++;
      }
    }
    for (const id of await s.decline.ids(scope, `${user}|`)) if (await s.decline.delete(scope, id)) n++;
    return n;
  },
};
