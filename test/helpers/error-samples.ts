import { AppError, DENIED_ACTIONS, ERROR_CODES, type ErrorCode } from '../../src/domain/errors.ts';

/**
 * One error of every code, as services throw them, and one `not_permitted` per denied action: the
 * adapters' tables are checked against all of them, so a new code or action is covered the moment
 * it is named in src/domain/errors.ts.
 */
export function sampleErrors(): AppError[] {
  const one = (code: ErrorCode): AppError[] => {
    switch (code) {
      case 'insufficient_scope':
        return [new AppError(code, 'Insufficient scope', { scopes: ['api', 'read_api'] })];
      case 'field_errors':
        return [new AppError(code, "can't be blank", { errors: { name: ["can't be blank"] } })];
      case 'not_permitted':
        return DENIED_ACTIONS.map((action) => new AppError(code, `Not permitted to ${action}`, { action }));
      default:
        return [new AppError(code, `A ${code} refusal`)];
    }
  };
  return ERROR_CODES.flatMap(one);
}

/** How a test names a sample in its messages. */
export const sampleName = (error: AppError): string => (error.details.action ? `${error.code}:${error.details.action}` : error.code);
