// The 18 STIX Cyber-observable Objects (§6), their embedded types, and the predefined object
// extensions (§3.10) keyed by `…-ext` in an SCO's `extensions`. Predefined extensions carry no
// `extension_type`. Many SCOs and extensions require "at least one property" of an all-optional
// set; such rules are noted on the type and enforced by the validator.

import type { Binary, Extensions, Hashes, Hex, Identifier, ScoCommon, StandardHashes, Timestamp } from './common.js';
import type {
  AccountTypeOv, EncryptionAlgorithmEnum, NetworkSocketAddressFamilyEnum, NetworkSocketTypeEnum,
  Vocab, WindowsIntegrityLevelEnum, WindowsPebinaryTypeOv, WindowsRegistryDatatypeEnum,
  WindowsServiceStartTypeEnum, WindowsServiceStatusEnum, WindowsServiceTypeEnum,
} from './vocab.js';

/**
 * Artifact (STIX 2.1 §6.1). Exactly one of `payload_bin` or `url` MUST be present; `hashes` MUST
 * be present when `url` is.
 */
export interface Artifact extends ScoCommon<'artifact'> {
  /** An IANA media type, e.g. `application/zip`. */
  readonly mime_type?: string;
  /** The content, base64-encoded. */
  readonly payload_bin?: Binary;
  /** Where the content can be fetched; it MUST resolve to the unencoded content. */
  readonly url?: string;
  readonly hashes?: Hashes;
  /** How the content (inline or at `url`) is encrypted. */
  readonly encryption_algorithm?: EncryptionAlgorithmEnum;
  /** Requires `encryption_algorithm`. */
  readonly decryption_key?: string;
}

/** Autonomous System (STIX 2.1 §6.2). */
export interface AutonomousSystem extends ScoCommon<'autonomous-system'> {
  readonly number: number;
  readonly name?: string;
  /** The Regional Internet Registry that assigned the number. */
  readonly rir?: string;
}

/** Directory (STIX 2.1 §6.3). */
export interface Directory extends ScoCommon<'directory'> {
  /** The path as observed. */
  readonly path: string;
  /** IANA character-set name of the observed encoding of `path`. */
  readonly path_enc?: string;
  readonly ctime?: Timestamp;
  readonly mtime?: Timestamp;
  readonly atime?: Timestamp;
  readonly contains_refs?: readonly Identifier<'file' | 'directory'>[];
}

/** Domain Name (STIX 2.1 §6.4). */
export interface DomainName extends ScoCommon<'domain-name'> {
  /** MUST conform to RFC 1034, each label to RFC 5890. */
  readonly value: string;
  readonly resolves_to_refs?: readonly Identifier<'ipv4-addr' | 'ipv6-addr' | 'domain-name'>[];
}

/** Email Address (STIX 2.1 §6.5). */
export interface EmailAddr extends ScoCommon<'email-addr'> {
  /** The address alone, without the display name. */
  readonly value: string;
  readonly display_name?: string;
  readonly belongs_to_ref?: Identifier<'user-account'>;
}

/**
 * Email MIME Component (STIX 2.1 §6.6.2), one part of a multipart body. One of `body` or
 * `body_raw_ref` MUST be present.
 */
export interface EmailMimeComponent {
  /** The part's content, when it is text (no `content_type`, or one starting with `text/`). */
  readonly body?: string;
  /** The content of a non-text part. */
  readonly body_raw_ref?: Identifier<'artifact' | 'file'>;
  readonly content_type?: string;
  readonly content_disposition?: string;
}

/**
 * Email Message (STIX 2.1 §6.6). `body` is only allowed when `is_multipart` is false and
 * `body_multipart` only when it is true.
 */
