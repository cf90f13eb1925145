import { invalidParam } from '../../domain/errors.ts';
import { field, type FormBody } from './form.ts';

/** The Rotate button's grace period in minutes: empty is 0, anything but a whole number is refused (the service checks the range). */
export function graceMinutesField(body: FormBody): number {
  const value = field(body, 'grace_period_minutes').trim();
  if (value === '') return 0;
  if (!/^\d{1,5}$/.test(value)) throw invalidParam('grace_period_minutes does not have a valid value');
  return Number(value);
}
