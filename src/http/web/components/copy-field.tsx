/**
 * A read-only value with a copy button. The button is hidden until the script shows it, so a
 * page without JavaScript offers no dead control (the text is still selectable).
 */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div role="group">
        <input id={id} type="text" readonly value={value} autocomplete="off" />
        <button type="button" class="secondary" data-copy-target={id} aria-label={`Copy ${label.toLowerCase()}`} hidden>
          Copy
        </button>
      </div>
      <span class="copy-status" role="status" aria-live="polite" />
    </div>
  );
}
