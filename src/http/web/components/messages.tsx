/** A refusal shown above the form it belongs to; screen readers announce it. */
export function FormError({ message, id = 'form-error' }: { message: string | null | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p class="form-error" role="alert" id={id}>
      {message}
    </p>
  );
}

export function Notice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p class="notice" role="status">
      {message}
    </p>
  );
}
