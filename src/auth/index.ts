export { hashSecret, newSecret } from './secret-token.js';
export * from './session-policy.js';
export { createSession, findLiveSession, touchSession, revokeSession, setEnrolSecret, type SessionRow } from './session-repository.js';
export { newTotpSecret, totpUri, currentTotp, verifyTotp } from './totp.js';
export { recordLoginAttempt, isLoginLocked } from './login-throttle.js';
export { createApiToken, findUserByApiToken, listApiTokens, findApiToken, revokeApiToken, API_TOKEN_PREFIX, type ApiTokenView } from './api-tokens.js';
export { loginWithPassword, completeTotp, completeEnrolment, type LoginStep, type LoginDeps, type LoginFailure } from './login.js';
