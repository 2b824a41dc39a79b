/**
 * What the knowledge feature keeps about a person, for `privacy export` / `privacy delete`: their
 * proposals and draft, and the decisions they made as a curator. Erasing drops their pending, rejected
 * and sent-back proposals and their draft; an approved proposal stays (it is the workspace's practice
 * now) without their name or address; a curator's decisions stay without their name.
 */
import type { PersonalDataSource } from '../privacy/personal-data.js';
import { proposalStore, type Proposal } from './store.js';

const withoutAddress = ({ address: _address, ...rest }: Proposal) => rest;

export const proposalData: PersonalDataSource = {
  name: 'proposals',
  describeKey: 'knowledge.privacy.proposals',
  async export({ stores }, scope, user) {
    const s = proposalStore(stores.store);
    const mine = (await s.list(scope)).filter((p) => p.proposer.id === user).map(withoutAddress);
    const draft = await s.drafts.get(scope, user);
    return draft ? [...mine, { draft }] : mine;
  },
  async erase({ stores }, scope, user) {
    const s = proposalStore(stores.store);
    let n = 0;
    for (const p of await s.list(scope)) {
      if (p.proposer.id !== user) continue;
      if (p.status === 'approved') await s.put(scope, { ...withoutAddress(p), proposer: { id: '' } }, p.status);
      else await s.remove(scope, p);
      n++;
    }
    if (await s.drafts.delete(scope, user)) n++;
    return n;
  },
};

export const decisionData: PersonalDataSource = {
  name: 'proposal-decisions',
  describeKey: 'knowledge.privacy.decisions',
  async export({ stores }, scope, user) {
    const decided = (await proposalStore(stores.store).list(scope)).filter((p) => p.decision?.by.id === user);
    return decided.map((p) => ({ proposal: p.id, title: p.title, status: p.status, ...p.decision }));
  },
  async erase({ stores }, scope, user) {
    const s = proposalStore(stores.store);
    let n = 0;
    for (const p of await s.list(scope)) {
      if (p.decision?.by.id !== user) continue;
      await s.put(scope, { ...p, decision: { ...p.decision, by: { id: '' } } }, p.status);
      n++;
    }
    return n;
  },
};
