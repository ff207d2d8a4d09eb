export const wbkFeedbackFromAcknowledgement = (): string => `
-- Issue 16 §1: the Wet bescherming klokkenluiders gives 3 months for feedback from the
-- acknowledgement of receipt, or, when none was sent, from the end of the 7 days within which it
-- was due; code before this counted them from the filing, so the HR log's feedback deadline flag
-- (reportConcluded rows of whistleblower cases) may say "missed" where the term was met.
--
-- No schema change: the recount runs in TypeScript right after this, in the same transaction
-- (bot/store/data-migrations.ts, flows/hr/wbk-feedback-recount.ts), because the month arithmetic of
-- the two dialects differs from the bot's calendar. It rewrites those flags, folds the projection
-- (hr_cases) of the cases concerned again and recomputes HR's aggregates from it. Quarters already
-- purged have no rows left and stay as they are. Waiting feedback reminders that were dated 3
-- months after the filing, never tried and never snoozed, are dated as a turn now would.
SELECT 1;
`;
