// The public surface of the trust area. Other areas import only this file.
export { createNodeKey, keyFingerprint, loadNodeKey, NODE_KEY_FILE, rawPublicKey, type NodeKey } from './keys.js';
export {
  ACCORD_PROJECT_IDENTITY, buildMemberIdentity, MEMBER_EXTENSION_DEFINITION, MEMBER_EXTENSION_ID,
  type MemberIdentityInput, type MemberKind,
} from './member.js';
