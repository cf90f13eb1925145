import type { FastifyRequest } from 'fastify';
import { invalidParam } from '../../../domain/errors.ts';
import type { Params } from '../../params.ts';

/** Bodies of the file and commit writes may carry a file or several (base64 grows them by a third): documented in docs/GITLAB-COMPATIBILITY.md. */
export const REPOSITORY_WRITE_BODY_LIMIT = 32 * 1024 * 1024;

/**
 * Grape's answer for required parameters, all at once (`{"error":"branch is missing, commit_message
 * is missing"}`); `allowBlank: false` adds "is empty" for a missing or blank value, as GitLab's
 * `allow_blank: false` does.
 */
export function requireParams(params: Params, specs: readonly (readonly [name: string, allowBlank: boolean])[]): void {
  const errors: string[] = [];
  for (const [name, allowBlank] of specs) {
    if (!params.has(name)) errors.push(allowBlank ? `${name} is missing` : `${name} is missing, ${name} is empty`);
    // Blank as Rails says it: whitespace only is blank too.
    else if (!allowBlank && params.string(name)?.trim() === '') errors.push(`${name} is empty`);
  }
  if (errors.length > 0) throw invalidParam(errors.join(', '));
}

/** A request parameter as sent, body first (for content, which may hold any character, NUL included). */
export function rawParam(request: FastifyRequest, name: string): unknown {
  for (const source of [request.body, request.query]) {
    if (source !== null && typeof source === 'object' && !Array.isArray(source) && Object.hasOwn(source, name)) {
      const value = (source as Record<string, unknown>)[name];
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

/** File content as git stores it: `text` is UTF-8, `base64` is decoded (leniently, as GitLab's Base64.decode64). */
export function decodeContent(content: unknown, encoding: 'text' | 'base64' | undefined, name = 'content'): Buffer {
  // Grape coerces a JSON number or boolean to its text.
  const text = typeof content === 'number' || typeof content === 'boolean' ? String(content) : content;
  if (typeof text !== 'string') throw invalidParam(`${name} is invalid`);
  return encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
}

/** author_name / author_email: git writes them between `<` and `>` on one line. */
export function signatureParam(params: Params, name: 'author_name' | 'author_email'): string | undefined {
  const value = params.string(name, { max: 255 });
  if (value === undefined || value === '') return undefined;
  if (/[<>\n\r]/.test(value) || value.trim() === '') throw invalidParam(`${name} is invalid`);
  return value;
}
