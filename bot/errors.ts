/**
 * The catalogue of errors a user can meet. Each code has a localized title and body in the content
 * files (`ui.errors.<code>`); the bot answers with that text and changes nothing. Messages never
 * carry free text, names or secrets.
 */
import type { UiErrorCode } from '../content/schema';

/** The codes are declared once, in the content schema, which requires a text for each of them. */
export type UserErrorCode = UiErrorCode;

export interface UserErrorParams {
  /** Input ids that were wrong or missing (invalidInput). */
  fields?: string[];
  /** The limit that was exceeded (noteTooLong). */
  max?: number;
}

/** An error the turn turns into a localized answer; thrown only where unwinding is simpler. */
export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    readonly params: UserErrorParams = {},
  ) {
    super(code);
    this.name = 'UserError';
  }
}
