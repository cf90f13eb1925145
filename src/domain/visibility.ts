/** Who sees a project: its members, every signed-in user, or anyone. */
export const VISIBILITIES = ['private', 'internal', 'public'] as const;

export type Visibility = (typeof VISIBILITIES)[number];

export const isVisibility = (value: string): value is Visibility => (VISIBILITIES as readonly string[]).includes(value);
