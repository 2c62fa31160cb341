import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Provider, errors } from 'oidc-provider';
import * as jose from 'jose';

const here = path.dirname(fileURLToPath(import.meta.url));
const HOST = '127.0.0.1';
const PORT = Number(process.env.OP_PORT || 9400);
const ISSUER = process.env.OP_ISSUER || `http://${HOST}:${PORT}`;
const RP_BASE = process.env.RP_BASE || 'http://127.0.0.1:28000';
const RUCIO = process.env.RUCIO_RESOURCE || 'https://rucio.test/';
const TE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const AT_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

const USERS = {
  alice: {
    password: 'alice-pw',
    claims: {
      email: 'alice@example.org', email_verified: true,
      name: 'Alice Tester', preferred_username: 'alice',
      groups: ['escape', 'escape/dev'],
    },
  },
};
async function findAccount(ctx, id) {
  const u = USERS[id];
  if (!u) return undefined;
  return { accountId: id, async claims() { return { sub: id, ...u.claims }; } };
}

// One signing key per machine (start-oidc.sh sets OP_JWKS_FILE): the local Rucio caches the
// provider's keys for hours, so a key made per checkout would be refused there.
const jwksFile = process.env.OP_JWKS_FILE || path.join(here, 'jwks.json');
let jwks;
if (fs.existsSync(jwksFile)) {
  jwks = JSON.parse(fs.readFileSync(jwksFile, 'utf8'));
} else {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  jwks = { keys: [{ ...jwk, kid: 'test-rs256', alg: 'RS256', use: 'sig' }] };
  fs.mkdirSync(path.dirname(jwksFile), { recursive: true });
  fs.writeFileSync(jwksFile, JSON.stringify(jwks), { mode: 0o600 });
}

const configuration = {
  clients: [{
    client_id: 'django-rp',
    client_secret: 'django-rp-secret',
    redirect_uris: [`${RP_BASE}/oidc/callback/`],
    post_logout_redirect_uris: [`${RP_BASE}/`],
    grant_types: ['authorization_code', 'refresh_token', TE],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks,
  findAccount,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  scopes: ['openid', 'offline_access', 'email', 'profile', 'groups', 'rucio'],
  cookies: { keys: ['loopback-test-cookie-key'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    introspection: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo(ctx, resourceIndicator) {
        if (resourceIndicator === RUCIO) {
          return { audience: 'rucio', scope: 'rucio', accessTokenTTL: 3600,
            accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        }
        throw new errors.InvalidTarget();
      },
    },
  },
  extraTokenClaims(ctx, token) {
    if (token.gty === TE && token.actClientId) return { act: { sub: token.actClientId } };
    return undefined;
  },
  ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, RefreshToken: 86400,
         Interaction: 600, Session: 86400, Grant: 86400 },
};

const provider = new Provider(ISSUER, configuration);

// RFC 8693 token exchange (custom grant)
provider.registerGrantType(TE, async (ctx) => {
  const p = ctx.oidc.params;
  if (!p.subject_token) throw new errors.InvalidRequest('missing subject_token');
  if (p.subject_token_type !== AT_TYPE) throw new errors.InvalidRequest('unsupported subject_token_type');
  const subject = await provider.AccessToken.find(p.subject_token);
  if (!subject || subject.isExpired) throw new errors.InvalidGrant('subject_token invalid or expired');
  const account = await findAccount(ctx, subject.accountId);
  if (!account) throw new errors.InvalidGrant('subject account not found');
  const target = p.resource || (p.audience === 'rucio' ? RUCIO : undefined);
  if (target !== RUCIO) throw new errors.InvalidTarget('only the rucio audience is exchangeable here');
  const info = await configuration.features.resourceIndicators.getResourceServerInfo(ctx, RUCIO);
  const client = ctx.oidc.client;
  const grant = new provider.Grant({ accountId: account.accountId, clientId: client.clientId });
  grant.addResourceScope(RUCIO, info.scope);
  const grantId = await grant.save();
  const at = new provider.AccessToken({ accountId: account.accountId, client, grantId, gty: TE, scope: info.scope });
  at.actClientId = subject.clientId;
  at.resourceServer = new provider.ResourceServer(RUCIO, info);
  const value = await at.save();
  ctx.body = { access_token: value, issued_token_type: AT_TYPE, token_type: 'Bearer',
               expires_in: at.expiration, scope: at.scope };
}, ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type',
    'audience', 'resource', 'scope'], ['audience', 'resource']);

// login form + auto-consent
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const loginPage = (uid, clientId, error) => `<!doctype html><html><head><title>Sign-in</title></head><body>
<h1>Sign in to ${esc(clientId)}</h1>${error ? `<p id="error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
<label>Username <input id="username" name="username" autocomplete="username" autofocus></label>
<label>Password <input id="password" name="password" type="password" autocomplete="current-password"></label>
<button id="submit" type="submit">Sign in</button></form></body></html>`;

async function readForm(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

provider.use(async (ctx, next) => {
  const m = ctx.path.match(/^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/);
  if (!m) return next();
  ctx.set('cache-control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { uid, prompt, params, session } = details;
  if (ctx.method === 'GET' && !m[2]) {
    if (prompt.name === 'login') { ctx.type = 'html'; ctx.body = loginPage(uid, params.client_id); return undefined; }
    if (prompt.name === 'consent') {
      const grant = details.grantId ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      const d = prompt.details;
      if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
      if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
      if (d.missingResourceScopes) {
        for (const [ind, sc] of Object.entries(d.missingResourceScopes)) grant.addResourceScope(ind, sc.join(' '));
      }
      const grantId = await grant.save();
      ctx.respond = false;
      return provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
  }
  if (ctx.method === 'POST' && m[2] && prompt.name === 'login') {
    const form = await readForm(ctx.req);
    const username = form.get('username') || '';
    const user = USERS[username];
    if (!user || user.password !== form.get('password')) {
      ctx.status = 401; ctx.type = 'html';
      ctx.body = loginPage(uid, params.client_id, 'Invalid username or password');
      return undefined;
    }
    ctx.respond = false;
    return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
  }
  ctx.status = 400; ctx.body = 'unexpected interaction request';
  return undefined;
});

provider.on('server_error', (ctx, err) => console.error('server_error', err));
provider.listen(PORT, HOST, () => console.log(`oidc-provider ${ISSUER} listening on ${HOST}:${PORT} (node ${process.version})`));