export interface EmailMessage extends ScoCommon<'email-message'> {
  readonly is_multipart: boolean;
  /** When the message was sent. */
  readonly date?: Timestamp;
  readonly content_type?: string;
  readonly from_ref?: Identifier<'email-addr'>;
  readonly sender_ref?: Identifier<'email-addr'>;
  readonly to_refs?: readonly Identifier<'email-addr'>[];
  readonly cc_refs?: readonly Identifier<'email-addr'>[];
  readonly bcc_refs?: readonly Identifier<'email-addr'>[];
  readonly message_id?: string;
  readonly subject?: string;
  readonly received_lines?: readonly string[];
  /** Other header fields by name (case preserved); repeated fields are lists. */
  readonly additional_header_fields?: { readonly [field: string]: string | readonly string[] };
  readonly body?: string;
  readonly body_multipart?: readonly EmailMimeComponent[];
  /** The whole raw message, headers and body. */
  readonly raw_email_ref?: Identifier<'artifact'>;
}

/** Archive File Extension, `archive-ext` (STIX 2.1 §6.7.2). */
export interface ArchiveExt {
  readonly contains_refs: readonly Identifier<'file' | 'directory'>[];
  readonly comment?: string;
}

/** Alternate Data Stream (STIX 2.1 §6.7.3.2). */
export interface AlternateDataStream {
  readonly name: string;
  readonly hashes?: StandardHashes;
  /** In bytes; not negative. */
  readonly size?: number;
}

/** NTFS File Extension, `ntfs-ext` (STIX 2.1 §6.7.3). At least one property MUST be present. */
export interface NtfsExt {
  /** The security ID assigned to the file. */
  readonly sid?: string;
  readonly alternate_data_streams?: readonly AlternateDataStream[];
}

/** PDF File Extension, `pdf-ext` (STIX 2.1 §6.7.4). At least one property MUST be present. */
export interface PdfExt {
  /** PDF version from the header, e.g. `1.7`. */
  readonly version?: string;
  readonly is_optimized?: boolean;
  /** The document information dictionary, keys without the leading `/` (e.g. `Title`). */
  readonly document_info_dict?: { readonly [entry: string]: string };
  readonly pdfid0?: string;
  readonly pdfid1?: string;
}

/** Raster Image File Extension, `raster-image-ext` (STIX 2.1 §6.7.5). At least one property MUST be present. */
export interface RasterImageExt {
  /** In pixels. */
  readonly image_height?: number;
  /** In pixels. */
  readonly image_width?: number;
  readonly bits_per_pixel?: number;
  /** EXIF tag name (case preserved) → integer (int* EXIF types) or string. */
  readonly exif_tags?: { readonly [tag: string]: number | string };
}

/** Windows PE Optional Header (STIX 2.1 §6.7.6.2). At least one property MUST be present. */
export interface WindowsPeOptionalHeader {
  readonly magic_hex?: Hex;
  readonly major_linker_version?: number;
  readonly minor_linker_version?: number;
  /** In bytes; not negative. */
  readonly size_of_code?: number;
  /** In bytes; not negative. */
  readonly size_of_initialized_data?: number;
  /** In bytes; not negative. */
  readonly size_of_uninitialized_data?: number;
  readonly address_of_entry_point?: number;
  readonly base_of_code?: number;
  readonly base_of_data?: number;
  readonly image_base?: number;
  /** In bytes. */
  readonly section_alignment?: number;
  /** In bytes. */
  readonly file_alignment?: number;
  readonly major_os_version?: number;
  readonly minor_os_version?: number;
  readonly major_image_version?: number;
  readonly minor_image_version?: number;
  readonly major_subsystem_version?: number;
  readonly minor_subsystem_version?: number;
  readonly win32_version_value_hex?: Hex;
  /** In bytes; not negative. */
  readonly size_of_image?: number;
  /** In bytes; not negative. */
  readonly size_of_headers?: number;
  readonly checksum_hex?: Hex;
  readonly subsystem_hex?: Hex;
  readonly dll_characteristics_hex?: Hex;
  /** In bytes; not negative. */
  readonly size_of_stack_reserve?: number;
  /** In bytes; not negative. */
  readonly size_of_stack_commit?: number;
  /** In bytes. */
  readonly size_of_heap_reserve?: number;
  /** In bytes. */
  readonly size_of_heap_commit?: number;
  readonly loader_flags_hex?: Hex;
  readonly number_of_rva_and_sizes?: number;
  readonly hashes?: StandardHashes;
}

