/**
 * One gentle reminder for an unfinished self-check: a one-off job due three days after the last
 * answer (moved on every answer, cancelled when the run ends), which sends one DM with a
 * "continue" button to where the run started.
 */
import { z } from 'zod';
import { cityDirectory } from '../cities/choose.js';
import { button } from '../core/intent.js';
import { SendError } from '../core/sender.js';
import type { Scope } from '../core/turn.js';
import type { JobQueue } from '../scheduler/jobs.js';
import type { JobHandlerFactory } from '../feature.js';
import { REMINDER_AFTER_MS, REMINDER_KIND, reminderJobId, selfcheckStores, type Run } from './model.js';

export async function scheduleReminder(jobs: JobQueue, scope: Scope, run: Run): Promise<void> {
  if (run.remindedAt) return;
  await jobs.schedule(scope, {
    id: reminderJobId(run.user),
    kind: REMINDER_KIND,
    dueAt: new Date(new Date(run.updatedAt).getTime() + REMINDER_AFTER_MS),
    data: { user: run.user, run: run.id },
  });
}

export async function cancelReminder(jobs: JobQueue, scope: Scope, user: string): Promise<void> {
  await jobs.cancel(scope, reminderJobId(user));
}

const ReminderData = z.object({ user: z.string().min(1), run: z.string().min(1) });

export const selfcheckJobHandlers: JobHandlerFactory = ({ app, senders }) => [
  [
    REMINDER_KIND,
    async (job) => {
      const data = ReminderData.safeParse(job.data);
      if (!data.success) {
        app.log.warn('self-check reminder with a bad payload dropped', { job: job.id });
        return;
      }
      const { runs } = selfcheckStores(app.stores.store);
      const run = await runs.get(job.scope, data.data.user);
      // Finished, cancelled, restarted or already reminded: nothing to do.
      if (!run || run.id !== data.data.run || run.remindedAt) return;
      const now = app.clock.now();
      const due = new Date(run.updatedAt).getTime() + REMINDER_AFTER_MS;
      if (now.getTime() < due) {
        await scheduleReminder(app.jobs, job.scope, run);
        return;
      }
      const t = app.bot.deps.i18n.translator(run.locale);
      const city = cityDirectory(app.content).get(run.city)?.name ?? run.city;
      const replies = [
        {
          text: t('selfcheck.reminder.text', { city, answered: run.questions.filter((q) => run.answers[q] !== undefined).length, total: run.questions.length }),
          buttons: [button(t('selfcheck.reminder.continue'), 'selfcheck', 'continue', { r: run.id }, 'primary')],
        },
      ];
      try {
        let address = run.address;
        if (address.kind !== 'dm') {
          const dm = await senders.for(address.platform)?.openConversation(job.scope, [run.user]);
          if (dm) address = dm;
        }
        await senders.send(address, replies);
      } catch (err) {
        // A conversation that is gone or closed to the bot will not come back: remind no more.
        if (!(err instanceof SendError && (err.reason === 'gone' || err.reason === 'forbidden'))) throw err;
        app.log.warn('self-check reminder not deliverable', { job: job.id, reason: err.reason });
      }
      await runs.set(job.scope, run.user, { ...run, remindedAt: now.toISOString() });
    },
  ],
];
