export const AccessLevel = {
  NoAccess: 0,
  Guest: 10,
  Planner: 15,
  Reporter: 20,
  Developer: 30,
  Maintainer: 40,
  Owner: 50,
} as const;

export type AccessLevelValue = 10 | 15 | 20 | 30 | 40 | 50;

export const ACCESS_LEVELS: readonly AccessLevelValue[] = [10, 15, 20, 30, 40, 50];

const NAMES: Record<AccessLevelValue, string> = {
  10: 'Guest',
  15: 'Planner',
  20: 'Reporter',
  30: 'Developer',
  40: 'Maintainer',
  50: 'Owner',
};

export function isAccessLevel(value: unknown): value is AccessLevelValue {
  return typeof value === 'number' && (ACCESS_LEVELS as readonly number[]).includes(value);
}

export function accessLevelName(level: number): string {
  return isAccessLevel(level) ? NAMES[level] : 'No access';
}
