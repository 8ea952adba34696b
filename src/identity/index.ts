// The public surface of the identity area. Other areas import only this file.
export { checkPasswordPolicy, generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
export { createUser, ROLES, type NewUser, type Role } from './users.js';
