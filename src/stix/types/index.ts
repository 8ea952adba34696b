// TypeScript types for every STIX 2.1 object (OASIS Standard, 10 June 2021), grouped by kind, and
// the one runtime helper that narrows by `type`. The types describe validated objects; they check
// nothing at runtime. Where the OASIS JSON schemas and the spec disagree these types follow the
// spec, and the disagreement is noted where the property is declared.

import type {
  Artifact, AutonomousSystem, Directory, DomainName, EmailAddr, EmailMessage, File, Ipv4Addr, Ipv6Addr, MacAddr,
  Mutex, NetworkTraffic, Process, Software, Url, UserAccount, WindowsRegistryKey, X509Certificate,
} from './sco.js';
import type {
  AttackPattern, Campaign, CourseOfAction, Grouping, Identity, Incident, Indicator, Infrastructure, IntrusionSet,
  Location, Malware, MalwareAnalysis, Note, ObservedData, Opinion, Report, ThreatActor, Tool, Vulnerability,
} from './sdo.js';
import type { ExtensionDefinition, LanguageContent, MarkingDefinition } from './smo.js';
import type { Relationship, Sighting } from './sro.js';

export type * from './common.js';
export type * from './sco.js';
export type * from './sdo.js';
export type * from './smo.js';
export type * from './sro.js';
export type * from './vocab.js';

/** The STIX Domain Objects (STIX 2.1 §4). */
export type Sdo =
  | AttackPattern | Campaign | CourseOfAction | Grouping | Identity | Incident | Indicator | Infrastructure
  | IntrusionSet | Location | Malware | MalwareAnalysis | Note | ObservedData | Opinion | Report | ThreatActor
  | Tool | Vulnerability;

/** The STIX Relationship Objects (STIX 2.1 §5). */
export type Sro = Relationship | Sighting;

/** The STIX Cyber-observable Objects (STIX 2.1 §6). */
export type Sco =
  | Artifact | AutonomousSystem | Directory | DomainName | EmailAddr | EmailMessage | File | Ipv4Addr | Ipv6Addr
  | MacAddr | Mutex | NetworkTraffic | Process | Software | Url | UserAccount | WindowsRegistryKey
  | X509Certificate;

/** The STIX Meta Objects (STIX 2.1 §7). */
export type Smo = ExtensionDefinition | LanguageContent | MarkingDefinition;

/** Every object type the spec defines (the Bundle is not a STIX Object, §8). */
export type StixObject = Sdo | Sro | Sco | Smo;

/**
 * Any STIX object as it may arrive (STIX 2.1 §11.2, §7.3): a custom or extension-defined type, or
 * a standard type carrying properties the standard interfaces do not declare (top-level property
 * extensions). Stored and received objects are typed `StixObject | CustomStixObject`; narrow with
 * `isType` once the object has been validated.
 */
export interface CustomStixObject {
  readonly type: string;
  readonly id: string;
  readonly [k: string]: unknown;
}

/** Each type name the spec defines (STIX 2.1 §4–§7) mapped to its interface. */
export interface StixObjectByType {
  'attack-pattern': AttackPattern;
  'campaign': Campaign;
  'course-of-action': CourseOfAction;
  'grouping': Grouping;
  'identity': Identity;
  'incident': Incident;
  'indicator': Indicator;
  'infrastructure': Infrastructure;
  'intrusion-set': IntrusionSet;
  'location': Location;
  'malware': Malware;
  'malware-analysis': MalwareAnalysis;
  'note': Note;
  'observed-data': ObservedData;
  'opinion': Opinion;
  'report': Report;
  'threat-actor': ThreatActor;
  'tool': Tool;
  'vulnerability': Vulnerability;
  'relationship': Relationship;
  'sighting': Sighting;
  'artifact': Artifact;
  'autonomous-system': AutonomousSystem;
  'directory': Directory;
  'domain-name': DomainName;
  'email-addr': EmailAddr;
  'email-message': EmailMessage;
  'file': File;
  'ipv4-addr': Ipv4Addr;
  'ipv6-addr': Ipv6Addr;
  'mac-addr': MacAddr;
  'mutex': Mutex;
  'network-traffic': NetworkTraffic;
  'process': Process;
  'software': Software;
  'url': Url;
  'user-account': UserAccount;
  'windows-registry-key': WindowsRegistryKey;
  'x509-certificate': X509Certificate;
  'extension-definition': ExtensionDefinition;
  'language-content': LanguageContent;
  'marking-definition': MarkingDefinition;
}

/**
 * Narrows an object to the interface of type `t` by its `type` property alone. It does not
 * validate: use it on objects that have passed the validator.
 */
export function isType<T extends keyof StixObjectByType>(o: { type: string }, t: T): o is StixObjectByType[T] {
  return o.type === t;
}
