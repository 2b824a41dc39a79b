/** What a platform adapter contributes to `serve`: HTTP routes, a Sender for proactive messages, lifecycle. */
import type { App } from '../app.js';
import type { Sender, Senders } from '../core/sender.js';
import type { HttpRoute } from '../server/http.js';

export interface PlatformAdapter {
  name: string;
  routes: HttpRoute[];
  sender?: Sender;
  stop?(): Promise<void>;
}

/** Returns null when the platform is not configured (the server then does not mount it). */
export type AdapterFactory = (app: App, senders: Senders) => Promise<PlatformAdapter | null>;
