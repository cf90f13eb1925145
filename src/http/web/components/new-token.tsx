import { CopyField } from './copy-field.tsx';

export const SAVE_IT_WARNING = "Make sure you save it - you won't be able to access it again.";

/** The token, shown once, right after it was created. */
export function NewToken({ noun, token }: { noun: string; token: string }) {
  return (
    <article class="new-token">
      <h2 id="new-token-heading">Your new {noun}</h2>
      <CopyField id="new-token-value" label={`Your new ${noun}`} value={token} />
      <p class="warning" role="alert">
        {SAVE_IT_WARNING}
      </p>
    </article>
  );
}