/** Windows PE Section (STIX 2.1 §6.7.6.3). */
export interface WindowsPeSection {
  readonly name: string;
  /** In bytes; not negative. */
  readonly size?: number;
  /** Shannon entropy of the section. */
  readonly entropy?: number;
  readonly hashes?: StandardHashes;
}

/**
 * Windows PE Binary File Extension, `windows-pebinary-ext` (STIX 2.1 §6.7.6). At least one
 * property besides `pe_type` MUST be present.
 */
export interface WindowsPebinaryExt {
  readonly pe_type: Vocab<WindowsPebinaryTypeOv>;
  readonly imphash?: string;
  /** The target machine type. */
  readonly machine_hex?: Hex;
  readonly number_of_sections?: number;
  /** Creation time, precise to the second. */
  readonly time_date_stamp?: Timestamp;
  /** File offset of the COFF symbol table. */
  readonly pointer_to_symbol_table_hex?: Hex;
  readonly number_of_symbols?: number;
  /** In bytes; not negative. */
  readonly size_of_optional_header?: number;
  readonly characteristics_hex?: Hex;
  readonly file_header_hashes?: StandardHashes;
  readonly optional_header?: WindowsPeOptionalHeader;
  readonly sections?: readonly WindowsPeSection[];
}

/** The `extensions` of a File: the predefined file extensions plus any others (§6.7.1). */
export interface FileExtensions extends Extensions {
  readonly 'archive-ext'?: ArchiveExt;
  readonly 'ntfs-ext'?: NtfsExt;
  readonly 'pdf-ext'?: PdfExt;
  readonly 'raster-image-ext'?: RasterImageExt;
  readonly 'windows-pebinary-ext'?: WindowsPebinaryExt;
}

/** File (STIX 2.1 §6.7). At least one of `hashes` or `name` MUST be present. */
export interface File extends ScoCommon<'file'> {
  readonly extensions?: FileExtensions;
  readonly hashes?: Hashes;
  /** In bytes; not negative. */
  readonly size?: number;
  readonly name?: string;
  /** IANA character-set name of the observed encoding of `name`. */
  readonly name_enc?: string;
  /** The file-format magic number. */
  readonly magic_number_hex?: Hex;
  readonly mime_type?: string;
  readonly ctime?: Timestamp;
  readonly mtime?: Timestamp;
  readonly atime?: Timestamp;
  readonly parent_directory_ref?: Identifier<'directory'>;
  /** Other SCOs contained in the file (any SCO type). */
  readonly contains_refs?: readonly Identifier[];
  readonly content_ref?: Identifier<'artifact'>;
}

/** IPv4 Address (STIX 2.1 §6.8). */
export interface Ipv4Addr extends ScoCommon<'ipv4-addr'> {
  /** One address, or a CIDR block such as `10.2.4.0/24`. */
  readonly value: string;
  readonly resolves_to_refs?: readonly Identifier<'mac-addr'>[];
  readonly belongs_to_refs?: readonly Identifier<'autonomous-system'>[];
}

/** IPv6 Address (STIX 2.1 §6.9). */
export interface Ipv6Addr extends ScoCommon<'ipv6-addr'> {
  /** One address, or a CIDR block such as `2001:0db8::/96`. */
  readonly value: string;
  readonly resolves_to_refs?: readonly Identifier<'mac-addr'>[];
  readonly belongs_to_refs?: readonly Identifier<'autonomous-system'>[];
}

/** MAC Address (STIX 2.1 §6.10). */
export interface MacAddr extends ScoCommon<'mac-addr'> {
  /** Colon-delimited lowercase MAC-48 with leading zeros, e.g. `00:00:ab:cd:ef:01`. */
  readonly value: string;
}

/** Mutex (STIX 2.1 §6.11). */
export interface Mutex extends ScoCommon<'mutex'> {
  readonly name: string;
}

