/**
 * The demo workspace's company set: our own company (the seller), its shared mailboxes,
 * teams and agents, about 40 customer accounts in three tiers with parents and
 * subsidiaries, their contacts, and a product catalogue.
 *
 * Pure and deterministic: plain constants (the contacts and the catalogue are expanded from
 * small tables at module load, without randomness), so the sync server's `seed-demo`, the
 * demo mailbox generator and the tests all see the same ids.
 *
 * All mail domains sit under the reserved `.example` TLD (RFC 2606): a demo workspace that
 * is later connected to a real SMTP server can never mail a real company.
 */

export type DemoRegion = 'emea-dach' | 'emea-west' | 'na'
/** Service tier: `strategic` accounts get the tightest SLA, `standard` the loosest. */
export type DemoTier = 'strategic' | 'key' | 'standard'
export type DemoCountry = 'DE' | 'AT' | 'CH' | 'NL' | 'GB' | 'US'
export type DemoCurrency = 'EUR' | 'CHF' | 'GBP' | 'USD'
export type DemoLanguage = 'de' | 'en'
export type ContactRole = 'buyer' | 'finance' | 'approver' | 'admin'
export type AgentRole = 'agent' | 'account_manager' | 'team_lead' | 'admin'
export type PaymentTermsCode = 'PREPAID' | 'NET14' | 'NET30' | 'NET45' | 'NET60' | '2-10-NET30'
export type ProductCategory = 'fasteners' | 'packaging' | 'lab' | 'electrical' | 'mro'

export interface PaymentTerms {
  code: PaymentTermsCode
  /** Days from invoice date to due date. */
  netDays: number
  /** Early-payment discount in percent, if any. */
  discountPercent: number
  discountDays: number
  label: string
  labelDe: string
}

export const PAYMENT_TERMS: Readonly<Record<PaymentTermsCode, PaymentTerms>> = {
  PREPAID: {
    code: 'PREPAID',
    netDays: 0,
    discountPercent: 0,
    discountDays: 0,
    label: 'Payment in advance',
    labelDe: 'Vorkasse',
  },
  NET14: {
    code: 'NET14',
    netDays: 14,
    discountPercent: 0,
    discountDays: 0,
    label: '14 days net',
    labelDe: '14 Tage netto',
  },
  NET30: {
    code: 'NET30',
    netDays: 30,
    discountPercent: 0,
    discountDays: 0,
    label: '30 days net',
    labelDe: '30 Tage netto',
  },
  NET45: {
    code: 'NET45',
    netDays: 45,
    discountPercent: 0,
    discountDays: 0,
    label: '45 days net',
    labelDe: '45 Tage netto',
  },
  NET60: {
    code: 'NET60',
    netDays: 60,
    discountPercent: 0,
    discountDays: 0,
    label: '60 days net',
    labelDe: '60 Tage netto',
  },
  '2-10-NET30': {
    code: '2-10-NET30',
    netDays: 30,
    discountPercent: 2,
    discountDays: 10,
    label: '2% 10 days, 30 days net',
    labelDe: '10 Tage 2 % Skonto, 30 Tage netto',
  },
}

export interface DemoTeam {
  id: string
  name: string
  /** The region whose accounts this team serves, or null for a cross-region team (billing). */
  region: DemoRegion | null
  leadAgentId: string
}

/** How a person is addressed formally: "Frau/Herr Vogel", "Ms/Mr Vogel". */
export type Honorific = 'ms' | 'mr'

export interface DemoAgent {
  id: string
  name: string
  honorific: Honorific
  email: string
  role: AgentRole
  /** Null only for the workspace admin. */
  teamId: string | null
  languages: DemoLanguage[]
  /** The title under the name in the agent's mail signature. */
  title: string
}

export interface DemoSharedMailbox {
  id: string
  address: string
  displayName: string
  purpose: 'support' | 'billing' | 'regional'
  /** The team whose queue this mailbox feeds by default. */
  teamId: string
  /** Regions whose customers write here (a regional inbox serves one region). */
  regions: DemoRegion[]
}

export interface DemoSeller {
  id: string
  name: string
  legalName: string
  domain: string
  country: DemoCountry
  street: string
  city: string
  vatId: string
  phone: string
  currency: DemoCurrency
}

export interface DemoAccount {
  id: string
  /** The account number in the ERP (the import API's external id). */
  externalId: string
  name: string
  parentId: string | null
  tier: DemoTier
  region: DemoRegion
  country: DemoCountry
  city: string
  /** IANA zone of the account's business hours. */
  timeZone: string
  /** Holiday calendar id (country, optionally subdivision), e.g. `DE-BY`, `GB-ENG`, `US`. */
  calendar: string
  language: DemoLanguage
  currency: DemoCurrency
  industry: string
  /** Mail domains of the account's contacts; unique across accounts. */
  domains: string[]
  paymentTerms: PaymentTermsCode
  /** Credit limit in minor units (cents) of the account's currency. */
  creditLimitMinor: number
  /** The dedicated account manager (an agent with role `account_manager`). */
  repId: string
  teamId: string
}

export interface DemoContact {
  id: string
  accountId: string
  /** Without the academic title. */
  firstName: string
  lastName: string
  /** Academic title written before the name, e.g. `Dr.`, or null. */
  academicTitle: string | null
  /** Full name as written in signatures, with the academic title. */
  name: string
  honorific: Honorific
  email: string
  role: ContactRole
  /** Department, and the scope of what the contact orders or approves for. */
  department: string
  language: DemoLanguage
  phone: string
}

export interface DemoProduct {
  sku: string
  category: ProductCategory
  name: string
  nameDe: string
  /** Sales unit, e.g. a box of 100 pieces. */
  unit: 'piece' | 'box' | 'roll' | 'pack' | 'case' | 'drum'
  packSize: number
  /** List price per sales unit in euro cents (other currencies convert at the demo rates). */
  listPriceMinor: number
  /** Replenishment lead time when out of stock, in working days. */
  leadTimeDays: number
}

/** First names of the women in the demo data (everyone else is addressed as Mr/Herr). */
const FEMALE_FIRST_NAMES: ReadonlySet<string> = new Set(
  (
    'Katrin Monika Sandra Heike Birgit Corinne Anja Petra Nicole Susanne Yvonne Sabrina Karin Martina Elisabeth ' +
    'Nadine Sarah Melanie Silke Ines Ulrike Verena Daniela Priska Claudia Manuela Kerstin Sabine Tanja Sanne Lotte ' +
    'Femke Sophie Annelies Marloes Ingrid Esther Claire Helen Joanne Karen Priya Rachel Fiona Lisa Jennifer Angela ' +
    'Megan Laura Tina Emily Maria Amanda Brenda Crystal Rebecca Heather Julia Lena Emma Chloe Jessica Andrea Nina'
  ).split(' '),
)

function honorificOf(firstNameOrFullName: string): Honorific {
  const first = firstNameOrFullName.replace(/^Dr\.\s+/, '').split(' ')[0] ?? ''
  return FEMALE_FIRST_NAMES.has(first) ? 'ms' : 'mr'
}

/* ---------------------------------------------------------------- the seller */

export const DEMO_SELLER: DemoSeller = {
  id: 'seller-kontor-demo',
  name: 'Kontor Demo Supply',
  legalName: 'Kontor Demo Supply GmbH',
  domain: 'kontor-demo.example',
  country: 'DE',
  street: 'Industriestraße 12',
  city: '90451 Nürnberg',
  vatId: 'DE999999999',
  phone: '+49 911 555 0100',
  currency: 'EUR',
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    id: 'team-dach',
    name: 'Customer Service DACH',
    region: 'emea-dach',
    leadAgentId: 'agt-thomas-berger',
  },
  {
    id: 'team-west',
    name: 'Customer Service EMEA West',
    region: 'emea-west',
    leadAgentId: 'agt-emma-de-jong',
  },
  {
    id: 'team-na',
    name: 'Customer Service North America',
    region: 'na',
    leadAgentId: 'agt-michael-reyes',
  },
  { id: 'team-billing', name: 'Billing & Credit', region: null, leadAgentId: 'agt-andrea-lang' },
]

function agent(
  id: string,
  name: string,
  role: AgentRole,
  teamId: string | null,
  languages: DemoLanguage[],
  title: string,
): DemoAgent {
  const local = id.replace(/^agt-/, '').replace(/-/g, '.')
  return {
    id,
    name,
    honorific: honorificOf(name),
    email: `${local}@${DEMO_SELLER.domain}`,
    role,
    teamId,
    languages,
    title,
  }
}

