import { isValidDate } from '../domain/clock.ts';
import { invalidParam } from '../domain/errors.ts';
import { MAX_ID } from '../domain/ids.ts';
import { isStorableText } from './storable-text.ts';

type Bag = Record<string, unknown>;

/** Grape's Boolean coercion (dry-types' Params::Bool): these spellings exactly, nothing else. */
const BOOLEAN_SPELLINGS = new Map<string, boolean>([
  ...['1', 'on', 'On', 'ON', 't', 'true', 'True', 'TRUE', 'T', 'y', 'yes', 'Yes', 'YES', 'Y'].map((word) => [word, true] as const),
  ...['0', 'off', 'Off', 'OFF', 'f', 'false', 'False', 'FALSE', 'F', 'n', 'no', 'No', 'NO', 'N'].map((word) => [word, false] as const),
]);

/**
 * Request parameters as GitLab's Grape reads them: query string and body merged, `name[]` keys
 * as arrays. Each reader throws GitLab's 400 (`{"error":"name is missing"}` and friends).
 */
export class Params {
  // A Map, not an object: keys such as `__proto__` or `constructor` are plain names here.
  private readonly bag = new Map<string, unknown>();

  constructor(...sources: unknown[]) {
    for (const source of sources) {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
      for (const [key, value] of Object.entries(source as Bag)) {
        this.bag.set(key.endsWith('[]') ? key.slice(0, -2) : key, value);
      }
    }
  }

  has(name: string): boolean {
    return this.bag.get(name) !== undefined;
  }

  private raw(name: string, required: boolean): unknown {
    const value = this.bag.get(name);
    // null is "not given" (nullableString and date read an explicit null themselves).
    if (value === undefined || value === null || (required && value === '')) {
      if (required) throw invalidParam(`${name} is missing`);
      return undefined;
    }
    return value;
  }

  string(name: string, options: { required: true; max?: number }): string;
  string(name: string, options?: { required?: false; max?: number }): string | undefined;
  string(name: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    const value = this.raw(name, options.required ?? false);
    if (value === undefined) return undefined;
    if (typeof value === 'number' || typeof value === 'boolean') return this.check(name, String(value), options.max);
    if (typeof value !== 'string') throw invalidParam(`${name} is invalid`);
    return this.check(name, value, options.max);
  }

  private check(name: string, value: string, max = 100_000_000): string {
    if (value.length > max) throw invalidParam(`${name} is too long (maximum is ${max} characters)`);
    if (!isStorableText(value)) throw invalidParam(`${name} is invalid`);
    return value;
  }

  /** Present-and-null becomes null (for clearing a value); absent is undefined. */
  nullableString(name: string, max?: number): string | null | undefined {
    if (this.bag.get(name) === null) return null;
    return this.string(name, { max });
  }

  /** A whole number from `min` to `max` (default MAX_ID, so every id fits the database). */
  integer(name: string, options: { required: true; min?: number; max?: number }): number;
  integer(name: string, options?: { required?: false; min?: number; max?: number }): number | undefined;
  integer(name: string, options: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.raw(name, options.required ?? false);
    if (value === undefined || value === '') return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number)) throw invalidParam(`${name} is invalid`);
    if ((options.min !== undefined && number < options.min) || number > (options.max ?? MAX_ID)) {
      throw invalidParam(`${name} does not have a valid value`);
    }
    return number;
  }

  /** A JSON boolean, 1/0, or any spelling Grape coerces (`True` from python-gitlab, `yes`, `t`, `on`...). */
  boolean(name: string): boolean | undefined {
    const value = this.raw(name, false);
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    const spelled = typeof value === 'string' || typeof value === 'number' ? BOOLEAN_SPELLINGS.get(String(value)) : undefined;
    if (spelled === undefined) throw invalidParam(`${name} is invalid`);
    return spelled;
  }

  oneOf<T extends string | number>(name: string, values: readonly T[], options: { required?: boolean } = {}): T | undefined {
    const value = this.raw(name, options.required ?? false);
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw invalidParam(`${name} does not have a valid value`);
    const match = values.find((candidate) => candidate === value || String(candidate) === String(value));
    if (match === undefined) throw invalidParam(`${name} does not have a valid value`);
    return match;
  }

  /** An array of strings; a lone string counts as a one-element array (GitLab coerces it too). */
  stringArray(name: string, options: { required?: boolean; maxItems?: number } = {}): string[] | undefined {
    const value = this.raw(name, options.required ?? false);
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'number' ? String(item) : item)) : typeof value === 'string' ? value.split(',') : null;
    if (list === null || !list.every((item) => typeof item === 'string' && item.length <= 255)) {
      throw invalidParam(`${name} is invalid`);
    }
    if (list.length > (options.maxItems ?? 100)) throw invalidParam(`${name} is invalid`);
    const items = (list as string[]).map((item) => item.trim()).filter((item) => item.length > 0);
    if (options.required && items.length === 0) throw invalidParam(`${name} is empty`);
    return items;
  }

  integerArray(name: string): number[] | undefined {
    const list = this.stringArray(name);
    if (list === undefined) return undefined;
    const numbers = list.map((item) => (/^-?\d{1,16}$/.test(item) ? Number(item) : NaN));
    if (!numbers.every((n) => Number.isSafeInteger(n) && Math.abs(n) <= MAX_ID)) throw invalidParam(`${name} is invalid`);
    return numbers;
  }

  /** `YYYY-MM-DD`, a real calendar date. */
  date(name: string): string | null | undefined {
    if (this.bag.get(name) === null) return null;
    const value = this.string(name, { max: 64 });
    if (value === undefined || value === '') return value === '' ? null : undefined;
    const day = value.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
    if (!isValidDate(day)) throw invalidParam(`${name} is invalid`);
    return day;
  }

  /** An ISO 8601 date or date-time, normalised to the stored form. */
  datetime(name: string): string | undefined {
    const value = this.string(name, { max: 64 });
    if (value === undefined || value === '') return undefined;
    const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(time) || (/^\d{4}-\d{2}-\d{2}/.test(value) && !isValidDate(value.slice(0, 10)))) throw invalidParam(`${name} is invalid`);
    return new Date(time).toISOString();
  }
}
