/** What a verified bearer token says: a moderator's name, or why it was refused (never the token). */
export type TokenVerdict = { ok: true; moderator: string } | { ok: false; reason: string };

/** Verifies bearer tokens from an identity provider (OIDC). Never rejects: a failure is a verdict with a reason. */
export interface TokenVerifier {
  verify(token: string): Promise<TokenVerdict>;
}
