/**
 * Bot Framework authentication that reuses connector clients across turns. CloudAdapter asks its
 * authentication for a new ConnectorClient (an HTTP pipeline of a dozen policies) and a new
 * UserTokenClient on every inbound activity and every proactive send; building them cost more CPU
 * than the rest of an echo turn. They hold no per-turn state (the access token lives in the SDK's
 * process-wide token cache), so one per bot app id, service URL and audience is enough, which is
 * what BotFrameworkAdapter, CloudAdapter's predecessor, kept too.
 *
 * Everything else (request authentication, credentials, endpoints) is the configured
 * ConfigurationBotFrameworkAuthentication's own.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** Service URLs are a handful per cloud region; past this many something is off, so start afresh. */
export const MAX_CLIENTS = 256;

/**
 * The bot app id the SDK builds a turn's clients for: the audience claim of a channel's token, the
 * appid claim of an emulator's (as in ParameterizedBotFrameworkAuthentication).
 */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
}

/** A bounded map of promises: concurrent first uses share one creation; a failed one is not kept. */
export class ClientCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, create: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit;
    if (this.entries.size >= MAX_CLIENTS) this.entries.clear();
    const made = create();
    this.entries.set(key, made);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}

export class ClientReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new ClientCache<ConnectorClient>();
  private readonly userTokens = new ClientCache<UserTokenClient>();

  /** Connector clients and user token clients currently kept (for tests). */
  get cachedClients(): number {
    return this.connectors.size + this.userTokens.size;
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(...args);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusing(result.claimsIdentity, result.connectorFactory) };
  }

  override createConnectorFactory(identity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(identity, super.createConnectorFactory(identity));
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokens.get(appIdOf(identity), () => super.createUserTokenClient(identity));
  }

  /** `factory`, with its clients kept per service URL and audience (it was built for this identity's app id). */
  private reusing(identity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(identity);
    return {
      create: (serviceUrl: string, audience?: string) => this.connectors.get(JSON.stringify([appId, serviceUrl, audience ?? null]), () => factory.create(serviceUrl, audience)),
    };
  }
}
