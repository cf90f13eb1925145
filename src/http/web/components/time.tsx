/**
 * A timestamp as `2026-11-29 12:00 UTC`, or only its date where space is short (the full time in
 * the tooltip). The server renders it; no client clock involved.
 */
export function Timestamp({ at, never = 'Never', dateOnly = false }: { at: string | null; never?: string; dateOnly?: boolean }) {
  if (at === null) return <span class="muted">{never}</span>;
  const full = `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
  return (
    <time datetime={at} title={full}>
      {dateOnly ? at.slice(0, 10) : full}
    </time>
  );
}

export function DateOnly({ date, never = 'Never' }: { date: string | null; never?: string }) {
  if (date === null) return <span class="muted">{never}</span>;
  return <time datetime={date}>{date}</time>;
}
