import fc from 'fast-check';
import { ACCESS_LEVELS } from '../../src/domain/access-levels.ts';
import { isValidDate } from '../../src/domain/clock.ts';
import { PERSONAL_TOKEN_SCOPES, PROJECT_TOKEN_SCOPES } from '../../src/domain/scopes.ts';
import { VISIBILITIES } from '../../src/domain/visibility.ts';

/*
 * Labelled hostile values for the property tests of hostile-input.test.ts: every generated field
 * says whether it is acceptable and, if not, at which step the server refuses it and how. A
 * request's expected answer is the refusal of its earliest step, or the route's success status,
 * so each generated case is checked against one exact status and body shape.
 */

/** A field left out of the body. */
export const ABSENT = Symbol('absent');

/** Why a value is refused: the step that refuses it (routes read parameters in a fixed order), the status and the body's key. */
export interface Fault {
  step: number;
  status: number;
  /** `error` for a parameter refusal (`{"error":"x is missing"}`), `message` for the model's or the service's. */
  key: 'error' | 'message';
}

export interface Field {
  value: unknown;
  fault: Fault | null;
}

/** One class of values of a field: acceptable ones, or ones refused at one step. */
interface Choice {
  valid: boolean;
  arbitrary: fc.Arbitrary<Field>;
}

export const ok = (arb: fc.Arbitrary<unknown>): Choice => ({ valid: true, arbitrary: arb.map((value) => ({ value, fault: null })) });
export const bad = (arb: fc.Arbitrary<unknown>, step: number, status = 400, key: Fault['key'] = 'error'): Choice => ({
  valid: false,
  arbitrary: arb.map((value) => ({ value, fault: { step, status, key } })),
});

/**
 * A field's values: two in three acceptable, so that a refusal at a late step (the model, the
 * service) is the first one in a good share of the cases rather than hidden behind an earlier one.
 */
export function field(...choices: Choice[]): fc.Arbitrary<Field> {
  const valid = choices.filter((choice) => choice.valid).length;
  const invalid = choices.length - valid;
  return fc.oneof(...choices.map((choice) => ({ arbitrary: choice.arbitrary, weight: choice.valid ? 2 * invalid : valid })));
}

/** A value made unique at send time (a project path, a username), so no case collides with an earlier one. */
export class Unique {
  constructor(readonly make: (n: number) => string) {}
}
export const unique = (base: fc.Arbitrary<string>, make: (base: string, n: number) => string): fc.Arbitrary<Unique> =>
  base.map((b) => new Unique((n) => make(b, n)));

let sent = 0;

/**
 * The body to send (absent fields left out, unique values made) and the answer the route must
 * give; `more` adds faults that depend on several fields together.
 */
export function expectation(
  fields: Record<string, Field>,
  success: number,
  more: Fault[] = [],
): { body: Record<string, unknown>; status: number; key: Fault['key'] | null } {
  const n = ++sent;
  const body = Object.fromEntries(
    Object.entries(fields)
      .filter(([, field]) => field.value !== ABSENT)
      .map(([name, field]) => [name, field.value instanceof Unique ? field.value.make(n) : field.value]),
  );
  const faults = [...Object.values(fields).map((field) => field.fault), ...more]
    .filter((fault): fault is Fault => fault !== null)
    .sort((a, b) => a.step - b.step);
  return faults.length === 0 ? { body, status: success, key: null } : { body, status: faults[0]!.status, key: faults[0]!.key };
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text a name may be: printable, not blank, any script. */
export const printable = (max = 60): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0 && !CONTROL.test(s) && s.length <= 255);
/** Any text both databases store (control characters included, NUL and lone surrogates not). */
export const storable = (max: number): fc.Arbitrary<string> =>
  fc.string({ unit: 'binary', maxLength: max }).filter((s) => !s.includes('\u0000') && !LONE_SURROGATE.test(s) && s.length <= max);
export const withNul = printable(20).map((s) => `${s}\u0000`);
export const longer = (max: number): fc.Arbitrary<string> => fc.integer({ min: max + 1, max: max + 300 }).map((n) => 'x'.repeat(n));
export const blank = fc.constantFrom(' ', '   ', '\u00a0', ' \u2003 ');
export const withControl = printable(20).map((s) => `a\u0001${s}`);
/** A JSON object or array where text is expected. */
export const structured = fc.oneof(
  fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 3 }),
  fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 }),
);
/** Leaving a field out, sending null, or sending '' (Grape reads all three as "not given" for optional fields). */
export const unset = fc.constantFrom<unknown>(ABSENT, null, '');
export const missing = fc.constantFrom<unknown>(ABSENT, null);

