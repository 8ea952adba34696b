// The public surface of the trust area. Other areas import only this file.
export {
  generateNodeKey, KEY_ALGORITHM, KEY_PURPOSES, keyFingerprint, nodeKeyFromPrivate, nodeKeys, publicKeyFromRaw, publicKeyInfo, rawPublicKey,
  type KeyAlgorithm, type KeyPurpose, type NodeKey, type NodeKeys, type PublicKeyInfo,
} from './keys.js';
export { signWithContext, SIGNING_CONTEXT, verifyWithContext } from './signing.js';
export { MERKLE_HASH_BYTES, MerkleTree, merkleLeafHash, merkleNodeHash, merkleRoot, merkleRootFromProof, verifyMerkleProof } from './merkle.js';
export { deriveSecretKey } from './derive.js';
export { checkNewPassphrase, ENVELOPE_VERSION, openKeys, readEnvelopeHeader, SCRYPT_COST, sealKeys, type EnvelopeHeader, type EnvelopeKind } from './keystore.js';
export { findKeyPassphrase, KEY_PASSPHRASE_FILE, PASSPHRASE_ENV, PASSPHRASE_FILE_ENV, readPassphraseFile, type CustodyContext, type Passphrase } from './passphrase.js';
export {
  createNodeKeys, describeNodeKeys, exportNodeKeys, importNodeKeys, inspectBackup, LEGACY_NODE_KEY_FILE, loadNodeKeys, NODE_KEYS_FILE, nodeKeysExist,
  type ImportResult, type KeyNotice, type OpenedNodeKeys,
} from './custody.js';
export {
  ACCORD_PROJECT_IDENTITY, buildMemberIdentity, MEMBER_EXTENSION_DEFINITION, MEMBER_EXTENSION_ID,
  type MemberIdentityInput, type MemberKind,
} from './member.js';
export { parseMemberList, selfListingProblem, StaticMembership, type MemberKey, type MemberRecord, type MemberStatus, type SharingGroupRecord } from './members.js';
export {
  canonicalHash, checkKey, checkMemberEntry, parseCharter, quorum, ruleWords,
  type Charter, type CharterKey, type CharterMember, type ContactPoints, type DecisionRule,
} from './charter.js';
export {
  computeMembership, DECISION_ACTIONS, DECISION_EXTENSION_ID, DECISION_TYPE, endorse, ENDORSEMENT_EXTENSION_ID, ENDORSEMENT_TYPE, EndorsementVerifier,
  applyContactUpdates, MEMBER_UPDATE_EXTENSION_ID, MEMBER_UPDATE_TYPE, memberUpdate, proposeDecision, readDecision, readEndorsement, readMemberUpdate,
  type Decision, type DecisionAction, type DecisionChange, type Endorsement, type KeyState, type MembershipState, type MemberState,
  type MemberUpdate, type PendingDecision, type RefusedDecision,
} from './membership.js';
export { MEMBERSHIP_EXTENSION_DEFINITIONS } from './membership-extensions.js';
export { MEMBERSHIP_TYPES, memberRecords, membershipView, readMembership, type HeldMembership } from './membership-store.js';
