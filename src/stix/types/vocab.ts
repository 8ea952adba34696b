// The STIX 2.1 vocabularies (§10), one union per vocabulary, named after the spec's `-ov` / `-enum`.
// Open vocabularies (`-ov`, §2.14) are used through `Vocab<…>`: the listed terms are suggestions
// and any other string is valid. Enumerations (`-enum`, §2.4) are closed and used as plain unions.
// Terms marked "Errata 01" were added by STIX 2.1 Errata 01 (2025) after the 2021 OASIS Standard;
// they only widen suggestions, so listing them changes nothing that the types accept.

/**
 * An open-vocabulary value (§2.14): one of the suggested terms `T`, or any other string.
 * `string & {}` keeps the literal suggestions visible in editors instead of collapsing to `string`.
 */
export type Vocab<T extends string> = T | (string & {});

/** `account-type-ov` (§10.1). */
export type AccountTypeOv =
  | 'facebook' | 'ldap' | 'nis' | 'openid' | 'radius' | 'skype' | 'tacacs' | 'twitter' | 'unix'
  | 'windows-local' | 'windows-domain';

/** `attack-motivation-ov` (§10.2). */
export type AttackMotivationOv =
  | 'accidental' | 'coercion' | 'dominance' | 'ideology' | 'notoriety' | 'organizational-gain'
  | 'personal-gain' | 'personal-satisfaction' | 'revenge' | 'unpredictable';

/** `attack-resource-level-ov` (§10.3). */
export type AttackResourceLevelOv = 'individual' | 'club' | 'contest' | 'team' | 'organization' | 'government';

/** `encryption-algorithm-enum` (§10.4), closed. */
export type EncryptionAlgorithmEnum = 'AES-256-GCM' | 'ChaCha20-Poly1305' | 'mime-type-indicated';

/** `extension-type-enum` (§10.5), closed. */
export type ExtensionTypeEnum =
  | 'new-sdo' | 'new-sco' | 'new-sro' | 'property-extension' | 'toplevel-property-extension';

/** `grouping-context-ov` (§10.6). */
export type GroupingContextOv = 'suspicious-activity' | 'malware-analysis' | 'unspecified';

/** `hash-algorithm-ov` (§10.7). */
export type HashAlgorithmOv = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-512' | 'SHA3-256' | 'SHA3-512' | 'SSDEEP' | 'TLSH';

/** `identity-class-ov` (§10.8). */
export type IdentityClassOv = 'individual' | 'group' | 'system' | 'organization' | 'class' | 'unknown';

/** `implementation-language-ov` (§10.9). */
export type ImplementationLanguageOv =
  | 'applescript' | 'bash' | 'c' | 'c++' | 'c#' | 'go' | 'java' | 'javascript' | 'lua' | 'objective-c'
  | 'perl' | 'php' | 'powershell' | 'python' | 'ruby' | 'scala' | 'swift' | 'typescript' | 'visual-basic'
  | 'x86-32' | 'x86-64'
  | 'rust'; // Errata 01

/** `indicator-type-ov` (§10.10). */
export type IndicatorTypeOv =
  | 'anomalous-activity' | 'anonymization' | 'benign' | 'compromised' | 'malicious-activity' | 'attribution'
  | 'unknown';

/** `industry-sector-ov` (§10.11). */
export type IndustrySectorOv =
  | 'agriculture' | 'aerospace' | 'automotive' | 'chemical' | 'commercial' | 'communications' | 'construction'
  | 'defense' | 'education' | 'energy' | 'entertainment' | 'financial-services' | 'government'
  | 'emergency-services' | 'government-local' | 'government-national' | 'government-public-services'
  | 'government-regional' | 'healthcare' | 'hospitality-leisure' | 'infrastructure' | 'dams' | 'nuclear'
  | 'water' | 'insurance' | 'manufacturing' | 'mining' | 'non-profit' | 'pharmaceuticals' | 'retail'
  | 'technology' | 'telecommunications' | 'transportation' | 'utilities'
  | 'legal'; // Errata 01

