/**
 * What a test reads off the wire or out of a card: parsed JSON whose shape the test's expect()
 * checks. Typed `any` on purpose, here once, so tests can walk it; the code under test never is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
