import { invalidParam } from '../../domain/errors.ts';
import { isStorableText } from '../storable-text.ts';

/** Fields of a posted form (parsed by server.ts: a value, or an array when repeated). */
export type FormBody = Record<string, string | string[] | undefined>;

function clean(name: string, value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  if (!isStorableText(text)) throw invalidParam(`${name} is invalid`);
  return text;
}

export function formBody(body: unknown): FormBody {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as FormBody) : {};
}

/** One text field ('' when absent; the first value when repeated). */
export function field(body: FormBody, name: string): string {
  const value = body[name];
  return clean(name, Array.isArray(value) ? value[0] : value);
}

/** A repeated field such as checkboxes. */
export function fields(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => clean(name, item));
}

/** A text field, or null when left empty. */
export function optionalField(body: FormBody, name: string): string | null {
  const value = field(body, name);
  return value.trim() === '' ? null : value;
}

/** A `?page=` number, 1 when absent or odd. */
export function pageNumber(query: unknown): number {
  const raw = (query as Record<string, unknown> | undefined)?.page;
  return typeof raw === 'string' && /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1;
}