export const DEMO_AGENTS: readonly DemoAgent[] = [
  agent(
    'agt-sabine-hartmann',
    'Sabine Hartmann',
    'admin',
    null,
    ['de', 'en'],
    'Head of Customer Operations',
  ),
  // DACH
  agent(
    'agt-thomas-berger',
    'Thomas Berger',
    'team_lead',
    'team-dach',
    ['de', 'en'],
    'Teamleiter Kundenservice DACH',
  ),
  agent(
    'agt-julia-neumann',
    'Julia Neumann',
    'account_manager',
    'team-dach',
    ['de', 'en'],
    'Key Account Managerin',
  ),
  agent(
    'agt-markus-eder',
    'Markus Eder',
    'account_manager',
    'team-dach',
    ['de', 'en'],
    'Key Account Manager Österreich/Schweiz',
  ),
  agent('agt-lena-fischer', 'Lena Fischer', 'agent', 'team-dach', ['de', 'en'], 'Kundenservice'),
  agent('agt-stefan-wolf', 'Stefan Wolf', 'agent', 'team-dach', ['de'], 'Kundenservice'),
  // EMEA West
  agent(
    'agt-emma-de-jong',
    'Emma de Jong',
    'team_lead',
    'team-west',
    ['en', 'de'],
    'Team Lead Customer Service EMEA West',
  ),
  agent(
    'agt-oliver-grant',
    'Oliver Grant',
    'account_manager',
    'team-west',
    ['en'],
    'Account Manager UK & Ireland',
  ),
  agent(
    'agt-daan-visser',
    'Daan Visser',
    'account_manager',
    'team-west',
    ['en', 'de'],
    'Account Manager Benelux',
  ),
  agent('agt-chloe-harris', 'Chloe Harris', 'agent', 'team-west', ['en'], 'Customer Service'),
  // North America
  agent(
    'agt-michael-reyes',
    'Michael Reyes',
    'team_lead',
    'team-na',
    ['en'],
    'Team Lead Customer Service North America',
  ),
  agent(
    'agt-jessica-cole',
    'Jessica Cole',
    'account_manager',
    'team-na',
    ['en'],
    'Account Manager North America',
  ),
  agent('agt-tyler-brooks', 'Tyler Brooks', 'agent', 'team-na', ['en'], 'Customer Service'),
  // Billing
  agent(
    'agt-andrea-lang',
    'Andrea Lang',
    'team_lead',
    'team-billing',
    ['de', 'en'],
    'Leiterin Debitorenbuchhaltung',
  ),
  agent('agt-nina-kovac', 'Nina Kovac', 'agent', 'team-billing', ['de', 'en'], 'Billing & Credit'),
  agent(
    'agt-paul-schubert',
    'Paul Schubert',
    'agent',
    'team-billing',
    ['de', 'en'],
    'Forderungsmanagement',
  ),
]

export const DEMO_SHARED_MAILBOXES: readonly DemoSharedMailbox[] = [
  {
    id: 'mbx-support',
    address: `support@${DEMO_SELLER.domain}`,
    displayName: 'Kontor Demo Supply Support',
    purpose: 'support',
    teamId: 'team-dach',
    regions: ['emea-dach', 'emea-west', 'na'],
  },
  {
    id: 'mbx-billing',
    address: `billing@${DEMO_SELLER.domain}`,
    displayName: 'Kontor Demo Supply Billing',
    purpose: 'billing',
    teamId: 'team-billing',
    regions: ['emea-dach', 'emea-west', 'na'],
  },
  {
    id: 'mbx-emea',
    address: `emea@${DEMO_SELLER.domain}`,
    displayName: 'Kontor Demo Supply EMEA',
    purpose: 'regional',
    teamId: 'team-west',
    regions: ['emea-west'],
  },
]

/* ---------------------------------------------------------------- accounts */

const REGION_TEAM: Readonly<Record<DemoRegion, string>> = {
  'emea-dach': 'team-dach',
  'emea-west': 'team-west',
  na: 'team-na',
}
const COUNTRY_DEFAULTS: Readonly<
  Record<
    DemoCountry,
    { region: DemoRegion; timeZone: string; currency: DemoCurrency; language: DemoLanguage }
  >
> = {
  DE: { region: 'emea-dach', timeZone: 'Europe/Berlin', currency: 'EUR', language: 'de' },
  AT: { region: 'emea-dach', timeZone: 'Europe/Vienna', currency: 'EUR', language: 'de' },
  CH: { region: 'emea-dach', timeZone: 'Europe/Zurich', currency: 'CHF', language: 'de' },
  NL: { region: 'emea-west', timeZone: 'Europe/Amsterdam', currency: 'EUR', language: 'en' },
  GB: { region: 'emea-west', timeZone: 'Europe/London', currency: 'GBP', language: 'en' },
  US: { region: 'na', timeZone: 'America/Chicago', currency: 'USD', language: 'en' },
}

/** How an account spells its addresses: `katrin.vogel@`, `k.vogel@` or `vogel@`. */
type EmailStyle = 'first.last' | 'f.last' | 'last' | 'firstlast'

interface AccountSpec {
  id: string
  name: string
  parentId?: string
  tier: DemoTier
  country: DemoCountry
  city: string
  calendar: string
  industry: string
  domain: string
  terms: PaymentTermsCode
  /** Credit limit in whole currency units. */
  credit: number
  repId: string
  /** 2–5 contacts: [first name, last name, role, department]. */
  contacts: readonly (readonly [string, string, ContactRole, string])[]
  emailStyle: EmailStyle
  timeZone?: string
}