/** HTTP Request Extension, `http-request-ext` (STIX 2.1 §6.12.2). */
export interface HttpRequestExt {
  /** Lowercase, e.g. `get`. */
  readonly request_method: string;
  /** Typically the resource path. */
  readonly request_value: string;
  /** Lowercase, e.g. `http/1.1`. */
  readonly request_version?: string;
  /** Header name (case preserved) → every value seen for it. */
  readonly request_header?: { readonly [field: string]: readonly string[] };
  /** In bytes. */
  readonly message_body_length?: number;
  readonly message_body_data_ref?: Identifier<'artifact'>;
}

/** ICMP Extension, `icmp-ext` (STIX 2.1 §6.12.3). */
export interface IcmpExt {
  readonly icmp_type_hex: Hex;
  readonly icmp_code_hex: Hex;
}

/** Network Socket Extension, `socket-ext` (STIX 2.1 §6.12.4). */
export interface SocketExt {
  readonly address_family: NetworkSocketAddressFamilyEnum;
  readonly is_blocking?: boolean;
  readonly is_listening?: boolean;
  /** Option name (e.g. `SO_ACCEPTCONN`) → integer value; timeouts and `SO_LINGER` in milliseconds. */
  readonly options?: { readonly [option: string]: number };
  readonly socket_type?: NetworkSocketTypeEnum;
  /** Not negative. */
  readonly socket_descriptor?: number;
  /** Handle or inode. */
  readonly socket_handle?: number;
}

/** TCP Extension, `tcp-ext` (STIX 2.1 §6.12.5). At least one property MUST be present. */
export interface TcpExt {
  /** Union of all TCP flags the source sent between `start` and `end`. */
  readonly src_flags_hex?: Hex;
  /** Union of all TCP flags the destination sent between `start` and `end`. */
  readonly dst_flags_hex?: Hex;
}

/** The `extensions` of a Network Traffic object (§6.12.1). */
export interface NetworkTrafficExtensions extends Extensions {
  readonly 'http-request-ext'?: HttpRequestExt;
  readonly 'icmp-ext'?: IcmpExt;
  readonly 'socket-ext'?: SocketExt;
  readonly 'tcp-ext'?: TcpExt;
}

/** Network Traffic (STIX 2.1 §6.12). At least one of `src_ref` or `dst_ref` MUST be present. */
export interface NetworkTraffic extends ScoCommon<'network-traffic'> {
  readonly extensions?: NetworkTrafficExtensions;
  readonly start?: Timestamp;
  /** MUST be later than or equal to `start`; MUST be absent when `is_active` is true. */
  readonly end?: Timestamp;
  /** MUST be false when `end` is present. */
  readonly is_active?: boolean;
  readonly src_ref?: Identifier<'ipv4-addr' | 'ipv6-addr' | 'mac-addr' | 'domain-name'>;
  readonly dst_ref?: Identifier<'ipv4-addr' | 'ipv6-addr' | 'mac-addr' | 'domain-name'>;
  /** 0 to 65535. */
  readonly src_port?: number;
  /** 0 to 65535. */
  readonly dst_port?: number;
  /** Outermost first, e.g. `['ipv4', 'tcp', 'http']`; names SHOULD be IANA service names. */
  readonly protocols: readonly string[];
  readonly src_byte_count?: number;
  readonly dst_byte_count?: number;
  readonly src_packets?: number;
  readonly dst_packets?: number;
  /** IPFIX element name → integer or string value. */
  readonly ipfix?: { readonly [element: string]: number | string };
  readonly src_payload_ref?: Identifier<'artifact'>;
  readonly dst_payload_ref?: Identifier<'artifact'>;
  readonly encapsulates_refs?: readonly Identifier<'network-traffic'>[];
  readonly encapsulated_by_ref?: Identifier<'network-traffic'>;
}

