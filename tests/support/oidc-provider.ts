import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type AccountClaims } from "oidc-provider";

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a random port of 127.0.0.1, for
 * the single sign-on tests (tests/integration/sso-oidc.test.ts, tests/e2e/auth/sso.spec.ts). Its
 * login and consent pages answer at once: signed in as the account `loginAs` names, with the scopes
 * asked for granted. Each account says which claims go in its ID token and which come from
 * userinfo, so that the tests can play any provider's shape (the OpenID default puts the email
 * in userinfo only; Entra ID sends preferred_username and upn instead).
 */
export interface ProviderAccount {
  idToken: Record<string, unknown>;
  userinfo: Record<string, unknown>;
}

export interface TestProvider {
  issuer: string;
  /** Adds or replaces an account (its key is its `sub`). */
  account(key: string, shape: ProviderAccount): void;
  /** Who the next login signs in as. */
  loginAs(key: string): void;
  stop(): Promise<void>;
}

export async function startOidcProvider(clients: { clientId: string; clientSecret: string; redirectUri: string }[]): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();
  let current = "";

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({ client_id: c.clientId, client_secret: c.clientSecret, redirect_uris: [c.redirectUri] })),
    // Like Entra ID, claims of its own beside the standard ones: upn, and the groups.
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username", "upn", "groups"] },
    // Any claim of the scopes asked for may go in the ID token: each account says which it puts there.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [`test-provider-${issuer}`] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    async findAccount(_ctx, id) {
      const shape = accounts.get(id);
      if (!shape) return undefined;
      return { accountId: id, claims: async (use: string) => ({ sub: id, ...(use === "id_token" ? shape.idToken : shape.userinfo) }) as AccountClaims };
    },
  });
  const handle = provider.callback();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith("/interaction/")) return void handle(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: current, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: current }, consent: { grantId } }, { mergeWithLastSubmission: false });
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  return {
    issuer,
    account: (key, shape) => void accounts.set(key, shape),
    loginAs: (key) => void (current = key),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
