/**
 * `icc-assistant practices pending|show|approve|reject|export`: the curators' work from the command line,
 * in one workspace (`--platform` / `--tenant`, the console's by default). A decision made here reaches
 * the proposer through a `knowledge.decision` job that `serve` runs; other replicas' searches pick an
 * approval up on their next tick. `export` prints the approved practices as content/practices lines.
 */
import { parseArgs } from 'node:util';
import { workspaceScope } from '../cli-scope.js';
import type { App } from '../feature.js';
import type { CliIO } from '../cli-io.js';
import type { Config } from '../config.js';
import { AppError, UsageError } from '../core/errors.js';
import { approvedPractices } from './practice.js';
import { DECISION_JOB, decide } from './review.js';
import { proposalStore, type Proposal } from './store.js';
import { PROPOSAL_ID } from './submit.js';

const USAGE = 'usage: icc-assistant practices pending [--json] | show <id> [--json] | approve <id> --curator <name> | reject <id> --curator <name> --reason "<text>" | export  [--platform console|slack|teams] [--tenant T]';
const SUBCOMMANDS = ['pending', 'show', 'approve', 'reject', 'export'];

function line(io: CliIO, s: string) {
  io.stdout.write(s.endsWith('\n') ? s : s + '\n');
}

const summaryOf = (p: Proposal) => ({ id: p.id, title: p.title, city: p.city, submittedBy: p.proposer.name ?? p.proposer.id, submittedAt: p.submittedAt });

export async function practicesCommand(args: string[], io: CliIO, config: Readonly<Config>, openApp: () => Promise<App>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { platform: { type: 'string' }, tenant: { type: 'string' }, json: { type: 'boolean' }, curator: { type: 'string' }, reason: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  const [sub, id, ...extra] = positionals;
  if (!sub || !SUBCOMMANDS.includes(sub) || extra.length) throw new UsageError(USAGE);
  const scope = workspaceScope(values);
  const needsId = sub === 'show' || sub === 'approve' || sub === 'reject';
  if (needsId && !id) throw new UsageError(`practices ${sub} needs a proposal id (see icc-assistant practices pending)`);
  if (!needsId && id) throw new UsageError(USAGE);
  if (id && !PROPOSAL_ID.test(id)) throw new UsageError(`"${id.slice(0, 40)}" is not a proposal id (see icc-assistant practices pending)`);
  const curator = values.curator?.trim();
  if ((sub === 'approve' || sub === 'reject') && !curator) throw new UsageError(`practices ${sub} needs --curator <name>: the decision is recorded under it`);
  const reason = values.reason?.trim();
  if (sub === 'reject' && !reason) throw new UsageError('practices reject needs --reason "<text>": it is sent to the proposer');

  const app = await openApp();
  try {
    const store = proposalStore(app.stores.store);
    const found = id ? await store.get(scope, id) : undefined;
    if (id && !found) throw new UsageError(`no proposal ${id} in ${scope.platform}/${scope.tenant}`);
    switch (sub) {
      case 'pending': {
        const pending = (await store.list(scope, ['pending'])).map(summaryOf);
        if (values.json) line(io, JSON.stringify({ pending }));
        else if (pending.length === 0) line(io, `No proposal is waiting in ${scope.platform}/${scope.tenant}.`);
        else for (const p of pending) line(io, `${p.id}  ${p.submittedAt.slice(0, 10)}  ${p.city}  ${p.title}  (${p.submittedBy || 'erased'})`);
        return 0;
      }
      case 'show': {
        const { address: _address, ...p } = found!;
        if (values.json) line(io, JSON.stringify(p));
        else {
          const lines = [`${p.id} [${p.status}] ${p.title}`, `  city: ${p.city}  year: ${p.year}  areas: ${p.areas.join(', ')}`, `  source: ${p.source}`, `  by: ${p.proposer.name ?? p.proposer.id} at ${p.submittedAt}`, `  ${p.summary}`];
          if (p.decision) lines.push(`  decision: ${p.decision.by.name ?? p.decision.by.id} at ${p.decision.at}${p.decision.comment ? `: ${p.decision.comment}` : ''}`);
          if (p.practiceId) lines.push(`  practice: ${p.practiceId} (verified ${p.verified})`);
          line(io, lines.join('\n'));
        }
        return 0;
      }
      case 'approve':
      case 'reject': {
        const r = await decide(app.stores.store, app.content, scope, id!, { kind: sub, by: { id: curator!, name: curator! }, now: app.clock.now(), ...(reason ? { comment: reason } : {}) });
        if (!r.ok) throw new AppError('CONFLICT', r.reason === 'unknown' ? `no proposal ${id} in ${scope.platform}/${scope.tenant}` : `proposal ${id} was already ${r.status}`);
        // `serve` tells the proposer on its next tick.
        await app.jobs.schedule(scope, { id: `knowledge-decision|${id}`, kind: DECISION_JOB, dueAt: app.clock.now(), data: { id: id! } });
        line(io, sub === 'approve' ? `approved ${id} as practice ${r.proposal.practiceId}` : `rejected ${id}`);
        return 0;
      }
      default: {
        for (const p of await approvedPractices(app.stores.store, scope, app.content)) line(io, JSON.stringify(p));
        return 0;
      }
    }
  } finally {
    await app.close();
  }
}
