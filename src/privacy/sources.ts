/** The personal data the assistant keeps whatever the feature: profile, dialogs, scheduled messages, undelivered exports. */
import type { PersonalDataSource } from './personal-data.js';
import { exportsOf, removeExportsOf } from './files.js';

export const profileData: PersonalDataSource = {
  name: 'profile',
  describeKey: 'privacy.data.profile',
  export: async ({ stores }, scope, user) => (await stores.profile.get(scope, user)) ?? null,
  erase: async ({ stores }, scope, user) => ((await stores.profile.delete(scope, user)) ? 1 : 0),
};

export const dialogData: PersonalDataSource = {
  name: 'dialog',
  describeKey: 'privacy.data.dialog',
  async export({ stores }, scope, user) {
    const ids = await stores.dialog.ids(scope, `${user}|`);
    return Promise.all(ids.map(async (id) => ({ conversation: id.slice(user.length + 1), ...(await stores.dialog.get(scope, id)) })));
  },
  async erase({ stores }, scope, user) {
    let n = 0;
    for (const id of await stores.dialog.ids(scope, `${user}|`)) if (await stores.dialog.delete(scope, id)) n++;
    return n;
  },
};

export const jobData: PersonalDataSource = {
  name: 'scheduled-messages',
  describeKey: 'privacy.data.jobs',
  async export({ jobs }, scope, user) {
    return (await jobs.list(scope)).filter((j) => j.data.user === user).map((j) => ({ kind: j.kind, dueAt: j.dueAt }));
  },
  async erase({ jobs }, scope, user) {
    let n = 0;
    for (const j of await jobs.list(scope)) {
      if (j.data.user !== user) continue;
      await jobs.cancel(scope, j.id);
      n++;
    }
    return n;
  },
};

/** Export files not delivered yet (removed once delivered, or after an hour). */
export const exportFileData: PersonalDataSource = {
  name: 'export-files',
  describeKey: 'privacy.data.exports',
  export: async ({ dataDir }, scope, user) => exportsOf(dataDir, scope, user).length,
  erase: async ({ dataDir }, scope, user) => removeExportsOf(dataDir, scope, user),
  count: async ({ dataDir }, scope, user) => exportsOf(dataDir, scope, user).length,
};