const day = (date: Date): string => date.toISOString().slice(0, 10);
/** Dates from `from` to `to` (inclusive), `YYYY-MM-DD`. */
export const dates = (from: string, to: string): fc.Arbitrary<string> =>
  fc.date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T23:59:59Z`), noInvalidDate: true }).map(day);
/** Strings that are no calendar date: impossible days, other shapes, words. */
export const notADate = fc.oneof(
  fc.constantFrom('2026-02-30', '2026-13-01', '2026-11-31', '2026-1-1', '0000-01-01', 'tomorrow', '12/31/2027', '2027-12-31x'),
  printable(12).filter((s) => !/^\d{4}-\d{2}-\d{2}/.test(s)),
);

/** A date-time query parameter (`created_after`): '' or an ISO date or date-time of a real day. */
export function isDateTimeParam(value: string): boolean {
  if (value === '') return true;
  if (value.length > 64) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isValidDate(value);
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) && isValidDate(value.slice(0, 10));
}

/** A date query parameter (`expires_before`): '' or a real day, alone or starting a date-time. */
export function isDateParam(value: string): boolean {
  if (value === '') return true;
  if (value.length > 64) return false;
  return isValidDate(value.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value);
}

/** A page number (`page`, `per_page`): '' or a whole number from 1 to 1,000,000. */
export function isPageParam(value: string): boolean {
  if (value === '') return true;
  if (!/^-?\d{1,16}$/.test(value.trim())) return false;
  const number = Number(value);
  return Number.isSafeInteger(number) && number >= 1 && number <= 1_000_000;
}

export const isTextParam = (value: string): boolean => value.length <= 255 && !value.includes('\u0000');
export const isOneOf = (values: readonly string[]) => (value: string): boolean => value === '' || values.includes(value);

// Values of the access token form, with the step at which POST /projects/:id/access_tokens reads
// each: name, scopes (shape, then names), access_level, description, expires_at are parameters;
// then the service checks the name, the description, the scopes a project token may have, and the date.
const TODAY = '2026-11-29'; // the test clock's
const future = dates('2026-11-30', '9999-12-31');
const past = dates('0001-01-01', TODAY);

export const accessTokenFields = {
  name: field(ok(printable()), ok(fc.integer()), ok(fc.boolean()), bad(fc.oneof(unset, structured, withNul, longer(255)), 1), bad(fc.oneof(blank, withControl), 7, 400, 'message')),
  scopes: field(
    ok(fc.subarray([...PROJECT_TOKEN_SCOPES], { minLength: 1 })),
    ok(fc.subarray([...PROJECT_TOKEN_SCOPES], { minLength: 1 }).map((scopes) => scopes.join(','))),
    bad(fc.oneof(unset, fc.constant([]), fc.constant(['', ' ']), fc.constant([1]), fc.dictionary(fc.constantFrom('a', 'b'), fc.string(), { minKeys: 1 }), fc.integer(), longer(255).map((s) => [s])), 2),
    bad(fc.array(printable(20).filter((s) => !(PERSONAL_TOKEN_SCOPES as readonly string[]).includes(s.trim())), { minLength: 1, maxLength: 3 }), 3),
    bad(fc.subarray([...PROJECT_TOKEN_SCOPES]).map((scopes) => [...scopes, 'read_user']), 9, 400, 'message'),
  ),
  access_level: field(
    ok(unset),
    ok(fc.constantFrom(...ACCESS_LEVELS)),
    ok(fc.constantFrom(...ACCESS_LEVELS).map(String)),
    bad(fc.oneof(fc.integer().filter((n) => !(ACCESS_LEVELS as readonly number[]).includes(n)), printable(8).filter((s) => !ACCESS_LEVELS.map(String).includes(s)), structured, fc.boolean()), 4),
  ),
  description: field(ok(missing), ok(storable(255)), ok(fc.integer()), bad(fc.integer({ min: 256, max: 1000 }).map((n) => 'd'.repeat(n)), 8, 400, 'message'), bad(fc.oneof(longer(1000), structured, withNul), 5)),
  expires_at: field(ok(unset), ok(future), bad(fc.oneof(notADate, fc.integer(), structured, longer(64)), 6), bad(past, 10, 400, 'message')),
};

/** A field a route requires: left out, null and '' are all "missing". */
const required = (step: number, max: number) => bad(fc.oneof(unset, structured, withNul, longer(max)), step);

// POST /projects (by an admin): name, path, description, visibility, default_branch, "name or
// path" (6), namespace_id are parameters; then the model's field errors (8), then the namespace (9).
export const projectFields = (namespaceId: number) => ({
  name: field(ok(missing), ok(unique(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,12}$/), (b, n) => `${b} n${n}`)), bad(fc.oneof(structured, withNul, longer(255)), 1), bad(fc.oneof(fc.constant(''), blank, withControl), 8, 400, 'message')),
  path: field(
    ok(missing),
    ok(unique(fc.stringMatching(/^[a-z][a-z0-9]{0,12}$/), (b, n) => `${b}-n${n}`)),
    bad(fc.oneof(structured, withNul, longer(255)), 2),
    bad(fc.constantFrom('', '-x', 'a b', 'x.git', 'a..b', 'x.', '../x', '.hidden', 'x.atom', 'é'), 8, 400, 'message'),
  ),
  description: field(ok(missing), ok(storable(2000)), bad(fc.oneof(longer(2000), structured, withNul), 3)),
  visibility: field(ok(unset), ok(fc.constantFrom(...VISIBILITIES)), bad(fc.oneof(printable(10).filter((s) => !(VISIBILITIES as readonly string[]).includes(s)), structured, fc.boolean(), fc.integer()), 4)),
  default_branch: field(
    ok(missing),
    ok(fc.stringMatching(/^[a-z]{1,10}$/)),
    bad(fc.oneof(structured, withNul, longer(255)), 5),
    bad(fc.constantFrom('', '-x', 'a..b', 'x.lock', 'a b', '.x', 'x/', 'x.'), 8, 400, 'message'),
  ),
  namespace_id: field(
    ok(unset),
    ok(fc.constantFrom<unknown>(namespaceId, String(namespaceId))),
    bad(fc.oneof(fc.constantFrom<unknown>(0, -1, '0', 'abc', 1.5, 2 ** 53, '99999999999999999'), structured), 7),
    bad(fc.integer({ min: 1_000_000, max: 2_000_000_000 }), 9, 404, 'message'),
  ),
});

// POST /users (by an admin): email, username, name, password, admin are parameters; then the
// model's field errors (6).
export const userFields = {
  email: field(required(1, 255), ok(unique(fc.stringMatching(/^[a-z]{1,8}$/), (b, n) => `${b}${n}@example.com`)), bad(fc.constantFrom('plain', 'a@b', '@x.y', 'a b@c.d', 'a@b c.d'), 6, 400, 'message')),
  username: field(required(2, 255), ok(unique(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), (b, n) => `${b}n${n}`)), bad(fc.constantFrom('-x', 'a b', 'x.git', 'ghost', 'admin', 'api', 'a..b', 'é'), 6, 400, 'message')),
  name: field(required(3, 255), ok(printable()), bad(fc.oneof(blank, withControl), 6, 400, 'message')),
  password: field(
    required(4, 1024),
    ok(fc.string({ minLength: 8, maxLength: 128 })),
    bad(fc.oneof(fc.string({ minLength: 1, maxLength: 7 }), fc.integer({ min: 129, max: 1024 }).map((n) => 'p'.repeat(n))), 6, 400, 'message'),
  ),
  admin: field(
    ok(unset),
    ok(fc.boolean()),
    ok(fc.constantFrom<unknown>('true', 'false', 'True', 'FALSE', '1', '0', 'yes', 'no', 'on', 'off', 't', 'f', 1, 0)),
    bad(fc.oneof(fc.constantFrom('maybe', 'truthy', 'nope', '2', ' true'), structured, fc.integer({ min: 2 })), 5),
  ),
};

/** A user created just before the request: the one value of user_id that can succeed. */
export const FRESH_USER = Symbol('fresh user');

// POST /projects/:id/members (by an admin): user_id, access_level, expires_at are parameters; then
// the expiry (5), the user (6: missing, 7: a bot) and an existing membership (8).
export const memberFields = (ids: { root: number; bot: number }) => ({
  user_id: field(
    ok(fc.constant(FRESH_USER)),
    bad(fc.oneof(unset, structured, fc.constantFrom<unknown>(0, -1, 'abc', 1.5, '99999999999999999')), 1),
    bad(fc.integer({ min: 1_000_000, max: 2_000_000_000 }), 6, 404, 'message'),
    bad(fc.constant(ids.bot), 7, 400, 'message'),
    bad(fc.constant(ids.root), 8, 409, 'message'),
  ),
  access_level: field(
    ok(fc.constantFrom(...ACCESS_LEVELS)),
    ok(fc.constantFrom(...ACCESS_LEVELS).map(String)),
    bad(fc.oneof(unset, fc.integer().filter((n) => !(ACCESS_LEVELS as readonly number[]).includes(n)), printable(8).filter((s) => !ACCESS_LEVELS.map(String).includes(s)), structured, fc.boolean()), 2),
  ),
  expires_at: field(ok(unset), ok(future), bad(fc.oneof(notADate, fc.integer(), structured, longer(64)), 3), bad(past, 5, 400, 'message')),
});

// POST /projects/:id/issues: title and description are parameters; then the model (3).
export const issueFields = {
  title: field(required(1, 255), ok(printable()), ok(fc.integer()), bad(fc.oneof(blank, withControl), 3, 400, 'message')),
  description: field(ok(missing), ok(storable(300)), ok(fc.integer()), bad(fc.oneof(structured, withNul), 2)),
};
