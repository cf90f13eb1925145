import { normalizeLabelColor } from '../../domain/label-color.ts';

/** GitLab's longest label description (512 KiB). */
export const MAX_LABEL_DESCRIPTION = 512 * 1024;

export interface LabelFields {
  name?: string;
  color?: string;
  description?: string | null;
  priority?: number | null;
}

/**
 * The fields as stored (name trimmed, a CSS color name as its hex value) and the model errors of
 * the given ones, keyed and worded as GitLab's label model words them.
 */
export function checkLabelFields(fields: LabelFields): { values: LabelFields; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const values: LabelFields = { ...fields };
  if (fields.name !== undefined) {
    const name = fields.name.trim();
    values.name = name;
    if (name.length === 0) errors.title = ["can't be blank"];
    else if (name.includes(',')) errors.title = ['is invalid'];
    else if (name.length > 255) errors.title = ['is too long (maximum is 255 characters)'];
  }
  if (fields.color !== undefined) {
    const color = normalizeLabelColor(fields.color);
    if (color === null) errors.color = ['must be a valid color code'];
    else values.color = color;
  }
  if (fields.description && fields.description.length > MAX_LABEL_DESCRIPTION) {
    errors.description = [`is too long (maximum is ${MAX_LABEL_DESCRIPTION} characters)`];
  }
  if (typeof fields.priority === 'number' && fields.priority < 0) errors.priority = ['must be greater than or equal to 0'];
  return { values, errors };
}
