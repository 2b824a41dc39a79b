/**
 * Who may talk to `/api/messages`, and where the bot may post. Pure (no botbuilder), so the rules are
 * tested on their own and shared by the inbound route and the proactive Sender.
 *
 * - `authenticated` (MICROSOFT_APP_ID set): every request carries a Bot Framework token (checked by
 *   botbuilder); the activity's serviceUrl must be https on a documented Bot Framework service host.
 * - `local` (TEAMS_LOCAL=1): no tokens, so the server listens on 127.0.0.1 and refuses non-loopback
 *   peers; serviceUrls must be loopback, without userinfo, query or fragment, with an empty path or the
 *   path of a known local client (Agents Playground: `/_connector`).
 * - In both: `deliveryMode: "expectReplies"` is refused (answers would come back in the HTTP response),
 *   and an activity must name its tenant and come from Teams (`msteams`; `emulator` too in local mode).
 */
import type { TeamsMode } from '../../config.js';

/**
 * Bot Connector hosts of Microsoft Teams: public cloud, GCC, GCC High, DoD (Microsoft's
 * TeamsServiceEndpoints / TeamsProactiveServiceEndpoints). Paths vary by region (`/emea/`, `/amer/`, `/teams/`).
 */
export const TEAMS_SERVICE_HOSTS: readonly string[] = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

/** Paths of local clients' connectors: Microsoft 365 Agents Playground serves its connector at `/_connector`. */
export const LOCAL_CONNECTOR_PATHS: readonly string[] = ['', '/', '/_connector', '/_connector/'];

const CHANNELS: Record<Exclude<TeamsMode, 'off'>, readonly string[]> = {
  authenticated: ['msteams'],
  local: ['msteams', 'emulator'],
};

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback (`::ffff:127.0.0.1`), as a socket reports a peer. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why this serviceUrl may not be posted to in this mode, or null when it may. */
export function serviceUrlProblem(raw: unknown, mode: TeamsMode): string | null {
  if (mode === 'off') return 'Teams is not enabled';
  if (typeof raw !== 'string' || raw.length > 2000) return 'serviceUrl is missing';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'serviceUrl is not a URL';
  }
  // `new URL` drops an empty `?` or `#`: look at the raw text too.
  if (url.username || url.password || raw.includes('@')) return 'serviceUrl may not carry credentials';
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) return 'serviceUrl may not carry a query or fragment';
  if (mode === 'local') {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'serviceUrl must be http(s)';
    if (!isLoopbackHost(url.hostname)) return 'local mode accepts only loopback service URLs (set MICROSOFT_APP_ID for Teams)';
    if (!LOCAL_CONNECTOR_PATHS.includes(url.pathname)) return 'local mode accepts only the service URL of a local client (empty path or /_connector)';
    return null;
  }
  if (url.protocol !== 'https:') return 'serviceUrl must be https';
  if (url.port && url.port !== '443') return 'serviceUrl may not name a port';
  if (!TEAMS_SERVICE_HOSTS.includes(url.hostname.toLowerCase())) return 'serviceUrl is not a Bot Framework service of Microsoft Teams';
  return null;
}

/** The fields of an inbound activity the policy reads (already type-checked by the route's schema). */
export interface InboundFacts {
  serviceUrl: string;
  channelId: string;
  deliveryMode?: string | undefined;
  conversation: { tenantId?: string | undefined };
  channelData?: { tenant?: { id?: string | undefined } | undefined } | undefined;
}

export interface Refusal {
  status: 400 | 403;
  error: string;
}

/** Null when the activity may be processed in this mode, else the HTTP answer. */
export function inboundRefusal(activity: InboundFacts, mode: TeamsMode): Refusal | null {
  if (mode === 'off') return { status: 403, error: 'Teams is not enabled' };
  if (activity.deliveryMode !== undefined && activity.deliveryMode !== 'normal' && activity.deliveryMode !== 'notification') {
    return { status: 400, error: `deliveryMode "${activity.deliveryMode.slice(0, 40)}" is not supported` };
  }
  if (!CHANNELS[mode].includes(activity.channelId)) return { status: 403, error: `channel "${activity.channelId.slice(0, 40)}" is not accepted` };
  const fromConversation = activity.conversation.tenantId?.trim();
  const fromChannelData = activity.channelData?.tenant?.id?.trim();
  if (!fromConversation && !fromChannelData) return { status: 400, error: 'the activity names no tenant (conversation.tenantId or channelData.tenant.id)' };
  if (fromConversation && fromChannelData && fromConversation !== fromChannelData) return { status: 400, error: 'the activity names two different tenants' };
  const problem = serviceUrlProblem(activity.serviceUrl, mode);
  if (problem) return { status: 403, error: problem };
  return null;
}
