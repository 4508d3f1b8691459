import { builder, type Role } from '../builder.js';

const RoleEnum = builder.enumType('Role', {
  description: 'What a client may do.',
  values: {
    VIEWER: { description: 'Watch, propose, vote and comment.' },
    MODERATOR: { description: 'Everything a viewer can, plus steering scenes and deciding proposals.' },
  } as const,
});

const MeRef = builder.objectRef<{ role: Role; clientId: string | null }>('Me').implement({
  description: 'The calling client.',
  fields: (t) => ({
    role: t.field({ type: RoleEnum, description: 'The role the presented token (or none) grants.', resolve: (m) => m.role }),
    clientId: t.exposeString('clientId', { nullable: true, description: 'The client id the request carried (x-client-id), if valid.' }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: MeRef,
    description: 'Who the server thinks you are.',
    resolve: (_r, _a, ctx) => ({ role: ctx.role, clientId: ctx.clientId }),
  }),
);

const SignInRef = builder.objectRef<{ issuer: string; clientId: string }>('OidcSignIn').implement({
  description: 'Where moderators sign in with OpenID Connect (authorization code with PKCE, a public client).',
  fields: (t) => ({
    issuer: t.exposeString('issuer', { description: 'The issuer (OIDC_ISSUER); its discovery document names the endpoints.' }),
    clientId: t.exposeString('clientId', {
      description: 'The client id to sign in with (OIDC_CLIENT_ID); tokens must name it as audience.',
    }),
  }),
});

builder.queryField('oidcSignIn', (t) =>
  t.field({
    type: SignInRef,
    nullable: true,
    description: 'How moderators sign in with OpenID Connect; null when the server has no OIDC issuer configured.',
    resolve: (_r, _a, ctx) => {
      const oidc = ctx.container.config.oidc;
      return oidc ? { issuer: oidc.issuer, clientId: oidc.clientId } : null;
    },
  }),
);
