import type { AppError, ErrorCode } from '../../domain/errors.ts';
import { apiDenialAnswer } from '../error-response.ts';

/**
 * How a page answers an error no form shows (error-handler.tsx):
 * - `not_found`: the 404 page (JSON to a client that is no browser; sign-in when signed out);
 * - `sign_in`: signed out, the sign-in page; signed in, access denied;
 * - `access_denied`: 403;
 * - `unavailable`: 503 with Retry-After;
 * - `refused`: 400 with the service's message.
 */
export type PageAnswer = 'not_found' | 'sign_in' | 'access_denied' | 'unavailable' | 'refused';

/** What a form shows next to itself, and with which status. */
export interface FormError {
  status: number;
  message: string;
}

export interface WebErrorAnswer {
  page: PageAnswer;
  /** The form's answer, or null when the error goes to the page handler instead. */
  form: ((error: AppError) => FormError) | null;
}

export const NO_PERMISSION = "You don't have permission to do that.";

const FIELD_NAMES: Record<string, string> = { name: 'Name', path: 'Path', description: 'Description', default_branch: 'Default branch', expires_at: 'Expires at' };

/** Field errors read "Path has already been taken"; a message that is a sentence already (such as the bot refusal) is shown as it is. */
function fieldErrorsMessage(error: AppError): string {
  const lines = Object.entries(error.details.errors ?? {}).flatMap(([fieldName, messages]) =>
    messages.map((message) =>
      /^(has |is |can't |cannot |must |does )/.test(message) ? `${FIELD_NAMES[fieldName] ?? fieldName} ${message}` : message,
    ),
  );
  return [...new Set(lines)].join('. ');
}

const withMessage = (status: number) => (error: AppError): FormError => ({ status, message: error.message });

/**
 * A refusal on a form has the status the API gives it (api/v4/denials.ts), so a page and the API
 * agree: where GitLab answers a bad request, the form says why with the service's words.
 */
function deniedOnForm(error: AppError): FormError {
  const answer = apiDenialAnswer(error);
  return answer === 'bad_request' || answer === 'bad_request_with_reason'
    ? { status: 400, message: error.message }
    : { status: 403, message: NO_PERMISSION };
}

/** Every error code as the web pages answer it. */
export const WEB_ERRORS: Record<ErrorCode, WebErrorAnswer> = {
  unauthorized: { page: 'sign_in', form: null },
  token_expired: { page: 'sign_in', form: null },
  token_revoked: { page: 'sign_in', form: null },
  banned: { page: 'access_denied', form: null },
  insufficient_scope: { page: 'access_denied', form: null },
  not_permitted: { page: 'access_denied', form: deniedOnForm },
  not_found: { page: 'not_found', form: withMessage(404) },
  validation: { page: 'refused', form: withMessage(400) },
  bad_request: { page: 'refused', form: withMessage(400) },
  field_errors: { page: 'refused', form: (error) => ({ status: 400, message: fieldErrorsMessage(error) }) },
  conflict: { page: 'refused', form: withMessage(409) },
  unavailable: { page: 'unavailable', form: null },
};
