import { AppError } from '../../domain/errors.ts';

/** Codes a form shows next to itself; anything else goes to the web error handler. */
const SHOWN_ON_FORM = new Set(['validation', 'bad_request', 'field_errors', 'conflict', 'forbidden', 'not_found']);

const FIELD_NAMES: Record<string, string> = { name: 'Name', path: 'Path', description: 'Description', default_branch: 'Default branch', expires_at: 'Expires at' };

/**
 * The service's own message, as the API would give it. Field errors read "Path has already been
 * taken"; a message that is a sentence already (such as the bot refusal) is shown as it is.
 */
export function formErrorMessage(error: AppError): string {
  if (error.code === 'forbidden') return "You don't have permission to do that.";
  if (error.code !== 'field_errors') return error.message;
  const errors = (error.details.errors ?? {}) as Record<string, string[]>;
  const lines = Object.entries(errors).flatMap(([fieldName, messages]) =>
    messages.map((message) =>
      /^(has |is |can't |cannot |must |does )/.test(message) ? `${FIELD_NAMES[fieldName] ?? fieldName} ${message}` : message,
    ),
  );
  return [...new Set(lines)].join('. ');
}

/** Status for a form shown again with the service's refusal. */
export function formErrorStatus(error: AppError): number {
  if (error.code === 'forbidden') return 403;
  if (error.code === 'not_found') return 404;
  if (error.code === 'conflict') return 409;
  return 400;
}

/** Runs a service call for a form: its refusal becomes the form's message, other errors propagate. */
export async function tryForm<T>(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof AppError && SHOWN_ON_FORM.has(error.code)) return { ok: false, error };
    throw error;
  }
}
