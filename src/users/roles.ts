/** Who someone is to placewatch; each role can do everything the one before it can. */
export const USER_ROLES = ['officer', 'reviewer', 'operator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What a request may do; routes ask for a permission, never for a role name. */
export type Permission =
  | 'alerts:read'
  | 'alerts:acknowledge'
  | 'alerts:note'
  | 'alerts:triage'
  | 'silences:manage'
  | 'feeds:read'
  | 'config:read'
  | 'subscriptions:own'
  | 'subscriptions:all'
  | 'notifications:manage'
  | 'reports:read'
  | 'metrics:read'
  | 'tokens:own'
  | 'tokens:all'
  | 'users:manage';

const MINIMUM_ROLE: Readonly<Record<Permission, UserRole>> = {
  'alerts:read': 'officer',
  'alerts:acknowledge': 'officer',
  'alerts:note': 'officer',
  'alerts:triage': 'reviewer',
  'silences:manage': 'reviewer',
  'feeds:read': 'operator',
  'config:read': 'operator',
  // Everyone manages their own subscriptions; operators own notification routing, so they manage
  // everyone's (targets can be credentials such as chat webhook URLs: reviewers do not need them).
  'subscriptions:own': 'officer',
  'subscriptions:all': 'operator',
  'notifications:manage': 'operator',
  'reports:read': 'reviewer',
  // Queue depths, alert and notification counts of the whole deployment: what an operator watches.
  'metrics:read': 'operator',
  'tokens:own': 'officer',
  'tokens:all': 'admin',
  'users:manage': 'admin',
};

/** True when `role` is at least `minimum` in the officer < reviewer < operator < admin order. */
export function roleAtLeast(role: UserRole, minimum: UserRole): boolean {
  return USER_ROLES.indexOf(role) >= USER_ROLES.indexOf(minimum);
}

/** Whether a role grants a permission. */
export function roleCan(role: UserRole, permission: Permission): boolean {
  return roleAtLeast(role, MINIMUM_ROLE[permission]);
}

/** Roles that must sign in with a second factor (the others may choose to). */
export function roleRequiresTotp(role: UserRole): boolean {
  return role === 'operator' || role === 'admin';
}

/** Narrows a stored role string; an unknown role gets nothing rather than something. */
export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}
