/**
 * The shape a signed Slack payload must have before it is handed to Bolt. Bolt trusts the body it is
 * given (it reads `event.channel`, `team.id`, `user.team_id`, `actions`... without checking) and a
 * malformed one makes it throw before any listener acks, which would become a 5xx; ids are also used
 * as keys of plain objects inside Bolt (`toString`, `__proto__`). Pure: no I/O, no SDK. Returns null
 * when the payload may go on, else the reason it is refused (the receiver answers 400).
 */
import { z } from 'zod';

/** Slack ids (team, enterprise, user, channel): upper-case letter or digit first, so never an Object.prototype key. */
const SlackId = z.string().regex(/^[A-Z0-9][A-Za-z0-9._-]{0,63}$/);
const OptId = SlackId.nullish();
const Obj = z.record(z.string(), z.unknown());

const Authorization = z.object({ team_id: OptId, enterprise_id: OptId, is_enterprise_install: z.boolean().optional() });

const EventBody = z.object({
  team_id: OptId,
  enterprise_id: OptId,
  authorizations: z.array(Authorization).optional(),
  event: z.object({
    type: z.string().min(1).max(100),
    channel: z.union([z.string(), z.object({ id: z.string().optional(), creator: z.string().optional() })]).optional(),
    channel_id: z.string().optional(),
    user: z.union([z.string(), z.object({ id: z.string() })]).optional(),
    item: Obj.optional(),
  }),
});

const CommandBody = z.object({
  command: z.string().min(1).max(100),
  team_id: SlackId,
  enterprise_id: z.union([SlackId, z.literal('')]).optional(),
  channel_id: z.string().max(100).optional(),
  user_id: z.string().max(100).optional(),
  is_enterprise_install: z.enum(['true', 'false']).optional(),
});

const Team = z.object({ id: SlackId, enterprise_id: OptId }).nullish();
const InteractionBody = z.object({
  type: z.string().max(100).optional(),
  user: z.object({ id: z.string().max(100), team_id: OptId }),
  team: Team,
  enterprise: z.object({ id: SlackId }).nullish(),
  channel: z.object({ id: z.string().max(100).optional() }).optional(),
  is_enterprise_install: z.boolean().optional(),
  callback_id: z.string().max(255).optional(),
  // Bolt matches listeners with string methods on these ids.
  actions: z.array(z.object({ action_id: z.string().max(255).optional(), block_id: z.string().max(255).optional(), type: z.string().max(100).optional() })).min(1).optional(),
  action_id: z.string().max(255).optional(),
  block_id: z.string().max(255).optional(),
  view: z.object({ app_installed_team_id: OptId, callback_id: z.string().max(255).optional() }).optional(),
});

function tenantOfEvent(b: z.infer<typeof EventBody>): string | null | undefined {
  const auth = b.authorizations?.[0];
  return auth?.team_id ?? b.team_id ?? auth?.enterprise_id ?? b.enterprise_id;
}

/** Why Bolt must not see this payload, or null when it may. Mirrors Bolt's own order of checks. */
export function refusal(body: Record<string, unknown>): string | null {
  if (body.event !== undefined) {
    const r = EventBody.safeParse(body);
    if (!r.success) return 'malformed event envelope';
    return tenantOfEvent(r.data) ? null : 'event without a workspace';
  }
  if (body.command !== undefined) return CommandBody.safeParse(body).success ? null : 'malformed slash command';
  const interactive =
    body.name !== undefined ||
    body.actions !== undefined ||
    ['block_suggestion', 'dialog_submission', 'workflow_step_edit', 'shortcut', 'message_action', 'view_submission', 'view_closed', 'block_actions'].includes(String(body.type));
  if (!interactive) return null; // Bolt ignores what it cannot classify.
  const r = InteractionBody.safeParse(body);
  if (!r.success) return 'malformed interaction payload';
  const b = r.data;
  if ((body.type === 'view_submission' || body.type === 'view_closed') && !b.view) return 'view payload without a view';
  if (!(b.view?.app_installed_team_id ?? b.team?.id ?? b.user.team_id ?? b.enterprise?.id)) return 'interaction without a workspace';
  return null;
}
