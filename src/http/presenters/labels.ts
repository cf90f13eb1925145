import type { LabelIssueCounts } from '../../db/repositories/labels.ts';
import type { LabelRow } from '../../db/schema.ts';
import { labelTextColor } from '../../domain/label-color.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** GitLab renders a label description as one line of text: here, the text with HTML escaped. */
function descriptionHtml(description: string | null): string | null {
  return description === null ? null : description.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** GitLab's LabelBasic: what an issue's `with_labels_details=true` lists. */
export function presentLabelBasic(label: LabelRow) {
  return {
    id: label.id,
    name: label.name,
    color: label.color,
    description: label.description,
    description_html: descriptionHtml(label.description),
    text_color: labelTextColor(label.color),
    remove_on_close: false,
  };
}

/** GitLab's ProjectLabel; the issue and merge request counts only when asked for (`with_counts`). */
export function presentProjectLabel(label: LabelRow, counts?: LabelIssueCounts) {
  return {
    ...presentLabelBasic(label),
    ...(counts && { open_issues_count: counts.opened, closed_issues_count: counts.closed, open_merge_requests_count: 0 }),
    subscribed: false,
    priority: label.priority,
    is_project_label: true,
  };
}