/**
 * Windows Process Extension, `windows-process-ext` (STIX 2.1 §6.13.2). At least one property MUST
 * be present. The spec's property table prints `windows_title`; the OASIS schema, python-stix2
 * and STIX 2.0 use `window_title`, which is what producers emit, so that is the name used here.
 */
export interface WindowsProcessExt {
  readonly aslr_enabled?: boolean;
  readonly dep_enabled?: boolean;
  /** Priority class; SHOULD end in `_CLASS`, e.g. `HIGH_PRIORITY_CLASS`. */
  readonly priority?: string;
  readonly owner_sid?: string;
  readonly window_title?: string;
  /** The STARTUPINFO struct, member names case-preserved (e.g. `lpDesktop`). */
  readonly startup_info?: { readonly [member: string]: unknown };
  readonly integrity_level?: WindowsIntegrityLevelEnum;
}

/** Windows Service Extension, `windows-service-ext` (STIX 2.1 §6.13.3). At least one property MUST be present. */
export interface WindowsServiceExt {
  readonly service_name?: string;
  readonly descriptions?: readonly string[];
  readonly display_name?: string;
  /** The load-ordering group. */
  readonly group_name?: string;
  readonly start_type?: WindowsServiceStartTypeEnum;
  readonly service_dll_refs?: readonly Identifier<'file'>[];
  readonly service_type?: WindowsServiceTypeEnum;
  readonly service_status?: WindowsServiceStatusEnum;
}

/** The `extensions` of a Process (§6.13.1). */
export interface ProcessExtensions extends Extensions {
  readonly 'windows-process-ext'?: WindowsProcessExt;
  readonly 'windows-service-ext'?: WindowsServiceExt;
}

/**
 * Process (STIX 2.1 §6.13). At least one property (or extension) MUST be present. The OASIS
 * schema's at-least-one list still names the STIX 2.0 properties `name`, `created` and
 * `arguments`, which 2.1 removed (`created` became `created_time`).
 */
export interface Process extends ScoCommon<'process'> {
  readonly extensions?: ProcessExtensions;
  readonly is_hidden?: boolean;
  readonly pid?: number;
  /** When the process was created (not a versioning timestamp). */
  readonly created_time?: Timestamp;
  /** Current working directory. */
  readonly cwd?: string;
  readonly command_line?: string;
  readonly environment_variables?: { readonly [name: string]: string };
  readonly opened_connection_refs?: readonly Identifier<'network-traffic'>[];
  readonly creator_user_ref?: Identifier<'user-account'>;
  /** The executable that was run. */
  readonly image_ref?: Identifier<'file'>;
  readonly parent_ref?: Identifier<'process'>;
  readonly child_refs?: readonly Identifier<'process'>[];
}

/** Software (STIX 2.1 §6.14). */
export interface Software extends ScoCommon<'software'> {
  readonly name: string;
  /** A CPE 2.3 entry from the NVD CPE Dictionary. */
  readonly cpe?: string;
  /** SWID tag; its `tagId` SHOULD be used. */
  readonly swid?: string;
  /** RFC 5646 language codes. */
  readonly languages?: readonly string[];
  readonly vendor?: string;
  readonly version?: string;
}

/** URL (STIX 2.1 §6.15). */
export interface Url extends ScoCommon<'url'> {
  /** An RFC 3986 URL. */
  readonly value: string;
}

/** UNIX Account Extension, `unix-account-ext` (STIX 2.1 §6.16.2). At least one property MUST be present. */
export interface UnixAccountExt {
  /** Primary group id (the OASIS schema says number; the spec says integer). */
  readonly gid?: number;
  readonly groups?: readonly string[];
  readonly home_dir?: string;
  readonly shell?: string;
}

/** The `extensions` of a User Account (§6.16.1). */
export interface UserAccountExtensions extends Extensions {
  readonly 'unix-account-ext'?: UnixAccountExt;
}

