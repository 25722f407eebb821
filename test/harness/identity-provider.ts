// A real OpenID Connect provider on loopback (the npm `oidc-provider` package, the certified implementation) for
// single sign-on tests, and the Synapse `oidc_providers` entry that trusts it. Its sign-in page is
// oidc-provider's own development form: any login name is accepted and becomes the account (`sub` and
// `preferred_username`), so a test picks the Matrix localpart by what it types. Consent is granted up front
// for the one client, as a company's identity provider does for its own homeserver.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { freePort } from "./homeserver.ts";

export interface IdentityProvider {
  issuer: string;
  /** The `oidc_providers` entry for Synapse's config (pass it in `extraConfig`). */
  synapseEntry: Record<string, unknown>;
  /** The `idp_id` and name Synapse lists it under. */
  id: string;
  name: string;
  close(): Promise<void>;
}

export interface IdentityProviderOptions {
  /** The homeserver's public base URL (`http://127.0.0.1:PORT`), for the redirect URI it registers. */
  homeserverUrl: string;
  id?: string;
  name?: string;
  /**
   * Also publish what an OAuth 2.0 account service (MAS) publishes beyond OpenID discovery, so a Synapse in
   * `matrix_authentication_service` mode accepts its metadata.
   */
  accountService?: boolean;
}

export async function startIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "synapse";
  const clientSecret = randomBytes(24).toString("hex");
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${options.homeserverUrl}/_synapse/client/oidc/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], profile: ["preferred_username", "name"] },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, preferred_username: id, name: `Agent ${id}` }),
    }),
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const oidc = ctx.oidc;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId,
      });
      grant.addOIDCScope("openid profile");
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
    ...(options.accountService ? { discovery: { account_management_uri: `${issuer}/account` } } : {}),
    cookies: { keys: [randomBytes(16).toString("hex")] },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = provider.listen(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  const id = options.id ?? "company";
  const name = options.name ?? "Company SSO";
  return {
    issuer,
    id,
    name,
    synapseEntry: {
      idp_id: id,
      idp_name: name,
      issuer,
      client_id: clientId,
      client_secret: clientSecret,
      scopes: ["openid", "profile"],
      // oidc-provider puts profile claims in userinfo, not the ID token (OIDC's default for code flow).
      user_profile_method: "userinfo_endpoint",
      // The issuer is plain http on loopback, which OIDC discovery's checks would refuse.
      skip_verification: true,
      user_mapping_provider: {
        config: {
          localpart_template: "{{ user.preferred_username }}",
          display_name_template: "{{ user.name }}",
        },
      },
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
