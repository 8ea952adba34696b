// A real OpenID Connect provider in the test process (the npm package oidc-provider), on
// 127.0.0.1 and a free port, plus a minimal "browser" that follows redirects by hand and keeps
// cookies, so a test can walk the whole authorization code flow with plain fetch.
//
// Instead of login and consent pages, the provider's interaction URL signs in whichever account
// the test chose with `signInAs` and grants every scope asked for (or refuses with
// access_denied). Clients can be registered after start, because a test node's redirect URI is
// known only once the node has its port: registering rebuilds the provider with the same keys.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors, type Adapter, type AdapterPayload, type ClientMetadata, type Configuration } from 'oidc-provider';

/** The provider's storage: one Map per model, shared by every rebuild of the provider. */
function memoryAdapters(): (name: string) => Adapter {
  const models = new Map<string, Map<string, AdapterPayload>>();
  return (name) => {
    const m = models.get(name) ?? new Map<string, AdapterPayload>();
    models.set(name, m);
    const find = (pred: (p: AdapterPayload) => boolean): Promise<AdapterPayload | undefined> => Promise.resolve([...m.values()].find(pred));
    return {
      upsert: (id, payload) => Promise.resolve(void m.set(id, payload)),
      find: (id) => Promise.resolve(m.get(id)),
      findByUid: (uid) => find((p) => p.uid === uid),
      findByUserCode: (code) => find((p) => p.userCode === code),
      consume: (id) => Promise.resolve(void m.set(id, { ...m.get(id), consumed: Math.floor(Date.now() / 1000) })),
      destroy: (id) => Promise.resolve(void m.delete(id)),
      revokeByGrantId: (grantId) => Promise.resolve(void [...m].filter(([, p]) => p.grantId === grantId).forEach(([id]) => m.delete(id))),
    };
  };
}

/** A user at the provider: `sub` and the claims it releases. */
export interface IdpAccount {
  readonly sub: string;
  readonly preferred_username?: string;
  readonly email?: string;
  readonly groups?: readonly string[];
}

export interface TestIdp {
  /** `http://127.0.0.1:<port>` */
  readonly issuer: string;
  /** Registers (or replaces) a client. */
  registerClient(client: ClientMetadata): void;
  /** Who the next interactions sign in as; 'deny' makes the provider answer access_denied. */
  signInAs(account: IdpAccount | 'deny'): void;
  close(): Promise<void>;
}

export async function startTestIdp(): Promise<TestIdp> {
  const jwk = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const accounts = new Map<string, IdpAccount>();
  const clients = new Map<string, ClientMetadata>();
  let current: IdpAccount | 'deny' = 'deny';
  let provider: Provider | undefined;
  let issuer = '';
  const adapter = memoryAdapters();

  const configuration = (): Configuration => ({
    adapter,
    clients: [...clients.values()],
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    jwks: { keys: [jwk] },
    cookies: { keys: ['a test provider cookie key'] },
    claims: { openid: ['sub'], profile: ['preferred_username'], email: ['email'], groups: ['groups'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true, methods: ['S256'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const a = accounts.get(sub);
      return a === undefined ? undefined : { accountId: sub, claims: () => ({ ...a, sub, ...(a.groups !== undefined ? { groups: [...a.groups] } : {}) }) };
    },
  });

  async function interaction(p: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await p.interactionDetails(req, res);
    if (current === 'deny') {
      await p.interactionFinished(req, res, { error: 'access_denied', error_description: 'the test said no' }, { mergeWithLastSubmission: false });
      return;
    }
    accounts.set(current.sub, current);
    const grant = new p.Grant({ accountId: current.sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await p.interactionFinished(req, res, { login: { accountId: current.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const server = createServer((req, res) => {
    const p = provider;
    if (p === undefined) {
      res.writeHead(503).end('no client registered yet');
      return;
    }
    if (req.url?.startsWith('/interaction/') === true) {
      interaction(p, req, res).catch((e: unknown) => {
        res.writeHead(500).end(e instanceof errors.OIDCProviderError ? e.error_description : String(e));
      });
      return;
    }
    void p.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    registerClient(client) {
      clients.set(client.client_id, client);
      provider = new Provider(issuer, configuration());
    },
    signInAs(account) {
      current = account;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e === undefined ? resolve() : reject(e)));
    }),
  };
}

/** One step of a walk through redirects. */
export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location?: string;
}

/**
 * A browser reduced to what the flow needs: a cookie jar for 127.0.0.1 (cookies ignore ports, as
 * in browsers; paths and Max-Age=0 are honoured) and redirects followed one by one.
 */
export class TestBrowser {
  private readonly jar = new Map<string, { value: string; path: string }>();

  /** The value of a cookie in the jar. */
  cookie(name: string): string | undefined {
    return this.jar.get(name)?.value;
  }

  setCookie(name: string, value: string, path = '/'): void {
    this.jar.set(name, { value, path });
  }

  /** The Cookie header this browser would send to `url`. */
  cookieHeader(url: string): string {
    const path = new URL(url).pathname;
    return [...this.jar].filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([n, c]) => `${n}=${c.value}`).join('; ');
  }

  /** One GET without following redirects; keeps the cookies it sets. */
  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const cookie = this.cookieHeader(url);
    const res = await fetch(url, { redirect: 'manual', headers: { ...headers, ...(cookie !== '' ? { cookie } : {}) } });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const path = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const maxAge = attrs.find((a) => a.toLowerCase().startsWith('max-age='));
      const expired = attrs.some((a) => a.toLowerCase().startsWith('expires=') && Date.parse(a.slice(8)) < Date.now());
      if (maxAge === 'Max-Age=0' || maxAge === 'max-age=0' || expired) this.jar.delete(name);
      else this.jar.set(name, { value: pair.slice(eq + 1), path });
    }
    return res;
  }

  /**
   * Follows redirects from `url` until an answer that is not a redirect, or until `stop` says so
   * for the next URL (which is then not requested). Returns every hop and the last answer.
   */
  async walk(url: string, stop: (next: URL) => boolean = () => false, maxHops = 15): Promise<{ hops: Hop[]; last: Response; next?: string }> {
    const hops: Hop[] = [];
    let here = url;
    for (let i = 0; i < maxHops; i++) {
      const res = await this.get(here);
      const location = res.headers.get('location') ?? undefined;
      hops.push({ url: here, status: res.status, ...(location !== undefined ? { location } : {}) });
      if (res.status < 300 || res.status >= 400 || location === undefined) return { hops, last: res };
      const next = new URL(location, here);
      if (stop(next)) return { hops, last: res, next: next.href };
      await res.body?.cancel();
      here = next.href;
    }
    throw new Error(`more than ${maxHops} redirects: ${hops.map((h) => `${h.status} ${h.url}`).join(' → ')}`);
  }
}
