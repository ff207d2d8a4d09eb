export const forgetListened = (): string => `
-- Issue 18 §2: the conversation card's "Ik heb geluisterd" is a checklist statement, and an
-- unticked box does not mean the manager did not listen. No figure shows it any more and new turns
-- no longer log it; what older turns logged is forgotten too, rather than kept unused until its
-- quarter is purged (AVG art. 5(1)(c), data minimisation). The conversation's row stays: its day
-- feeds signalToConversation and its rung support. No aggregate counts it, so none changes.
UPDATE hr_log SET outcome = NULL WHERE transition = 'conversationRecorded' AND outcome IS NOT NULL;
UPDATE hr_cases SET listened = NULL WHERE listened IS NOT NULL;
`;
