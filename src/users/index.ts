export { USER_ROLES, roleAtLeast, roleCan, roleRequiresTotp, isUserRole, type UserRole, type Permission } from './roles.js';
export { hashPassword, verifyPassword, generatePassword, burnPasswordCheck } from './password.js';
export { findUserByEmail, findUserById, listUsers, countUsers, updateUser, type UserRow } from './user-repository.js';
export { addUser, disableUser, resetUser, toPublicUser, type PublicUser, type AddUserInput } from './user-service.js';
export { appendAudit, listAudit, type AuditEntry } from './audit-log.js';
export { ensureDemoAdmin, DEMO_ADMIN_EMAIL } from './demo-admin.js';
