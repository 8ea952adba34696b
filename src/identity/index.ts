// The public surface of the identity area. Other areas import only this file.
export { checkPasswordPolicy, generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword, type PasswordContext } from './passwords.js';
export { isCommonPassword } from './common-passwords.js';
export { createUser, isValidUsername, ROLES, type NewUser, type Role } from './users.js';
export {
  can, effectiveRoles, isRole, PERMISSION_DESCRIPTIONS, PERMISSIONS, permissionsOf, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, type Permission,
} from './permissions.js';
export { generateTotpSecret, totp, TOTP_DEFAULTS, totpStep, totpUri, verifyTotp, type TotpAlgorithm, type TotpOptions, type VerifyTotpOptions } from './totp.js';
export { hashSecret, isWellFormedSecret, newSessionSecret, newToken, parseToken, TOKEN_PREFIX, tokenMatches, type NewToken } from './tokens.js';
export {
  ACCOUNT_RULE, ADDRESS_RULE, addressKey, LOCKOUT_THRESHOLD, LoginThrottle, shouldLock, Throttle,
  type LoginAttempt, type ThrottleDecision, type ThrottleRule,
} from './throttle.js';
export { BasicAuthCache, type BasicAuthCacheOptions } from './basic-cache.js';
export { actorOf, TOKEN_TLP_CEILINGS, type AuthMethod, type Principal } from './principal.js';
export { IdentityService, type AuditRecorder, type IdentityOptions, type SignedIn } from './service.js';
export { SecretBox } from './secret-box.js';
export {
  claimString, claimStrings, claimValue, mapRoles, oidcSubjectKey, type OidcAccountPolicy, type OidcIdentity, type OidcRoleMap,
} from './oidc-claims.js';
export {
  isLoopbackHost, OIDC_DEFAULT_SCOPES, OIDC_DEFAULT_USERNAME_CLAIM, OIDC_LOGIN_TTL_SECONDS, OidcRelyingParty,
  type OidcDependencies, type OidcLoginStart, type OidcSettings,
} from './oidc.js';
