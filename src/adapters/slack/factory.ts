/**
 * The registry's entry for Slack. It loads Bolt (and the rest of the adapter) only when Slack is
 * configured, so `icc-assistant chat`, `search` and `route` do not pay for importing the SDK.
 */
import type { AdapterFactory } from '../platform.js';

export const slackAdapterFactory: AdapterFactory = async (app, senders) => {
  const { signingSecret, botToken, clientId, clientSecret, stateSecret } = app.config.slack;
  if (!signingSecret && !botToken && !clientId && !clientSecret && !stateSecret) return null;
  const { createSlackAdapter } = await import('./index.js');
  return createSlackAdapter(app, senders);
};
