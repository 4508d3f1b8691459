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
