/**
 * A signed token must also expire, and soon: a token without `exp` (which botbuilder's verifier
 * accepts, as it checks `exp` only when present) or with a lifetime of days would work for anyone
 * who ever got hold of it. Microsoft's tokens live about an hour; 24 hours is far above that.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

export type TokenLifetimeProblem = 'noExpiry' | 'lifetimeTooLong';

/**
 * The token's lifetime is `exp − (nbf ?? iat)`; with neither, what is left of it from `nowSeconds`.
 * Claims that are not numbers count as missing.
 */
export function tokenLifetimeProblem(claims: Record<string, unknown>, nowSeconds: number): TokenLifetimeProblem | null {
  const seconds = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const exp = seconds(claims.exp);
  if (exp === undefined) return 'noExpiry';
  const start = seconds(claims.nbf) ?? seconds(claims.iat) ?? nowSeconds;
  return exp - start > MAX_TOKEN_LIFETIME_SECONDS ? 'lifetimeTooLong' : null;
}
