/**
 * What the Slack adapter keeps in the store, always under the workspace (team / enterprise) scope,
 * with its retention. The README's Slack section lists the same table.
 */
import type { Namespace, Store } from '../../core/store.js';
import type { Scope } from '../../core/turn.js';
import type { SlackMessage } from './render.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export const SLACK_RETENTION = {
  /** users.info locale and time zone. */
  userInfoMs: DAY,
  /** A failed users.info is not retried for this long. */
  userInfoFailureMs: 10 * 60 * 1000,
  /** An ephemeral result the user may still share to the channel. */
  shareMs: DAY,
  /** Button data too long for Slack's 2,000-character value: buttons older than this answer "expired". */
  payloadMs: 30 * DAY,
} as const;

export interface Installation {
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  isEnterpriseInstall: boolean;
  appId?: string;
  botToken: string;
  botUserId: string;
  botId?: string;
  scopes: string[];
  installerUserId?: string;
  installedAt: string;
}

export interface UserInfo {
  locale?: string;
  timeZone?: string;
}

export interface ShareEntry {
  user: string;
  channel: string;
  thread?: string;
  message: SlackMessage;
}

export interface SlackState {
  installations: Namespace<Installation>;
  users: Namespace<UserInfo>;
  shares: Namespace<ShareEntry>;
  payloads: Namespace<string>;
}

export function createSlackState(store: Store): SlackState {
  return {
    installations: store.namespace<Installation>('slack-installation'),
    users: store.namespace<UserInfo>('slack-user', { ttlMs: SLACK_RETENTION.userInfoMs }),
    shares: store.namespace<ShareEntry>('slack-share', { ttlMs: SLACK_RETENTION.shareMs }),
    payloads: store.namespace<string>('slack-payload', { ttlMs: SLACK_RETENTION.payloadMs }),
  };
}

export function slackScope(tenant: string): Scope {
  return { platform: 'slack', tenant };
}
