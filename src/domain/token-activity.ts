/** The transports a token is used over (the web takes no tokens). */
export const ACTIVITY_TRANSPORTS = ['api', 'git_http', 'ssh', 'registry'] as const;
export type ActivityTransport = (typeof ACTIVITY_TRANSPORTS)[number];

/** The longest action and user agent a row keeps (the columns' size). */
export const MAX_ACTIVITY_TEXT = 512;

/** One authenticated use of a token: what was asked, over which transport, and the answer. */
export interface TokenActivityEntry {
  tokenId: number;
  /** ISO 8601, from the clock in Deps. */
  at: string;
  transport: ActivityTransport;
  /** A route template (`GET /api/v4/projects/:id/issues`), a git service, a registry action. */
  action: string;
  /** The HTTP status sent (SSH: its git command's outcome mapped to one, see docs). */
  status: number;
  ip: string | null;
  userAgent: string | null;
}

/** Where uses are recorded (Deps): pushing an entry is all the request path pays. */
export interface TokenActivityRecorder {
  record(entry: TokenActivityEntry): void;
  /** Writes what was recorded so far (shutdown, tests); never throws. */
  flush(): Promise<void>;
}

export function activityText(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return value.length > MAX_ACTIVITY_TEXT ? value.slice(0, MAX_ACTIVITY_TEXT) : value;
}
