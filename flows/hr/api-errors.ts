/**
 * The HR API's answers that are not data (the `error` field of a 4xx/5xx body), and the one the
 * tab adds itself. No dependencies: the browser bundle imports this list too.
 */
export const HR_API_ERROR_CODES = ['unauthorized', 'forbidden', 'invalidFilter', 'hrNotConfigured', 'internal', 'notInTeams', 'reportPdfUnavailable', 'figuresUnavailable', 'figuresComputing'] as const;
export type HrApiErrorCode = (typeof HR_API_ERROR_CODES)[number];