/** User Account (STIX 2.1 §6.16). At least one property MUST be present. */
export interface UserAccount extends ScoCommon<'user-account'> {
  readonly extensions?: UserAccountExtensions;
  /** The account's unique id on its system (UID on UNIX). */
  readonly user_id?: string;
  /** A cleartext credential; only for malware-analysis metadata, never PII. */
  readonly credential?: string;
  /** What the user types to log in, when it differs from `user_id`. */
  readonly account_login?: string;
  readonly account_type?: Vocab<AccountTypeOv>;
  readonly display_name?: string;
  readonly is_service_account?: boolean;
  readonly is_privileged?: boolean;
  readonly can_escalate_privs?: boolean;
  readonly is_disabled?: boolean;
  readonly account_created?: Timestamp;
  readonly account_expires?: Timestamp;
  readonly credential_last_changed?: Timestamp;
  readonly account_first_login?: Timestamp;
  readonly account_last_login?: Timestamp;
}

/** Windows Registry Value (STIX 2.1 §6.17.2). At least one property MUST be present. */
export interface WindowsRegistryValue {
  /** The value's name; the empty string names the key's default value. */
  readonly name?: string;
  readonly data?: string;
  readonly data_type?: WindowsRegistryDatatypeEnum;
}

/**
 * Windows Registry Key (STIX 2.1 §6.17). At least one property MUST be present. The OASIS
 * schema's at-least-one list names `modified`; the property is `modified_time`.
 */
export interface WindowsRegistryKey extends ScoCommon<'windows-registry-key'> {
  /** The full key with the hive spelled out (`HKEY_LOCAL_MACHINE`, not `HKLM`). */
  readonly key?: string;
  readonly values?: readonly WindowsRegistryValue[];
  /** When the key was last modified (not a versioning timestamp). */
  readonly modified_time?: Timestamp;
  readonly creator_user_ref?: Identifier<'user-account'>;
  readonly number_of_subkeys?: number;
}

/** X.509 v3 Extensions (STIX 2.1 §6.18.2). At least one property MUST be present. */
export interface X509V3Extensions {
  /** OID 2.5.29.19. */
  readonly basic_constraints?: string;
  /** OID 2.5.29.30. */
  readonly name_constraints?: string;
  /** OID 2.5.29.36. */
  readonly policy_constraints?: string;
  /** OID 2.5.29.15. */
  readonly key_usage?: string;
  /** OID 2.5.29.37. */
  readonly extended_key_usage?: string;
  /** OID 2.5.29.14. */
  readonly subject_key_identifier?: string;
  /** OID 2.5.29.35. */
  readonly authority_key_identifier?: string;
  /** OID 2.5.29.17. */
  readonly subject_alternative_name?: string;
  /** OID 2.5.29.18. */
  readonly issuer_alternative_name?: string;
  /** OID 2.5.29.9. */
  readonly subject_directory_attributes?: string;
  /** OID 2.5.29.31. */
  readonly crl_distribution_points?: string;
  /** OID 2.5.29.54. */
  readonly inhibit_any_policy?: string;
  readonly private_key_usage_period_not_before?: Timestamp;
  readonly private_key_usage_period_not_after?: Timestamp;
  /** OID 2.5.29.32. */
  readonly certificate_policies?: string;
  /** OID 2.5.29.33. */
  readonly policy_mappings?: string;
}

/** X.509 Certificate (STIX 2.1 §6.18). At least one property MUST be present. */
export interface X509Certificate extends ScoCommon<'x509-certificate'> {
  readonly is_self_signed?: boolean;
  /** Hashes of the whole certificate. */
  readonly hashes?: Hashes;
  readonly version?: string;
  readonly serial_number?: string;
  readonly signature_algorithm?: string;
  readonly issuer?: string;
  readonly validity_not_before?: Timestamp;
  readonly validity_not_after?: Timestamp;
  readonly subject?: string;
  readonly subject_public_key_algorithm?: string;
  /** RSA modulus of the subject's public key. */
  readonly subject_public_key_modulus?: string;
  /** RSA exponent of the subject's public key. */
  readonly subject_public_key_exponent?: number;
  readonly x509_v3_extensions?: X509V3Extensions;
}