/**
 * `infrastructure-type-ov` (§10.12). The 2021 standard describes `control-system`, `firewall`,
 * `routers-switches` and `workstation` in its table but leaves them out of its summary line; the
 * OASIS schema follows the summary and omits them.
 */
export type InfrastructureTypeOv =
  | 'amplification' | 'anonymization' | 'botnet' | 'command-and-control' | 'control-system' | 'exfiltration'
  | 'firewall' | 'hosting-malware' | 'hosting-target-lists' | 'phishing' | 'reconnaissance' | 'routers-switches'
  | 'staging' | 'workstation' | 'unknown';

/** `malware-capabilities-ov` (§10.13). */
export type MalwareCapabilitiesOv =
  | 'accesses-remote-machines' | 'anti-debugging' | 'anti-disassembly' | 'anti-emulation'
  | 'anti-memory-forensics' | 'anti-sandbox' | 'anti-vm' | 'captures-input-peripherals'
  | 'captures-output-peripherals' | 'captures-system-state-data' | 'cleans-traces-of-infection'
  | 'commits-fraud' | 'communicates-with-c2' | 'compromises-data-availability' | 'compromises-data-integrity'
  | 'compromises-system-availability' | 'controls-local-machine' | 'degrades-security-software'
  | 'degrades-system-updates' | 'determines-c2-server' | 'emails-spam' | 'escalates-privileges' | 'evades-av'
  | 'exfiltrates-data' | 'fingerprints-host' | 'hides-artifacts' | 'hides-executing-code' | 'infects-files'
  | 'infects-remote-machines' | 'installs-other-components' | 'persists-after-system-reboot'
  | 'prevents-artifact-access' | 'prevents-artifact-deletion' | 'probes-network-environment' | 'self-modifies'
  | 'steals-authentication-credentials' | 'violates-system-operational-integrity';

/** `malware-result-ov` (§10.14); the OASIS schema calls it `malware-av-result-ov`. */
export type MalwareResultOv = 'malicious' | 'suspicious' | 'benign' | 'unknown';

/** `malware-type-ov` (§10.15). */
export type MalwareTypeOv =
  | 'adware' | 'backdoor' | 'bot' | 'bootkit' | 'ddos' | 'downloader' | 'dropper' | 'exploit-kit' | 'keylogger'
  | 'ransomware' | 'remote-access-trojan' | 'resource-exploitation' | 'rogue-security-software' | 'rootkit'
  | 'screen-capture' | 'spyware' | 'trojan' | 'unknown' | 'virus' | 'webshell' | 'wiper' | 'worm';

/** `network-socket-address-family-enum` (§10.16), closed. */
export type NetworkSocketAddressFamilyEnum =
  | 'AF_UNSPEC' | 'AF_INET' | 'AF_IPX' | 'AF_APPLETALK' | 'AF_NETBIOS' | 'AF_INET6' | 'AF_IRDA' | 'AF_BTH';

/** `network-socket-type-enum` (§10.17), closed. */
export type NetworkSocketTypeEnum = 'SOCK_STREAM' | 'SOCK_DGRAM' | 'SOCK_RAW' | 'SOCK_RDM' | 'SOCK_SEQPACKET';

/** `opinion-enum` (§10.18), closed. */
export type OpinionEnum = 'strongly-disagree' | 'disagree' | 'neutral' | 'agree' | 'strongly-agree';

/** `pattern-type-ov` (§10.19). */
export type PatternTypeOv = 'stix' | 'pcre' | 'sigma' | 'snort' | 'suricata' | 'yara';

/** `processor-architecture-ov` (§10.20). */
export type ProcessorArchitectureOv = 'alpha' | 'arm' | 'ia-64' | 'mips' | 'powerpc' | 'sparc' | 'x86' | 'x86-64';

/**
 * `region-ov` (§10.21). The OASIS schema's enum is broken here: it fuses `central-america` with
 * `northern-america` and `europe` with `eastern-europe`, and lacks `south-eastern-asia`.
 */
