import { AppError } from '../../domain/errors.ts';
import { WEB_ERRORS, type FormError } from './web-errors.ts';

/** The form's answer to a service's refusal (web-errors.ts), or null when the page handler answers it. */
function formError(error: AppError): FormError | null {
  return WEB_ERRORS[error.code].form?.(error) ?? null;
}

/** The service's own message, as the API would give it ("Path has already been taken"). */
export function formErrorMessage(error: AppError): string {
  return formError(error)?.message ?? error.message;
}

/** Status for a form shown again with the service's refusal. */
export function formErrorStatus(error: AppError): number {
  return formError(error)?.status ?? 400;
}

/** Runs a service call for a form: its refusal becomes the form's message, other errors propagate. */
export async function tryForm<T>(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof AppError && WEB_ERRORS[error.code].form !== null) return { ok: false, error };
    throw error;
  }
}
