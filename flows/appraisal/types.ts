/**
 * The vocabulary of the appraisal prompt, apart from its machine: the HR catalogue
 * (flows/hr/measures.ts) and the HR tab's browser bundle need these codes without XState or zod.
 */

/** Why the question was not asked: a short list of codes, never free text. */
export const NOT_ASKED_REASONS = ['noTime', 'notSuitable', 'discussedRecently', 'forgot', 'other'] as const;
export type NotAskedReason = (typeof NOT_ASKED_REASONS)[number];