export type RegionOv =
  | 'africa' | 'eastern-africa' | 'middle-africa' | 'northern-africa' | 'southern-africa' | 'western-africa'
  | 'americas' | 'latin-america-caribbean' | 'south-america' | 'caribbean' | 'central-america'
  | 'northern-america' | 'asia' | 'central-asia' | 'eastern-asia' | 'southern-asia' | 'south-eastern-asia'
  | 'western-asia' | 'europe' | 'eastern-europe' | 'northern-europe' | 'southern-europe' | 'western-europe'
  | 'oceania' | 'antarctica' | 'australia-new-zealand' | 'melanesia' | 'micronesia' | 'polynesia';

/** `report-type-ov` (§10.22); the OASIS schema lacks `intrusion-set`. */
export type ReportTypeOv =
  | 'attack-pattern' | 'campaign' | 'identity' | 'indicator' | 'intrusion-set' | 'malware' | 'observed-data'
  | 'threat-actor' | 'threat-report' | 'tool' | 'vulnerability'
  | 'incident'; // Errata 01

/** `threat-actor-type-ov` (§10.23). */
export type ThreatActorTypeOv =
  | 'activist' | 'competitor' | 'crime-syndicate' | 'criminal' | 'hacker' | 'insider-accidental'
  | 'insider-disgruntled' | 'nation-state' | 'sensationalist' | 'spy' | 'terrorist' | 'unknown'
  | 'private-sector'; // Errata 01

/** `threat-actor-role-ov` (§10.24). */
export type ThreatActorRoleOv =
  | 'agent' | 'director' | 'independent' | 'infrastructure-architect' | 'infrastructure-operator'
  | 'malware-author' | 'sponsor';

/** `threat-actor-sophistication-ov` (§10.25). */
export type ThreatActorSophisticationOv =
  | 'none' | 'minimal' | 'intermediate' | 'advanced' | 'expert' | 'innovator' | 'strategic';

/** `tool-type-ov` (§10.26). */
export type ToolTypeOv =
  | 'denial-of-service' | 'exploitation' | 'information-gathering' | 'network-capture'
  | 'credential-exploitation' | 'remote-access' | 'vulnerability-scanning' | 'unknown';

/** `windows-integrity-level-enum` (§10.27), closed. */
export type WindowsIntegrityLevelEnum = 'low' | 'medium' | 'high' | 'system';

/** `windows-pebinary-type-ov` (§10.28). */
export type WindowsPebinaryTypeOv = 'dll' | 'exe' | 'sys';

/** `windows-registry-datatype-enum` (§10.29), closed. */
export type WindowsRegistryDatatypeEnum =
  | 'REG_NONE' | 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_BINARY' | 'REG_DWORD' | 'REG_DWORD_BIG_ENDIAN'
  | 'REG_DWORD_LITTLE_ENDIAN' | 'REG_LINK' | 'REG_MULTI_SZ' | 'REG_RESOURCE_LIST'
  | 'REG_FULL_RESOURCE_DESCRIPTION' | 'REG_RESOURCE_REQUIREMENTS_LIST' | 'REG_QWORD' | 'REG_INVALID_TYPE';

/** `windows-service-start-type-enum` (§10.30), closed. */
export type WindowsServiceStartTypeEnum =
  | 'SERVICE_AUTO_START' | 'SERVICE_BOOT_START' | 'SERVICE_DEMAND_START' | 'SERVICE_DISABLED'
  | 'SERVICE_SYSTEM_ALERT';

/** `windows-service-type-enum` (§10.31), closed. */
export type WindowsServiceTypeEnum =
  | 'SERVICE_KERNEL_DRIVER' | 'SERVICE_FILE_SYSTEM_DRIVER' | 'SERVICE_WIN32_OWN_PROCESS'
  | 'SERVICE_WIN32_SHARE_PROCESS';

/** `windows-service-status-enum` (§10.32), closed. */
export type WindowsServiceStatusEnum =
  | 'SERVICE_CONTINUE_PENDING' | 'SERVICE_PAUSE_PENDING' | 'SERVICE_PAUSED' | 'SERVICE_RUNNING'
  | 'SERVICE_START_PENDING' | 'SERVICE_STOP_PENDING' | 'SERVICE_STOPPED';