const ACCOUNT_SPECS: readonly AccountSpec[] = [
  // ---- DACH: the Hallberg group (strategic parent with three subsidiaries)
  {
    id: 'acc-hallberg-holding',
    name: 'Hallberg Industrie Holding AG',
    tier: 'strategic',
    country: 'DE',
    city: 'Stuttgart',
    calendar: 'DE-BW',
    industry: 'Industrial group',
    domain: 'hallberg-group.example',
    terms: 'NET60',
    credit: 750_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'first.last',
    contacts: [
      ['Katrin', 'Vogel', 'buyer', 'Zentraleinkauf'],
      ['Jürgen', 'Größer', 'approver', 'Leitung Einkauf'],
      ['Monika', 'Albrecht', 'finance', 'Kreditorenbuchhaltung'],
      ['Dirk', 'Lehmann', 'admin', 'IT / eProcurement'],
    ],
  },
  {
    id: 'acc-hallberg-verbindungstechnik',
    name: 'Hallberg Verbindungstechnik GmbH',
    parentId: 'acc-hallberg-holding',
    tier: 'strategic',
    country: 'DE',
    city: 'Heilbronn',
    calendar: 'DE-BW',
    industry: 'Fastening systems',
    domain: 'hallberg-vt.example',
    terms: 'NET60',
    credit: 250_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'first.last',
    contacts: [
      ['Tobias', 'Schäfer', 'buyer', 'Einkauf Werk Heilbronn'],
      ['Sandra', 'Keller', 'buyer', 'Einkauf Werk Öhringen'],
      ['Frank', 'Weiß', 'approver', 'Werksleitung'],
      ['Heike', 'Braun', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-hallberg-austria',
    name: 'Hallberg Austria GmbH',
    parentId: 'acc-hallberg-holding',
    tier: 'key',
    country: 'AT',
    city: 'Linz',
    calendar: 'AT',
    industry: 'Fastening systems',
    domain: 'hallberg.at.example',
    terms: 'NET45',
    credit: 120_000,
    repId: 'agt-markus-eder',
    emailStyle: 'first.last',
    contacts: [
      ['Andreas', 'Pichler', 'buyer', 'Einkauf'],
      ['Birgit', 'Huber', 'finance', 'Rechnungswesen'],
      ['Christoph', 'Gruber', 'approver', 'Geschäftsführung'],
    ],
  },
  {
    id: 'acc-hallberg-schweiz',
    name: 'Hallberg Schweiz AG',
    parentId: 'acc-hallberg-holding',
    tier: 'key',
    country: 'CH',
    city: 'Winterthur',
    calendar: 'CH-ZH',
    industry: 'Fastening systems',
    domain: 'hallberg.ch.example',
    terms: 'NET30',
    credit: 90_000,
    repId: 'agt-markus-eder',
    emailStyle: 'f.last',
    contacts: [
      ['Reto', 'Baumann', 'buyer', 'Beschaffung'],
      ['Corinne', 'Meier', 'finance', 'Finanzen'],
    ],
  },
  // ---- DACH: Brandt packaging with its logistics subsidiary
  {
    id: 'acc-brandt-verpackung',
    name: 'Brandt Verpackungswerke GmbH',
    tier: 'key',
    country: 'DE',
    city: 'Bielefeld',
    calendar: 'DE-NW',
    industry: 'Packaging manufacturing',
    domain: 'brandt-verpackung.example',
    terms: '2-10-NET30',
    credit: 150_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'f.last',
    contacts: [
      ['Michael', 'Krüger', 'buyer', 'Einkauf'],
      ['Anja', 'Schulze', 'buyer', 'Disposition'],
      ['Ralf', 'Brandt', 'approver', 'Geschäftsführung'],
      ['Petra', 'Hoffmann', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-brandt-logistik',
    name: 'Brandt Logistik Service GmbH',
    parentId: 'acc-brandt-verpackung',
    tier: 'standard',
    country: 'DE',
    city: 'Gütersloh',
    calendar: 'DE-NW',
    industry: 'Contract logistics',
    domain: 'brandt-logistik.example',
    terms: 'NET30',
    credit: 40_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'f.last',
    contacts: [
      ['Sven', 'Hartwig', 'buyer', 'Lagerleitung'],
      ['Nicole', 'Busch', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-kessler-labortechnik',
    name: 'Kessler Labortechnik GmbH',
    tier: 'key',
    country: 'DE',
    city: 'Mainz',
    calendar: 'DE-RP',
    industry: 'Laboratory services',
    domain: 'kessler-labor.example',
    terms: 'NET30',
    credit: 80_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'first.last',
    contacts: [
      ['Dr. Susanne', 'Kessler', 'approver', 'Laborleitung'],
      ['Yvonne', 'Franke', 'buyer', 'Labor-Einkauf'],
      ['Matthias', 'Roth', 'finance', 'Rechnungsprüfung'],
    ],
  },
  {
    id: 'acc-vogt-elektro',
    name: 'Vogt Elektroanlagen GmbH & Co. KG',
    tier: 'standard',
    country: 'DE',
    city: 'Regensburg',
    calendar: 'DE-BY',
    industry: 'Electrical contracting',
    domain: 'vogt-elektro.example',
    terms: 'NET30',
    credit: 35_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'last',
    contacts: [
      ['Bernd', 'Vogt', 'approver', 'Geschäftsführung'],
      ['Sabrina', 'Ludwig', 'buyer', 'Materialwirtschaft'],
      ['Karin', 'Engel', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-steiner-maschinenbau',
    name: 'Steiner Maschinenbau GmbH',
    tier: 'key',
    country: 'AT',
    city: 'Graz',
    calendar: 'AT',
    industry: 'Machine building',
    domain: 'steiner-mb.example',
    terms: 'NET45',
    credit: 110_000,
    repId: 'agt-markus-eder',
    emailStyle: 'first.last',
    contacts: [
      ['Wolfgang', 'Steiner', 'approver', 'Technische Leitung'],
      ['Martina', 'Hofer', 'buyer', 'Einkauf'],
      ['Lukas', 'Wagner', 'buyer', 'Montage'],
      ['Elisabeth', 'Moser', 'finance', 'Buchhaltung'],
      ['Florian', 'Auer', 'admin', 'IT'],
    ],
  },
  // ---- DACH: Alpentech (CH parent, DE subsidiary)
  {
    id: 'acc-alpentech',
    name: 'Alpentech Automation AG',
    tier: 'strategic',
    country: 'CH',
    city: 'Zug',
    calendar: 'CH-ZG',
    industry: 'Automation systems',
    domain: 'alpentech.example',
    terms: 'NET45',
    credit: 400_000,
    repId: 'agt-markus-eder',
    emailStyle: 'first.last',
    contacts: [
      ['Beat', 'Zürcher', 'approver', 'Supply Chain Management'],
      ['Nadine', 'Frei', 'buyer', 'Strategischer Einkauf'],
      ['Marco', 'Brunner', 'buyer', 'Operativer Einkauf'],
      ['Sarah', 'Widmer', 'finance', 'Kreditoren'],
    ],
  },
  {
    id: 'acc-alpentech-service',
    name: 'Alpentech Service GmbH',
    parentId: 'acc-alpentech',
    tier: 'key',
    country: 'DE',
    city: 'Lindau',
    calendar: 'DE-BY',
    industry: 'Field service',
    domain: 'alpentech-service.example',
    terms: 'NET30',
    credit: 60_000,
    repId: 'agt-markus-eder',
    emailStyle: 'first.last',
    contacts: [
      ['Jan', 'Köhler', 'buyer', 'Service-Logistik'],
      ['Melanie', 'Ernst', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-nordwerk-anlagenbau',
    name: 'Nordwerk Anlagenbau GmbH',
    tier: 'standard',
    country: 'DE',
    city: 'Hamburg',
    calendar: 'DE-HH',
    industry: 'Plant engineering',
    domain: 'nordwerk.example',
    terms: 'NET30',
    credit: 50_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'f.last',
    contacts: [
      ['Hauke', 'Petersen', 'buyer', 'Einkauf'],
      ['Silke', 'Jansen', 'finance', 'Finanzbuchhaltung'],
      ['Ole', 'Carstensen', 'approver', 'Projektleitung'],
    ],
  },
  {
    id: 'acc-wieland-metallwaren',
    name: 'Wieland & Söhne Metallwaren KG',
    tier: 'standard',
    country: 'DE',
    city: 'Solingen',
    calendar: 'DE-NW',
    industry: 'Metal goods',
    domain: 'wieland-soehne.example',
    terms: 'NET14',
    credit: 20_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'last',
    contacts: [
      ['Günter', 'Wieland', 'approver', 'Inhaber'],
      ['Jörg', 'Müller', 'buyer', 'Einkauf'],
    ],
  },
  {
    id: 'acc-grossmann-feinmechanik',
    name: 'Großmann Feinmechanik GmbH',
    tier: 'standard',
    country: 'DE',
    city: 'Jena',
    calendar: 'DE-TH',
    industry: 'Precision engineering',
    domain: 'grossmann-fm.example',
    terms: 'NET30',
    credit: 25_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'first.last',
    contacts: [
      ['Ines', 'Großmann', 'approver', 'Geschäftsführung'],
      ['René', 'Böhm', 'buyer', 'Einkauf'],
      ['Ulrike', 'Seidel', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-lindner-medizintechnik',
    name: 'Lindner Medizintechnik GmbH',
    tier: 'key',
    country: 'AT',
    city: 'Innsbruck',
    calendar: 'AT',
    industry: 'Medical devices',
    domain: 'lindner-medtech.example',
    terms: 'NET30',
    credit: 95_000,
    repId: 'agt-markus-eder',
    emailStyle: 'first.last',
    contacts: [
      ['Verena', 'Lindner', 'approver', 'Qualitätsmanagement'],
      ['Thomas', 'Egger', 'buyer', 'Einkauf'],
      ['Daniela', 'Schwarz', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-rheintal-kunststoff',
    name: 'Rheintal Kunststoffwerk AG',
    tier: 'standard',
    country: 'CH',
    city: 'Altstätten',
    calendar: 'CH-SG',
    industry: 'Plastics processing',
    domain: 'rheintal-kunststoff.example',
    terms: 'NET30',
    credit: 30_000,
    repId: 'agt-markus-eder',
    emailStyle: 'f.last',
    contacts: [
      ['Urs', 'Kälin', 'buyer', 'Einkauf'],
      ['Priska', 'Hug', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-zuercher-praezision',
    name: 'Zürcher Präzisionsteile AG',
    tier: 'standard',
    country: 'CH',
    city: 'Dübendorf',
    calendar: 'CH-ZH',
    industry: 'Precision parts',
    domain: 'zpt.example',
    terms: 'PREPAID',
    credit: 0,
    repId: 'agt-markus-eder',
    emailStyle: 'first.last',
    contacts: [
      ['Stefan', 'Ammann', 'buyer', 'Einkauf'],
      ['Claudia', 'Suter', 'finance', 'Finanzen'],
      ['Roger', 'Keller', 'admin', 'ERP-Administration'],
    ],
  },
  {
    id: 'acc-falk-gebaeudetechnik',
    name: 'Falk Gebäudetechnik GmbH',
    tier: 'standard',
    country: 'DE',
    city: 'Leipzig',
    calendar: 'DE-SN',
    industry: 'Building services',
    domain: 'falk-gt.example',
    terms: 'NET30',
    credit: 30_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'f.last',
    contacts: [
      ['Carsten', 'Falk', 'approver', 'Geschäftsführung'],
      ['Manuela', 'Winkler', 'buyer', 'Einkauf'],
      ['Kerstin', 'Lorenz', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-oberhuber-elektro',
    name: 'Oberhuber Elektro GmbH',
    tier: 'standard',
    country: 'AT',
    city: 'Salzburg',
    calendar: 'AT',
    industry: 'Electrical wholesale',
    domain: 'oberhuber-elektro.example',
    terms: 'NET30',
    credit: 45_000,
    repId: 'agt-markus-eder',
    emailStyle: 'last',
    contacts: [
      ['Josef', 'Oberhuber', 'approver', 'Geschäftsführung'],
      ['Sabine', 'Leitner', 'buyer', 'Einkauf'],
      ['Gerhard', 'Mayr', 'finance', 'Buchhaltung'],
    ],
  },
  {
    id: 'acc-schreiner-etiketten',
    name: 'Schreiner Etiketten & Verpackung GmbH',
    tier: 'standard',
    country: 'DE',
    city: 'Augsburg',
    calendar: 'DE-BY',
    industry: 'Labels and packaging',
    domain: 'schreiner-etiketten.example',
    terms: 'NET30',
    credit: 20_000,
    repId: 'agt-julia-neumann',
    emailStyle: 'first.last',
    contacts: [
      ['Alexander', 'Schreiner', 'approver', 'Geschäftsführung'],
      ['Tanja', 'Zimmermann', 'buyer', 'Einkauf'],
    ],
  },
  // ---- EMEA West: the Van der Meer group (NL parent, NL and UK subsidiaries)
  {
    id: 'acc-vandermeer-holding',
    name: 'Van der Meer Industrial Holding B.V.',
    tier: 'strategic',
    country: 'NL',
    city: 'Eindhoven',
    calendar: 'NL',
    industry: 'Industrial group',
    domain: 'vandermeer-group.example',
    terms: 'NET60',
    credit: 600_000,
    repId: 'agt-daan-visser',
    emailStyle: 'first.last',
    contacts: [
      ['Pieter', 'van der Meer', 'approver', 'Group Procurement'],
      ['Sanne', 'de Boer', 'buyer', 'Group Procurement'],
      ['Ruud', 'Jansen', 'finance', 'Accounts Payable'],
      ['Lotte', 'Smit', 'admin', 'Procurement Systems'],
    ],
  },
  {
    id: 'acc-vandermeer-packaging',
    name: 'Van der Meer Packaging B.V.',
    parentId: 'acc-vandermeer-holding',
    tier: 'key',
    country: 'NL',
    city: 'Tilburg',
    calendar: 'NL',
    industry: 'Packaging',
    domain: 'vdm-packaging.example',
    terms: 'NET45',
    credit: 140_000,
    repId: 'agt-daan-visser',
    emailStyle: 'f.last',
    contacts: [
      ['Bram', 'Visser', 'buyer', 'Inkoop'],
      ['Femke', 'Bakker', 'buyer', 'Planning'],
      ['Joost', 'Mulder', 'finance', 'Finance'],
    ],
  },
  {
    id: 'acc-vandermeer-uk',
    name: 'Van der Meer UK Ltd',
    parentId: 'acc-vandermeer-holding',
    tier: 'key',
    country: 'GB',
    city: 'Coventry',
    calendar: 'GB-ENG',
    industry: 'Industrial distribution',
    domain: 'vandermeer.co.uk.example',
    terms: 'NET30',
    credit: 100_000,
    repId: 'agt-oliver-grant',
    emailStyle: 'first.last',
    contacts: [
      ['James', 'Whitfield', 'buyer', 'Purchasing'],
      ['Sophie', 'Turner', 'finance', 'Accounts Payable'],
      ['Daniel', 'Hughes', 'approver', 'Operations'],
    ],
  },
  {
    id: 'acc-devries-lab',
    name: 'De Vries Laboratorium Supplies B.V.',
    tier: 'key',
    country: 'NL',
    city: 'Leiden',
    calendar: 'NL',
    industry: 'Laboratory distribution',
    domain: 'devries-lab.example',
    terms: 'NET30',
    credit: 85_000,
    repId: 'agt-daan-visser',
    emailStyle: 'first.last',
    contacts: [
      ['Annelies', 'de Vries', 'approver', 'Directie'],
      ['Thijs', 'Hendriks', 'buyer', 'Inkoop'],
      ['Marloes', 'van Dijk', 'finance', 'Crediteurenadministratie'],
    ],
  },
  {
    id: 'acc-bakker-elektrotechniek',
    name: 'Bakker Elektrotechniek B.V.',
    tier: 'standard',
    country: 'NL',
    city: 'Utrecht',
    calendar: 'NL',
    industry: 'Electrical installation',
    domain: 'bakker-elektro.example',
    terms: 'NET30',
    credit: 30_000,
    repId: 'agt-daan-visser',
    emailStyle: 'f.last',
    contacts: [
      ['Kees', 'Bakker', 'approver', 'Directie'],
      ['Ingrid', 'Peters', 'buyer', 'Inkoop'],
    ],
  },
  {
    id: 'acc-hollandse-kabel',
    name: 'Hollandse Kabel Groep B.V.',
    tier: 'standard',
    country: 'NL',
    city: 'Rotterdam',
    calendar: 'NL',
    industry: 'Cable assembly',
    domain: 'hkg-kabel.example',
    terms: 'NET30',
    credit: 40_000,
    repId: 'agt-daan-visser',
    emailStyle: 'first.last',
    contacts: [
      ['Willem', 'de Graaf', 'buyer', 'Inkoop'],
      ['Esther', 'Kok', 'finance', 'Administratie'],
      ['Martijn', 'Bos', 'admin', 'ICT'],
    ],
  },
  // ---- EMEA West: UK
  {
    id: 'acc-ashworth-engineering',
    name: 'Ashworth Engineering Ltd',
    tier: 'key',
    country: 'GB',
    city: 'Sheffield',
    calendar: 'GB-ENG',
    industry: 'Heavy engineering',
    domain: 'ashworth-eng.example',
    terms: 'NET45',
    credit: 120_000,
    repId: 'agt-oliver-grant',
    emailStyle: 'first.last',
    contacts: [
      ['Richard', 'Ashworth', 'approver', 'Managing Director'],
      ['Claire', 'Bennett', 'buyer', 'Procurement'],
      ['Gareth', 'Evans', 'buyer', 'Maintenance Stores'],
      ['Helen', 'Clarke', 'finance', 'Accounts Payable'],
    ],
  },
  {
    id: 'acc-ashworth-fluid',
    name: 'Ashworth Fluid Systems Ltd',
    parentId: 'acc-ashworth-engineering',
    tier: 'standard',
    country: 'GB',
    city: 'Rotherham',
    calendar: 'GB-ENG',
    industry: 'Hydraulics',
    domain: 'ashworth-fluid.example',
    terms: 'NET30',
    credit: 35_000,
    repId: 'agt-oliver-grant',
    emailStyle: 'f.last',
    contacts: [
      ['Mark', 'Holloway', 'buyer', 'Purchasing'],
      ['Joanne', 'Price', 'finance', 'Finance'],
    ],
  },
  {
    id: 'acc-pennine-packaging',
    name: 'Pennine Packaging Ltd',
    tier: 'standard',
    country: 'GB',
    city: 'Huddersfield',
    calendar: 'GB-ENG',
    industry: 'Packaging distribution',
    domain: 'pennine-packaging.example',
    terms: 'NET30',
    credit: 25_000,
    repId: 'agt-oliver-grant',
    emailStyle: 'firstlast',
    contacts: [
      ['Andrew', 'Shaw', 'buyer', 'Buying'],
      ['Karen', 'Walsh', 'finance', 'Credit Control'],
    ],
  },
  {
    id: 'acc-thames-valley-scientific',
    name: 'Thames Valley Scientific Ltd',
    tier: 'key',
    country: 'GB',
    city: 'Reading',
    calendar: 'GB-ENG',
    industry: 'Contract research',
    domain: 'tvscientific.example',
    terms: 'NET30',
    credit: 70_000,
    repId: 'agt-oliver-grant',
    emailStyle: 'first.last',
    contacts: [
      ['Dr. Priya', 'Sharma', 'approver', 'Laboratory Operations'],
      ['Tom', 'Fletcher', 'buyer', 'Lab Purchasing'],
      ['Rachel', 'Green', 'finance', 'Purchase Ledger'],
    ],
  },
  {
    id: 'acc-caledonian-fabrication',
    name: 'Caledonian Fabrication Ltd',
    tier: 'standard',
    country: 'GB',
    city: 'Glasgow',
    calendar: 'GB-SCT',
    industry: 'Steel fabrication',
    domain: 'caledonian-fab.example',
    terms: 'NET30',
    credit: 30_000,
    repId: 'agt-oliver-grant',
    emailStyle: 'f.last',
    contacts: [
      ['Iain', 'MacLeod', 'buyer', 'Purchasing'],
      ['Fiona', 'Campbell', 'finance', 'Accounts'],
      ['Craig', 'Stewart', 'approver', 'Works Manager'],
    ],
  },
  {
    id: 'acc-midlands-fasteners',
    name: 'Midlands Fastener Distribution Ltd',
    tier: 'standard',
    country: 'GB',
    city: 'Wolverhampton',
    calendar: 'GB-ENG',
    industry: 'Fastener distribution',
    domain: 'midlands-fasteners.example',
    terms: 'NET30',
    credit: 40_000,
    repId: 'agt-oliver-grant',
    emailStyle: 'first.last',
    contacts: [
      ['Paul', 'Jenkins', 'buyer', 'Purchasing'],
      ['Lisa', 'Marsh', 'finance', 'Accounts Payable'],
    ],
  },
  // ---- North America: the Great Lakes group (strategic parent, three subsidiaries)
  {
    id: 'acc-great-lakes-group',
    name: 'Great Lakes Manufacturing Group Inc.',
    tier: 'strategic',
    country: 'US',
    city: 'Chicago, IL',
    calendar: 'US',
    industry: 'Diversified manufacturing',
    domain: 'greatlakes-mfg.example',
    terms: 'NET60',
    credit: 900_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'first.last',
    contacts: [
      ['Jennifer', 'Walsh', 'approver', 'Strategic Sourcing'],
      ['Robert', 'Kowalski', 'buyer', 'Corporate Purchasing'],
      ['Angela', 'Moore', 'finance', 'Accounts Payable'],
      ['Kevin', 'Park', 'admin', 'Procurement Systems'],
    ],
  },
  {
    id: 'acc-great-lakes-fasteners',
    name: 'Great Lakes Fasteners LLC',
    parentId: 'acc-great-lakes-group',
    tier: 'strategic',
    country: 'US',
    city: 'Milwaukee, WI',
    calendar: 'US',
    industry: 'Fastener manufacturing',
    domain: 'glfasteners.example',
    terms: 'NET45',
    credit: 300_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'f.last',
    contacts: [
      ['Brian', 'Schmidt', 'buyer', 'Purchasing'],
      ['Megan', 'Olson', 'buyer', 'Production Planning'],
      ['Steve', 'Nowak', 'approver', 'Plant Manager'],
    ],
  },
  {
    id: 'acc-great-lakes-controls',
    name: 'Great Lakes Controls Inc.',
    parentId: 'acc-great-lakes-group',
    tier: 'key',
    country: 'US',
    city: 'Detroit, MI',
    calendar: 'US',
    timeZone: 'America/Detroit',
    industry: 'Control panels',
    domain: 'glcontrols.example',
    terms: 'NET45',
    credit: 150_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'first.last',
    contacts: [
      ['Laura', 'Mitchell', 'buyer', 'Purchasing'],
      ['Derek', 'Johnson', 'finance', 'Accounts Payable'],
    ],
  },
  {
    id: 'acc-great-lakes-packaging',
    name: 'Great Lakes Packaging Solutions LLC',
    parentId: 'acc-great-lakes-group',
    tier: 'standard',
    country: 'US',
    city: 'Toledo, OH',
    calendar: 'US',
    timeZone: 'America/New_York',
    industry: 'Packaging',
    domain: 'glpackaging.example',
    terms: 'NET30',
    credit: 60_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'f.last',
    contacts: [
      ['Tina', 'Russo', 'buyer', 'Purchasing'],
      ['Greg', 'Hansen', 'approver', 'Operations'],
    ],
  },
  {
    id: 'acc-redwood-bioscience',
    name: 'Redwood Bioscience Inc.',
    tier: 'key',
    country: 'US',
    city: 'South San Francisco, CA',
    calendar: 'US',
    timeZone: 'America/Los_Angeles',
    industry: 'Biotech research',
    domain: 'redwoodbio.example',
    terms: 'NET30',
    credit: 120_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'first.last',
    contacts: [
      ['Emily', 'Chen', 'buyer', 'Lab Operations'],
      ['David', 'Nguyen', 'approver', 'Research Operations'],
      ['Maria', 'Gonzalez', 'finance', 'Accounts Payable'],
      ['Ryan', 'Patel', 'admin', 'Procurement Systems'],
    ],
  },
  {
    id: 'acc-cascade-electrical',
    name: 'Cascade Electrical Supply Co.',
    tier: 'standard',
    country: 'US',
    city: 'Portland, OR',
    calendar: 'US',
    timeZone: 'America/Los_Angeles',
    industry: 'Electrical distribution',
    domain: 'cascade-electrical.example',
    terms: 'NET30',
    credit: 50_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'firstlast',
    contacts: [
      ['Josh', 'Miller', 'buyer', 'Purchasing'],
      ['Amanda', 'Wright', 'finance', 'Accounting'],
    ],
  },
  {
    id: 'acc-lone-star-packaging',
    name: 'Lone Star Industrial Packaging LLC',
    tier: 'standard',
    country: 'US',
    city: 'Houston, TX',
    calendar: 'US',
    industry: 'Industrial packaging',
    domain: 'lonestarpack.example',
    terms: 'NET30',
    credit: 40_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'f.last',
    contacts: [
      ['Carlos', 'Ramirez', 'buyer', 'Purchasing'],
      ['Brenda', 'Davis', 'finance', 'Accounts Payable'],
      ['Wayne', 'Thompson', 'approver', 'General Manager'],
    ],
  },
  {
    id: 'acc-appalachian-tool',
    name: 'Appalachian Tool & Die Inc.',
    tier: 'standard',
    country: 'US',
    city: 'Knoxville, TN',
    calendar: 'US',
    timeZone: 'America/New_York',
    industry: 'Tool and die',
    domain: 'appalachian-td.example',
    terms: 'PREPAID',
    credit: 0,
    repId: 'agt-jessica-cole',
    emailStyle: 'first.last',
    contacts: [
      ['Dale', 'Whitaker', 'approver', 'Owner'],
      ['Crystal', 'Harmon', 'buyer', 'Office Manager'],
    ],
  },
  {
    id: 'acc-hudson-lab-systems',
    name: 'Hudson Lab Systems Corp.',
    tier: 'key',
    country: 'US',
    city: 'Albany, NY',
    calendar: 'US',
    timeZone: 'America/New_York',
    industry: 'Laboratory equipment',
    domain: 'hudsonlab.example',
    terms: '2-10-NET30',
    credit: 90_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'first.last',
    contacts: [
      ['Rebecca', 'Stein', 'buyer', 'Purchasing'],
      ['Michael', "O'Brien", 'finance', 'Accounts Payable'],
      ['Nathan', 'Goldberg', 'approver', 'Director of Operations'],
    ],
  },
  {
    id: 'acc-prairie-power',
    name: 'Prairie Power Components Inc.',
    tier: 'standard',
    country: 'US',
    city: 'Omaha, NE',
    calendar: 'US',
    industry: 'Power electronics',
    domain: 'prairiepower.example',
    terms: 'NET30',
    credit: 45_000,
    repId: 'agt-jessica-cole',
    emailStyle: 'f.last',
    contacts: [
      ['Kyle', 'Anderson', 'buyer', 'Purchasing'],
      ['Heather', 'Larson', 'finance', 'Accounting'],
      ['Scott', 'Peterson', 'admin', 'IT'],
    ],
  },
]

/** ASCII local part for a name: umlauts transliterated the German way, other marks dropped. */
function asciiName(value: string): string {
  return value
    .replace(/^Dr\.\s+/, '')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '')
}

function localPart(first: string, last: string, style: EmailStyle): string {
  const f = asciiName(first)
  const l = asciiName(last)
  switch (style) {
    case 'first.last':
      return `${f}.${l}`
    case 'f.last':
      return `${f.slice(0, 1)}.${l}`
    case 'last':
      return l
    case 'firstlast':
      return `${f}${l}`
  }
}

const PHONE_PREFIX: Readonly<Record<DemoCountry, string>> = {
  DE: '+49 30 555',
  AT: '+43 1 555',
  CH: '+41 44 555',
  NL: '+31 20 555',
  GB: '+44 20 7946',
  US: '+1 312 555',
}

function buildAccounts(): { accounts: DemoAccount[]; contacts: DemoContact[] } {
  const accounts: DemoAccount[] = []
  const contacts: DemoContact[] = []
  ACCOUNT_SPECS.forEach((spec, index) => {
    const defaults = COUNTRY_DEFAULTS[spec.country]
    accounts.push({
      id: spec.id,
      externalId: `C-${String(10001 + index * 7)}`,
      name: spec.name,
      parentId: spec.parentId ?? null,
      tier: spec.tier,
      region: defaults.region,
      country: spec.country,
      city: spec.city,
      timeZone: spec.timeZone ?? defaults.timeZone,
      calendar: spec.calendar,
      language: defaults.language,
      currency: defaults.currency,
      industry: spec.industry,
      domains: [spec.domain],
      paymentTerms: spec.terms,
      creditLimitMinor: spec.credit * 100,
      repId: spec.repId,
      teamId: REGION_TEAM[defaults.region],
    })
    spec.contacts.forEach(([writtenFirstName, lastName, role, department], j) => {
      const local = localPart(writtenFirstName, lastName, spec.emailStyle)
      const academicTitle = /^Dr\.\s/.test(writtenFirstName) ? 'Dr.' : null
      const firstName = writtenFirstName.replace(/^Dr\.\s+/, '')
      contacts.push({
        id: `con-${spec.id.replace(/^acc-/, '')}-${asciiName(lastName)}-${asciiName(firstName)}`,
        accountId: spec.id,
        firstName,
        lastName,
        academicTitle,
        name: `${writtenFirstName} ${lastName}`,
        honorific: honorificOf(firstName),
        email: `${local}@${spec.domain}`,
        role,
        department,
        language: defaults.language,
        phone: `${PHONE_PREFIX[spec.country]} ${String(100 + ((index * 37 + j * 11) % 900)).padStart(4, '0')}`,
      })
    })
  })
  return { accounts, contacts }
}

const built = buildAccounts()

/** The customer accounts, parents before their subsidiaries. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = built.accounts
/** Every account's contacts, flat, in account order. */
export const DEMO_CONTACTS: readonly DemoContact[] = built.contacts

/** The account with this id, or undefined. */
export function findDemoAccount(id: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((a) => a.id === id)
}

/** The contacts of one account, in the order they were declared (the first is the main contact). */
export function demoContactsOf(accountId: string): DemoContact[] {
  return DEMO_CONTACTS.filter((c) => c.accountId === accountId)
}

/** One account in the shape of `kontor accounts import` (local accounts until a sync server provides them). */
export interface DemoAccountImport {
  id: string
  name: string
  domains: string[]
  contacts: { email: string; name: string; role: ContactRole }[]
}

/** The demo accounts and contacts for `kontor accounts import FILE.json`. */
export function demoAccountsImport(): DemoAccountImport[] {
  return DEMO_ACCOUNTS.map((a) => ({
    id: a.id,
    name: a.name,
    domains: [...a.domains],
    contacts: demoContactsOf(a.id).map((c) => ({ email: c.email, name: c.name, role: c.role })),
  }))
}

/** The agent with this id, or undefined. */
export function findDemoAgent(id: string): DemoAgent | undefined {
  return DEMO_AGENTS.find((a) => a.id === id)
}

/* ---------------------------------------------------------------- catalogue */

/** [sku, English name, German name, unit, pack size, list price in euro cents, lead time in days]. */
type ProductRow = readonly [string, string, string, DemoProduct['unit'], number, number, number]

const FASTENERS: readonly ProductRow[] = [
  ...(
    [
      ['M6x20', 812],
      ['M6x30', 945],
      ['M8x25', 1290],
      ['M8x40', 1580],
      ['M10x30', 2150],
      ['M10x50', 2790],
      ['M12x40', 3420],
      ['M12x60', 4380],
      ['M16x60', 3960],
    ] as const
  ).map(([size, price]): ProductRow => [
    `FAS-933-${size.toUpperCase()}`,
    `Hex head bolt DIN 933 8.8 zinc plated ${size}`,
    `Sechskantschraube DIN 933 8.8 verzinkt ${size}`,
    'box',
    size.startsWith('M16') ? 50 : 100,
    price,
    10,
  ]),
  ...(
    [
      ['M6', 290],
      ['M8', 420],
      ['M10', 690],
      ['M12', 1050],
      ['M16', 2240],
    ] as const
  ).map(([size, price]): ProductRow => [
    `FAS-934-${size}`,
    `Hex nut DIN 934 8 zinc plated ${size}`,
    `Sechskantmutter DIN 934 8 verzinkt ${size}`,
    'box',
    100,
    price,
    10,
  ]),
  ...(
    [
      ['M6', 180],
      ['M8', 240],
      ['M10', 390],
      ['M12', 560],
      ['M16', 1120],
    ] as const
  ).map(([size, price]): ProductRow => [
    `FAS-125-${size}`,
    `Flat washer DIN 125 A zinc plated ${size}`,
    `Unterlegscheibe DIN 125 A verzinkt ${size}`,
    'box',
    100,
    price,
    10,
  ]),
  ...(
    [
      ['M4x12', 690],
      ['M5x16', 840],
      ['M6x20', 1190],
      ['M8x25', 2380],
    ] as const
  ).map(([size, price]): ProductRow => [
    `FAS-4762-${size.toUpperCase()}`,
    `Socket head cap screw ISO 4762 A2 stainless ${size}`,
    `Zylinderschraube ISO 4762 A2 Edelstahl ${size}`,
    'box',
    100,
    price,
    15,
  ]),
  ...(
    [
      ['M6', 520],
      ['M8', 760],
      ['M10', 1180],
      ['M12', 1690],
    ] as const
  ).map(([size, price]): ProductRow => [
    `FAS-985-${size}`,
    `Nylon insert lock nut DIN 985 zinc ${size}`,
    `Sicherungsmutter DIN 985 verzinkt ${size}`,
    'box',
    100,
    price,
    10,
  ]),
  [
    'FAS-7981-3.5X13',
    'Self-tapping screw DIN 7981 3.5x13',
    'Blechschraube DIN 7981 3,5x13',
    'box',
    1000,
    1890,
    10,
  ],
  [
    'FAS-7981-4.2X16',
    'Self-tapping screw DIN 7981 4.2x16',
    'Blechschraube DIN 7981 4,2x16',
    'box',
    1000,
    2460,
    10,
  ],
  [
    'FAS-7981-4.8X19',
    'Self-tapping screw DIN 7981 4.8x19',
    'Blechschraube DIN 7981 4,8x19',
    'box',
    500,
    1980,
    10,
  ],
  [
    'FAS-976-M8',
    'Threaded rod DIN 976 4.8 zinc M8 x 1 m',
    'Gewindestange DIN 976 4.8 verzinkt M8 x 1 m',
    'pack',
    10,
    1450,
    7,
  ],
  [
    'FAS-976-M10',
    'Threaded rod DIN 976 4.8 zinc M10 x 1 m',
    'Gewindestange DIN 976 4.8 verzinkt M10 x 1 m',
    'pack',
    10,
    2090,
    7,
  ],
  [
    'FAS-976-M12',
    'Threaded rod DIN 976 4.8 zinc M12 x 1 m',
    'Gewindestange DIN 976 4.8 verzinkt M12 x 1 m',
    'pack',
    10,
    2990,
    7,
  ],
  [
    'FAS-ANC-M10X90',
    'Wedge anchor M10x90 zinc, ETA approved',
    'Bolzenanker M10x90 verzinkt, ETA-zugelassen',
    'box',
    50,
    4250,
    15,
  ],
  [
    'FAS-ANC-M12X100',
    'Wedge anchor M12x100 zinc, ETA approved',
    'Bolzenanker M12x100 verzinkt, ETA-zugelassen',
    'box',
    25,
    3880,
    15,
  ],
  [
    'FAS-RIV-4X10',
    'Blind rivet aluminium/steel 4.0x10',
    'Blindniet Alu/Stahl 4,0x10',
    'box',
    500,
    1650,
    10,
  ],
  [
    'FAS-RIV-4.8X12',
    'Blind rivet aluminium/steel 4.8x12',
    'Blindniet Alu/Stahl 4,8x12',
    'box',
    500,
    2140,
    10,
  ],
  [
    'FAS-9021-M8',
    'Large washer DIN 9021 zinc M8',
    'Unterlegscheibe groß DIN 9021 verzinkt M8',
    'box',
    100,
    490,
    10,
  ],
  [
    'FAS-439-M10',
    'Thin hex nut DIN 439 zinc M10',
    'Flache Sechskantmutter DIN 439 verzinkt M10',
    'box',
    100,
    780,
    10,
  ],
  [
    'FAS-912-M10X40-109',
    'Socket head cap screw DIN 912 10.9 black M10x40',
    'Zylinderschraube DIN 912 10.9 blank M10x40',
    'box',
    100,
    3640,
    15,
  ],
  [
    'FAS-7991-M6X16',
    'Countersunk socket screw DIN 7991 A2 M6x16',
    'Senkschraube DIN 7991 A2 M6x16',
    'box',
    100,
    1320,
    15,
  ],
]

const PACKAGING: readonly ProductRow[] = [
  [
    'PKG-BOX-SW-300',
    'Shipping carton single wall 300x200x150 mm',
    'Versandkarton 1-wellig 300x200x150 mm',
    'pack',
    25,
    1375,
    5,
  ],
  [
    'PKG-BOX-SW-400',
    'Shipping carton single wall 400x300x200 mm',
    'Versandkarton 1-wellig 400x300x200 mm',
    'pack',
    25,
    1890,
    5,
  ],
  [
    'PKG-BOX-SW-600',
    'Shipping carton single wall 600x400x400 mm',
    'Versandkarton 1-wellig 600x400x400 mm',
    'pack',
    20,
    2860,
    5,
  ],
  [
    'PKG-BOX-DW-400',
    'Shipping carton double wall 400x300x300 mm',
    'Versandkarton 2-wellig 400x300x300 mm',
    'pack',
    20,
    2940,
    7,
  ],
  [
    'PKG-BOX-DW-600',
    'Shipping carton double wall 600x400x400 mm',
    'Versandkarton 2-wellig 600x400x400 mm',
    'pack',
    15,
    3420,
    7,
  ],
  [
    'PKG-BOX-DW-800',
    'Shipping carton double wall 800x600x400 mm',
    'Versandkarton 2-wellig 800x600x400 mm',
    'pack',
    10,
    3590,
    7,
  ],
  [
    'PKG-FILM-17',
    'Hand stretch film 17 µm, 500 mm x 300 m',
    'Handstretchfolie 17 µm, 500 mm x 300 m',
    'case',
    6,
    5490,
    5,
  ],
  [
    'PKG-FILM-23',
    'Hand stretch film 23 µm, 500 mm x 270 m',
    'Handstretchfolie 23 µm, 500 mm x 270 m',
    'case',
    6,
    6180,
    5,
  ],
  [
    'PKG-FILM-MACH',
    'Machine stretch film 20 µm, 500 mm x 1500 m',
    'Maschinenstretchfolie 20 µm, 500 mm x 1500 m',
    'roll',
    1,
    3290,
    7,
  ],
  [
    'PKG-TAPE-PP-BR',
    'Packing tape PP brown 50 mm x 66 m',
    'Packband PP braun 50 mm x 66 m',
    'case',
    36,
    4320,
    5,
  ],
  [
    'PKG-TAPE-PP-CL',
    'Packing tape PP clear 50 mm x 66 m',
    'Packband PP transparent 50 mm x 66 m',
    'case',
    36,
    4320,
    5,
  ],
  [
    'PKG-TAPE-PVC',
    'Packing tape PVC low noise 50 mm x 66 m',
    'Packband PVC leise abrollend 50 mm x 66 m',
    'case',
    36,
    6840,
    5,
  ],
  [
    'PKG-TAPE-PAPER',
    'Paper tape self-adhesive 50 mm x 50 m',
    'Papierklebeband selbstklebend 50 mm x 50 m',
    'case',
    24,
    5160,
    7,
  ],
  [
    'PKG-STRAP-PET12',
    'PET strapping 12 x 0.6 mm, 2000 m',
    'PET-Umreifungsband 12 x 0,6 mm, 2000 m',
    'roll',
    1,
    5890,
    7,
  ],
  [
    'PKG-STRAP-PET16',
    'PET strapping 16 x 0.8 mm, 1000 m',
    'PET-Umreifungsband 16 x 0,8 mm, 1000 m',
    'roll',
    1,
    6450,
    7,
  ],
  [
    'PKG-STRAP-BKL16',
    'Wire buckle for 16 mm strapping',
    'Drahtklemme für 16-mm-Umreifungsband',
    'box',
    1000,
    3980,
    7,
  ],
  [
    'PKG-BUBBLE-500',
    'Bubble wrap 500 mm x 100 m',
    'Luftpolsterfolie 500 mm x 100 m',
    'roll',
    1,
    2480,
    5,
  ],
  [
    'PKG-BUBBLE-1000',
    'Bubble wrap 1000 mm x 100 m',
    'Luftpolsterfolie 1000 mm x 100 m',
    'roll',
    1,
    4690,
    5,
  ],
  [
    'PKG-FILL-PAPER',
    'Void fill paper 70 g/m², 450 m',
    'Füllpapier 70 g/m², 450 m',
    'roll',
    1,
    3150,
    5,
  ],
  [
    'PKG-AIR-PILLOW',
    'Air pillow film 200x100 mm, 700 m',
    'Luftkissenfolie 200x100 mm, 700 m',
    'roll',
    1,
    3790,
    10,
  ],
  [
    'PKG-LABEL-A6',
    'Shipping labels A6 on A4 sheets',
    'Versandetiketten A6 auf A4-Bögen',
    'pack',
    400,
    2290,
    5,
  ],
  [
    'PKG-LABEL-TH100',
    'Thermal labels 100x150 mm, 500 per roll',
    'Thermoetiketten 100x150 mm, 500 je Rolle',
    'case',
    12,
    7680,
    7,
  ],
  [
    'PKG-CORNER-35',
    'Edge protector 35x35x3 mm, 1200 mm',
    'Kantenschutzwinkel 35x35x3 mm, 1200 mm',
    'pack',
    100,
    6890,
    10,
  ],
  [
    'PKG-BAG-GS100',
    'Grip seal bag 100x150 mm, 50 µm',
    'Druckverschlussbeutel 100x150 mm, 50 µm',
    'box',
    1000,
    1790,
    5,
  ],
  [
    'PKG-BAG-GS200',
    'Grip seal bag 200x300 mm, 50 µm',
    'Druckverschlussbeutel 200x300 mm, 50 µm',
    'box',
    1000,
    4350,
    5,
  ],
  [
    'PKG-BAG-ESD',
    'ESD shielding bag 152x254 mm',
    'ESD-Abschirmbeutel 152x254 mm',
    'pack',
    100,
    2890,
    15,
  ],
  [
    'PKG-PALLET-HOOD',
    'Pallet cover film 1200x800x1500 mm',
    'Palettenhaube 1200x800x1500 mm',
    'roll',
    100,
    8950,
    10,
  ],
]

const LAB: readonly ProductRow[] = [
  ...(['S', 'M', 'L', 'XL'] as const).map((size): ProductRow => [
    `LAB-GLV-NIT-${size}`,
    `Nitrile examination gloves, powder-free, size ${size}`,
    `Nitril-Untersuchungshandschuhe, puderfrei, Größe ${size}`,
    'box',
    100,
    790,
    5,
  ]),
  [
    'LAB-TIP-10',
    'Pipette tips 10 µl, racked, sterile',
    'Pipettenspitzen 10 µl, im Rack, steril',
    'case',
    960,
    5290,
    10,
  ],
  [
    'LAB-TIP-200',
    'Pipette tips 200 µl, racked, sterile',
    'Pipettenspitzen 200 µl, im Rack, steril',
    'case',
    960,
    4890,
    10,
  ],
  [
    'LAB-TIP-1000',
    'Pipette tips 1000 µl, racked, sterile',
    'Pipettenspitzen 1000 µl, im Rack, steril',
    'case',
    960,
    5490,
    10,
  ],
  [
    'LAB-TIP-10F',
    'Filter tips 10 µl, racked, sterile',
    'Filterspitzen 10 µl, im Rack, steril',
    'case',
    960,
    8990,
    15,
  ],
  [
    'LAB-TIP-200F',
    'Filter tips 200 µl, racked, sterile',
    'Filterspitzen 200 µl, im Rack, steril',
    'case',
    960,
    8490,
    15,
  ],
  [
    'LAB-TIP-1000F',
    'Filter tips 1000 µl, racked, sterile',
    'Filterspitzen 1000 µl, im Rack, steril',
    'case',
    960,
    9290,
    15,
  ],
  [
    'LAB-TUBE-15',
    'Centrifuge tubes 15 ml, PP, sterile',
    'Zentrifugenröhrchen 15 ml, PP, steril',
    'case',
    500,
    6490,
    10,
  ],
  [
    'LAB-TUBE-50',
    'Centrifuge tubes 50 ml, PP, sterile',
    'Zentrifugenröhrchen 50 ml, PP, steril',
    'case',
    500,
    7890,
    10,
  ],
  [
    'LAB-MICRO-1.5',
    'Micro tubes 1.5 ml with lid',
    'Reaktionsgefäße 1,5 ml mit Deckel',
    'pack',
    1000,
    2490,
    10,
  ],
  [
    'LAB-MICRO-2.0',
    'Micro tubes 2.0 ml with lid',
    'Reaktionsgefäße 2,0 ml mit Deckel',
    'pack',
    1000,
    2790,
    10,
  ],
  [
    'LAB-PETRI-90',
    'Petri dishes 90 mm, vented, sterile',
    'Petrischalen 90 mm, mit Nocken, steril',
    'case',
    480,
    5690,
    10,
  ],
  [
    'LAB-BEAKER-100',
    'Beaker borosilicate 3.3, low form, 100 ml',
    'Becherglas Borosilikat 3.3, niedrige Form, 100 ml',
    'pack',
    10,
    1890,
    15,
  ],
  [
    'LAB-BEAKER-250',
    'Beaker borosilicate 3.3, low form, 250 ml',
    'Becherglas Borosilikat 3.3, niedrige Form, 250 ml',
    'pack',
    10,
    2190,
    15,
  ],
  [
    'LAB-BEAKER-600',
    'Beaker borosilicate 3.3, low form, 600 ml',
    'Becherglas Borosilikat 3.3, niedrige Form, 600 ml',
    'pack',
    10,
    3290,
    15,
  ],
  [
    'LAB-BEAKER-1000',
    'Beaker borosilicate 3.3, low form, 1000 ml',
    'Becherglas Borosilikat 3.3, niedrige Form, 1000 ml',
    'pack',
    10,
    4590,
    15,
  ],
  [
    'LAB-FLASK-100',
    'Volumetric flask class A, 100 ml',
    'Messkolben Klasse A, 100 ml',
    'pack',
    2,
    2980,
    20,
  ],
  [
    'LAB-FLASK-250',
    'Volumetric flask class A, 250 ml',
    'Messkolben Klasse A, 250 ml',
    'pack',
    2,
    3560,
    20,
  ],
  [
    'LAB-SERO-5',
    'Serological pipettes 5 ml, individually wrapped',
    'Serologische Pipetten 5 ml, einzeln verpackt',
    'case',
    200,
    3990,
    10,
  ],
  [
    'LAB-SERO-10',
    'Serological pipettes 10 ml, individually wrapped',
    'Serologische Pipetten 10 ml, einzeln verpackt',
    'case',
    200,
    4290,
    10,
  ],
  [
    'LAB-SERO-25',
    'Serological pipettes 25 ml, individually wrapped',
    'Serologische Pipetten 25 ml, einzeln verpackt',
    'case',
    150,
    4690,
    10,
  ],
  [
    'LAB-WIPES',
    'Low-lint lab wipes 11x21 cm',
    'Fusselarme Labortücher 11x21 cm',
    'case',
    4480,
    5980,
    5,
  ],
  [
    'LAB-CRYO-2',
    'Cryogenic vials 2 ml, external thread',
    'Kryoröhrchen 2 ml, Außengewinde',
    'case',
    500,
    8790,
    15,
  ],
  [
    'LAB-BAG-SAMPLE',
    'Sample bags 710 ml, sterile',
    'Probenbeutel 710 ml, steril',
    'box',
    500,
    6290,
    10,
  ],
  [
    'LAB-ETOH-70',
    'Ethanol 70 % denatured, 5 l canister',
    'Ethanol 70 % vergällt, 5-l-Kanister',
    'pack',
    1,
    2190,
    7,
  ],
  [
    'LAB-BUF-PH4',
    'pH buffer solution pH 4.01, 500 ml',
    'pH-Pufferlösung pH 4,01, 500 ml',
    'pack',
    1,
    1490,
    10,
  ],
  [
    'LAB-BUF-PH7',
    'pH buffer solution pH 7.00, 500 ml',
    'pH-Pufferlösung pH 7,00, 500 ml',
    'pack',
    1,
    1490,
    10,
  ],
  [
    'LAB-BUF-PH10',
    'pH buffer solution pH 10.01, 500 ml',
    'pH-Pufferlösung pH 10,01, 500 ml',
    'pack',
    1,
    1590,
    10,
  ],
  [
    'LAB-COAT-M',
    'Laboratory coat, cotton, size M',
    'Laborkittel, Baumwolle, Größe M',
    'piece',
    1,
    2890,
    10,
  ],
  [
    'LAB-COAT-L',
    'Laboratory coat, cotton, size L',
    'Laborkittel, Baumwolle, Größe L',
    'piece',
    1,
    2890,
    10,
  ],
]

const ELECTRICAL: readonly ProductRow[] = [
  [
    'ELC-TB-2.5-GY',
    'Feed-through terminal block 2.5 mm², grey',
    'Durchgangsklemme 2,5 mm², grau',
    'box',
    50,
    2450,
    10,
  ],
  [
    'ELC-TB-2.5-BU',
    'Feed-through terminal block 2.5 mm², blue',
    'Durchgangsklemme 2,5 mm², blau',
    'box',
    50,
    2450,
    10,
  ],
  [
    'ELC-TB-2.5-PE',
    'Protective earth terminal block 2.5 mm², green-yellow',
    'Schutzleiterklemme 2,5 mm², grün-gelb',
    'box',
    50,
    4890,
    10,
  ],
  [
    'ELC-TB-4-GY',
    'Feed-through terminal block 4 mm², grey',
    'Durchgangsklemme 4 mm², grau',
    'box',
    50,
    2990,
    10,
  ],
  [
    'ELC-DIN-35',
    'DIN rail 35x7.5 mm, perforated, 2 m',
    'Hutschiene 35x7,5 mm, gelocht, 2 m',
    'pack',
    10,
    3890,
    7,
  ],
  [
    'ELC-MCB-B16-1P',
    'Miniature circuit breaker B16 1-pole 6 kA',
    'Leitungsschutzschalter B16 1-polig 6 kA',
    'piece',
    1,
    495,
    10,
  ],
  [
    'ELC-MCB-C16-1P',
    'Miniature circuit breaker C16 1-pole 6 kA',
    'Leitungsschutzschalter C16 1-polig 6 kA',
    'piece',
    1,
    525,
    10,
  ],
  [
    'ELC-MCB-B16-3P',
    'Miniature circuit breaker B16 3-pole 6 kA',
    'Leitungsschutzschalter B16 3-polig 6 kA',
    'piece',
    1,
    1890,
    10,
  ],
  [
    'ELC-MCB-C32-3P',
    'Miniature circuit breaker C32 3-pole 10 kA',
    'Leitungsschutzschalter C32 3-polig 10 kA',
    'piece',
    1,
    2690,
    15,
  ],
  [
    'ELC-RCCB-40-30',
    'Residual current breaker 40 A 30 mA 4-pole type A',
    'FI-Schutzschalter 40 A 30 mA 4-polig Typ A',
    'piece',
    1,
    3490,
    15,
  ],
  [
    'ELC-CONT-9-24',
    'Contactor 9 A, 24 V DC coil, 1 NO',
    'Schütz 9 A, Spule 24 V DC, 1 Schließer',
    'piece',
    1,
    2890,
    15,
  ],
  [
    'ELC-CONT-18-230',
    'Contactor 18 A, 230 V AC coil, 1 NO',
    'Schütz 18 A, Spule 230 V AC, 1 Schließer',
    'piece',
    1,
    3990,
    15,
  ],
  [
    'ELC-REL-24DC',
    'Plug-in relay 24 V DC, 2 changeover contacts, with socket',
    'Steckrelais 24 V DC, 2 Wechsler, mit Sockel',
    'pack',
    10,
    6490,
    10,
  ],
  [
    'ELC-REL-230AC',
    'Plug-in relay 230 V AC, 2 changeover contacts, with socket',
    'Steckrelais 230 V AC, 2 Wechsler, mit Sockel',
    'pack',
    10,
    6890,
    10,
  ],
  [
    'ELC-FUSE-5X20-1A',
    'Glass fuse 5x20 mm, 1 A, time-lag',
    'Feinsicherung 5x20 mm, 1 A, träge',
    'box',
    100,
    1290,
    7,
  ],
  [
    'ELC-FUSE-5X20-2A',
    'Glass fuse 5x20 mm, 2 A, time-lag',
    'Feinsicherung 5x20 mm, 2 A, träge',
    'box',
    100,
    1290,
    7,
  ],
  [
    'ELC-FUSE-5X20-5A',
    'Glass fuse 5x20 mm, 5 A, time-lag',
    'Feinsicherung 5x20 mm, 5 A, träge',
    'box',
    100,
    1290,
    7,
  ],
  [
    'ELC-FUSE-NH00-63',
    'NH fuse link size 00, 63 A gG',
    'NH-Sicherungseinsatz Gr. 00, 63 A gG',
    'pack',
    3,
    1890,
    10,
  ],
  [
    'ELC-FUSE-NH00-100',
    'NH fuse link size 00, 100 A gG',
    'NH-Sicherungseinsatz Gr. 00, 100 A gG',
    'pack',
    3,
    2190,
    10,
  ],
  [
    'ELC-CAB-NYM-3X1.5',
    'Installation cable NYM-J 3x1.5 mm², 100 m ring',
    'Mantelleitung NYM-J 3x1,5 mm², 100-m-Ring',
    'roll',
    1,
    7890,
    7,
  ],
  [
    'ELC-CAB-NYM-5X2.5',
    'Installation cable NYM-J 5x2.5 mm², 50 m ring',
    'Mantelleitung NYM-J 5x2,5 mm², 50-m-Ring',
    'roll',
    1,
    9890,
    7,
  ],
  [
    'ELC-CAB-H07RN-3G2.5',
    'Rubber cable H07RN-F 3G2.5 mm², 50 m',
    'Gummischlauchleitung H07RN-F 3G2,5 mm², 50 m',
    'roll',
    1,
    12490,
    10,
  ],
  [
    'ELC-CAB-CTRL-7G1',
    'PVC control cable 7G1.0 mm², 100 m',
    'PVC-Steuerleitung 7G1,0 mm², 100 m',
    'roll',
    1,
    15890,
    15,
  ],
  [
    'ELC-FER-0.75',
    'Insulated ferrules 0.75 mm², grey',
    'Aderendhülsen isoliert 0,75 mm², grau',
    'box',
    500,
    590,
    5,
  ],
  [
    'ELC-FER-1.5',
    'Insulated ferrules 1.5 mm², black',
    'Aderendhülsen isoliert 1,5 mm², schwarz',
    'box',
    500,
    690,
    5,
  ],
  [
    'ELC-FER-2.5',
    'Insulated ferrules 2.5 mm², blue',
    'Aderendhülsen isoliert 2,5 mm², blau',
    'box',
    500,
    790,
    5,
  ],
  [
    'ELC-TIE-200',
    'Cable ties 200x4.8 mm, black, UV resistant',
    'Kabelbinder 200x4,8 mm, schwarz, UV-beständig',
    'pack',
    100,
    390,
    5,
  ],
  [
    'ELC-TIE-300',
    'Cable ties 300x4.8 mm, black, UV resistant',
    'Kabelbinder 300x4,8 mm, schwarz, UV-beständig',
    'pack',
    100,
    590,
    5,
  ],
  [
    'ELC-SHRINK-KIT',
    'Heat shrink tubing assortment 2:1, 170 pieces',
    'Schrumpfschlauch-Sortiment 2:1, 170 Stück',
    'box',
    1,
    1490,
    7,
  ],
  [
    'ELC-M12-4P-ST',
    'M12 sensor cable 4-pin, straight, 5 m PUR',
    'M12-Sensorleitung 4-polig, gerade, 5 m PUR',
    'piece',
    1,
    1290,
    10,
  ],
  [
    'ELC-M12-4P-AN',
    'M12 sensor cable 4-pin, angled, 5 m PUR',
    'M12-Sensorleitung 4-polig, gewinkelt, 5 m PUR',
    'piece',
    1,
    1390,
    10,
  ],
  [
    'ELC-PB-22-GN',
    'Push button 22 mm, flush, green, 1 NO',
    'Drucktaster 22 mm, flach, grün, 1 Schließer',
    'piece',
    1,
    690,
    10,
  ],
  [
    'ELC-PB-22-RD',
    'Push button 22 mm, flush, red, 1 NC',
    'Drucktaster 22 mm, flach, rot, 1 Öffner',
    'piece',
    1,
    690,
    10,
  ],
  [
    'ELC-ESTOP-22',
    'Emergency stop mushroom button 22 mm, twist release',
    'Not-Halt-Pilztaster 22 mm, Drehentriegelung',
    'piece',
    1,
    1890,
    10,
  ],
  [
    'ELC-ENC-300',
    'Steel enclosure IP66 300x300x150 mm',
    'Stahlblechgehäuse IP66 300x300x150 mm',
    'piece',
    1,
    6490,
    20,
  ],
  [
    'ELC-ENC-600',
    'Steel enclosure IP66 600x400x200 mm',
    'Stahlblechgehäuse IP66 600x400x200 mm',
    'piece',
    1,
    12890,
    20,
  ],
  [
    'ELC-LED-24-GN',
    'LED indicator light 22 mm, 24 V, green',
    'LED-Leuchtmelder 22 mm, 24 V, grün',
    'piece',
    1,
    590,
    10,
  ],
  [
    'ELC-PSU-24-5',
    'DIN rail power supply 24 V DC, 5 A',
    'Hutschienen-Netzteil 24 V DC, 5 A',
    'piece',
    1,
    6890,
    15,
  ],
  [
    'ELC-PSU-24-10',
    'DIN rail power supply 24 V DC, 10 A',
    'Hutschienen-Netzteil 24 V DC, 10 A',
    'piece',
    1,
    11490,
    15,
  ],
  [
    'ELC-WAGO-3',
    'Lever splicing connector, 3 conductors',
    'Hebelklemme, 3 Leiter',
    'box',
    50,
    1690,
    5,
  ],
  [
    'ELC-WAGO-5',
    'Lever splicing connector, 5 conductors',
    'Hebelklemme, 5 Leiter',
    'box',
    25,
    1590,
    5,
  ],
]

const MRO: readonly ProductRow[] = [
  [
    'MRO-GLASS-CLR',
    'Safety glasses EN 166, clear, anti-fog',
    'Schutzbrille EN 166, klar, beschlagfrei',
    'pack',
    10,
    3290,
    5,
  ],
  [
    'MRO-GLV-CUT-9',
    'Cut-resistant gloves level C, size 9',
    'Schnittschutzhandschuhe Stufe C, Größe 9',
    'pack',
    12,
    4890,
    7,
  ],
  [
    'MRO-GLV-CUT-10',
    'Cut-resistant gloves level C, size 10',
    'Schnittschutzhandschuhe Stufe C, Größe 10',
    'pack',
    12,
    4890,
    7,
  ],
  [
    'MRO-EARPLUG',
    'Foam ear plugs SNR 37 dB',
    'Schaumstoff-Gehörschutzstöpsel SNR 37 dB',
    'box',
    200,
    2690,
    5,
  ],
  [
    'MRO-VEST-L',
    'High-visibility vest EN ISO 20471, yellow, L',
    'Warnweste EN ISO 20471, gelb, L',
    'pack',
    10,
    2490,
    5,
  ],
  [
    'MRO-VEST-XL',
    'High-visibility vest EN ISO 20471, yellow, XL',
    'Warnweste EN ISO 20471, gelb, XL',
    'pack',
    10,
    2490,
    5,
  ],
  [
    'MRO-LUBE-400',
    'Multi-purpose lubricant spray 400 ml',
    'Multifunktionsspray 400 ml',
    'case',
    12,
    5390,
    5,
  ],
  [
    'MRO-LOCK-243',
    'Threadlocker medium strength, 50 ml',
    'Schraubensicherung mittelfest, 50 ml',
    'piece',
    1,
    1890,
    7,
  ],
  [
    'MRO-CLOTH-ROLL',
    'Industrial cleaning cloth roll, 2-ply, 38x36 cm',
    'Putztuchrolle, 2-lagig, 38x36 cm',
    'roll',
    1,
    2990,
    5,
  ],
  [
    'MRO-ABSORB-PAD',
    'Universal absorbent pads 40x50 cm',
    'Universal-Saugmatten 40x50 cm',
    'pack',
    100,
    4490,
    7,
  ],
  ['MRO-MARKER-YL', 'Paint marker yellow, 2–4 mm', 'Lackmarker gelb, 2–4 mm', 'pack', 12, 2190, 5],
  [
    'MRO-TAPE-FLOOR',
    'Floor marking tape yellow/black 50 mm x 33 m',
    'Bodenmarkierungsband gelb/schwarz 50 mm x 33 m',
    'roll',
    1,
    1290,
    5,
  ],
  [
    'MRO-CLEAN-5L',
    'Industrial degreaser concentrate, 5 l',
    'Industriereiniger-Konzentrat, 5 l',
    'drum',
    1,
    3490,
    7,
  ],
  ['MRO-HAND-CLEAN', 'Hand cleaning paste 2 l', 'Handwaschpaste 2 l', 'pack', 1, 1590, 5],
  ['MRO-FIRST-AID', 'First aid kit DIN 13157', 'Verbandkasten DIN 13157', 'piece', 1, 3990, 10],
  [
    'MRO-BIN-60',
    'Stacking storage bin 500x300x200 mm, blue',
    'Sichtlagerkasten 500x300x200 mm, blau',
    'pack',
    5,
    4790,
    15,
  ],
]

function toProducts(category: ProductCategory, rows: readonly ProductRow[]): DemoProduct[] {
  return rows.map(([sku, name, nameDe, unit, packSize, listPriceMinor, leadTimeDays]) => ({
    sku,
    category,
    name,
    nameDe,
    unit,
    packSize,
    listPriceMinor,
    leadTimeDays,
  }))
}

/** The catalogue: about 150 SKUs of fasteners, packaging, lab supplies, electrical components and MRO. */
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  ...toProducts('fasteners', FASTENERS),
  ...toProducts('packaging', PACKAGING),
  ...toProducts('lab', LAB),
  ...toProducts('electrical', ELECTRICAL),
  ...toProducts('mro', MRO),
]

/** The product with this SKU, or undefined. */
export function findDemoProduct(sku: string): DemoProduct | undefined {
  return DEMO_PRODUCTS.find((p) => p.sku === sku)
}

/** Demo conversion rates from euro (list prices are in euro cents). */
export const DEMO_FX_FROM_EUR: Readonly<Record<DemoCurrency, number>> = {
  EUR: 1,
  CHF: 0.94,
  GBP: 0.85,
  USD: 1.08,
}

/** A product's list price in an account's currency, in minor units, rounded half up. */
export function demoListPrice(product: DemoProduct, currency: DemoCurrency): number {
  return Math.round(product.listPriceMinor * DEMO_FX_FROM_EUR[currency])
}

/** Discount off list price by tier, in percent. */
export const DEMO_TIER_DISCOUNT: Readonly<Record<DemoTier, number>> = {
  strategic: 18,
  key: 10,
  standard: 0,
}
