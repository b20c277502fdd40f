// The controlled vocabulary of the clause library: categories, tags and parameter types.
//
// Categories are the folders of clauses/ and follow the headings under which the PA-X
// peace-agreement database codes agreement provisions; tags are PA-X codes where PA-X has one
// and our own `pacta-` tags where it has none. A clause using a word outside these lists is
// reported, so a typo cannot split the library into near-duplicate filters.

/** Clause categories, each with the label the library panel shows. */
export const CATEGORIES: Readonly<Record<string, string>> = {
  'definitions': 'Definitions',
  'process': 'Negotiation process',
  'protection': 'Protection of negotiators and participants',
  'amnesty': 'Amnesty',
  'transitional-justice': 'Transitional justice and legal leniency',
  'incentives': 'Incentives',
  'ceasefire': 'Ceasefire',
  'certification': 'Certification and registration',
  'capacity': 'Technical support, preparedness and training',
  'implementation': 'Implementation, verification and crisis management',
  'dispute-settlement': 'Dispute settlement',
  'final-clauses': 'Final clauses',
}

/**
 * PA-X codes used by the library, as the PA-X peace agreement database names its variables, with
 * what each covers. Only codes whose meaning fits a clause are listed; add one here before using
 * it in a clause. PA-X codes provisions of agreements; subjects it has no variable for take our
 * own `pacta-` tags below, never a PA-X code stretched to fit (PA-X's "UN signatory" and "other
 * international signatory" describe who signs, not what a clause does).
 */
export const PAX_TAGS: Readonly<Record<string, string>> = {
  TjGen: 'Transitional justice: general',
  TjAm: 'Transitional justice: amnesty or pardon',
  TjAmPro: 'Transitional justice: amnesty or pardon proper',
  TjAmBan: 'Transitional justice: amnesty prohibition (crimes excluded)',
  TjVic: 'Transitional justice: victims',
  TjRep: 'Transitional justice: reparations',
  Ce: 'Ceasefire',
  CeProv: 'Ceasefire: ceasefire provisions',
  SsrGua: 'Security sector: general',
  SsrDdr: 'Security sector: disarmament, demobilisation and reintegration',
  SsrCrOcr: 'Security sector: crime and organised crime',
  Cor: 'Security sector: corruption',
  JusPri: 'Justice sector: prisons and detention',
  CprDet: 'Civil and political rights: humane treatment in detention',
  CprFass: 'Civil and political rights: freedom of association',
  CprFmov: 'Civil and political rights: freedom of movement',
  CprFspe: 'Civil and political rights: freedom of speech',
  HrfTinc: 'Human rights framework: incorporation of human rights, humanitarian or international criminal law treaties',
  ProtOth: 'Protection: other protection measures',
  Civso: 'Civil society',
  Tral: 'Traditional and religious leaders',
  GeWom: 'Women, girls and gender',
  StXbor: 'State: cross-border provisions',
  DevSoc: 'Development: socio-economic development provisions',
  DevHum: 'Development: humanitarian assistance',
  IntFu: 'Development: international funds',
  ImE: 'Implementation: enforcement mechanism',
  ImPK: 'Implementation: international mission, force or similar',
  // Valid PA-X codes the shipped clauses no longer use (they were misapplied); kept so that
  // clauses saved with them still load.
  TjPrire: 'Transitional justice: prisoner release',
  GRa: 'Groups: racial, ethnic or national groups',
  HrFra: 'Human rights framework',
  ImUN: 'Implementation: the United Nations is a signatory',
  ImOth: 'Implementation: another international actor is a signatory',
}

/** Tags that never were PA-X codes, and the code that replaces each; a clause using one is read with the replacement. */
export const RENAMED_TAGS: Readonly<Record<string, string>> = {
  SsrPrison: 'JusPri',
}

/** Our own tags, for subjects PA-X does not code (prefix `pacta-`). */
export const OWN_TAGS: Readonly<Record<string, string>> = {
  'pacta-negotiator-protection': 'Protection of negotiators, facilitators and participants',
  'pacta-safe-conduct': 'Safe conduct to and from talks',
  'pacta-immunity': 'Immunity or exemption from legal process for taking part in talks',
  'pacta-confidentiality': 'Confidentiality of talks',
  'pacta-certification': 'Certification of agreements',
  'pacta-registration': 'Deposit and registration of agreements',
  'pacta-preparedness': 'State preparedness, education and training',
  'pacta-technical-support': 'Technical support mechanism',
  'pacta-definitions': 'Definitions',
  'pacta-inclusion': 'Inclusion of parties and handling of spoilers',
  'pacta-leniency': 'Legal leniency for cooperation',
  'pacta-extradition': 'Extradition',
  'pacta-crisis': 'Crisis management',
  'pacta-dispute-settlement': 'Settlement of disputes',
  'pacta-final-clauses': 'Final clauses of a treaty',
  'pacta-organized-crime': 'Negotiation with organized criminal groups',
  'pacta-continuity': 'Continuity of commitments across changes of government',
  'pacta-integrity': "Integrity of the State's own negotiators (corruption, collusion)",
  'pacta-humanitarian-access': 'Humanitarian organizations engaging armed and criminal groups for access',
  'pacta-group-identity': "Recognition of a group's collective identity apart from violence and crime",
}

/** What tag `code` means, as the library shows it ("Civil and political rights: freedom of movement"); an unknown code as itself. */
export const tagLabel = (code: string): string => PAX_TAGS[code] ?? OWN_TAGS[code] ?? code

/** Every tag a clause may carry. */
export const TAGS: ReadonlySet<string> = new Set([...Object.keys(PAX_TAGS), ...Object.keys(OWN_TAGS)])

/** The kinds of value a parameter holds; each is checked by `parameterValueError`. */
export const PARAMETER_TYPES = ['text', 'date', 'number', 'choice', 'party'] as const
export type ParameterType = (typeof PARAMETER_TYPES)[number]

/** Identifiers: clause ids, variant ids and template ids (lower-case words joined by hyphens). */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

// Parameter names: what `{{name}}` refers to, shared document-wide. The clause files, the
// editor's "Insert a parameter" dialog and a selection saved as a clause all follow this one rule,
// so a name the editor accepts can always be written back into a clause file.
const NAME = '[a-z][a-z0-9_]{0,59}'

/** The rule parameter names follow. */
export const PARAMETER_NAME = new RegExp(`^${NAME}$`)
/** PARAMETER_NAME in words, as told to the person whose name is refused. */
export const PARAMETER_NAME_RULE = 'a parameter name is 1 to 60 lower-case letters, digits and _, starting with a letter'
/** Whether `name` is a valid parameter name (see PARAMETER_NAME_RULE). */
export const isParameterName = (name: unknown): name is string => typeof name === 'string' && PARAMETER_NAME.test(name)
/** A `{{name}}` placeholder in clause or template text, with the name as group 1 (for `matchAll` and `replace`). */
export const PLACEHOLDER = new RegExp(`\\{\\{\\s*(${NAME})\\s*\\}\\}`, 'g')
