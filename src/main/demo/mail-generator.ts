/**
 * Deterministic generator of realistic B2B customer-service mail between the demo
 * accounts' contacts and Kontor Demo Supply's shared mailboxes.
 *
 * Used for the demo workspace's shipped mailbox (`scripts/generate-demo-mailbox.ts`) and
 * for the mail engine's benchmark (50,000 messages). Properties that matter to those users:
 *
 * - Deterministic: a seeded PRNG (`src/shared/demo/random.ts`) and an injected `now`; the
 *   same options give the same bytes. Each thread draws from its own forked generator, so
 *   thread `i` is identical whatever the total count (300 threads are a prefix of 50,000).
 * - Streaming: `generateMailbox` is a generator that builds one thread at a time; memory
 *   stays flat however many messages are requested.
 * - Realistic threading: every reply carries In-Reply-To and a References chain
 *   (RFC 5322 §3.6.4) of earlier messages of its own thread; customers' clients use
 *   `AW:`, `RE:`, `SV:`, `Antw:`, `Antwort:`, `Re[2]:` prefixes, and some customers change
 *   the subject mid-thread. Business references (PO, SO, quote, invoice numbers) appear in
 *   subjects and bodies, as the mail engine's link keys expect.
 * - Realistic MIME: several client profiles (Outlook, legacy Outlook with ISO-8859-1 or
 *   windows-1252, Thunderbird with format=flowed 8bit, Apple Mail, web mail, The Bat!,
 *   Lotus Notes with base64 bodies, and Kontor itself), multipart/alternative with HTML,
 *   multipart/related signature logos, PDF and CSV attachments, out-of-office auto-replies.
 * - Times: threads start over the `spanDays` before `now`, in the sender's business hours;
 *   replies follow with realistic delays, some late enough to breach an SLA; nothing is
 *   dated after `now`, and the last message of many recent threads is an unanswered
 *   customer message, so the demo shows tickets at risk and breached.
 */
import { tzOffset } from '@date-fns/tz'
import {
  DEMO_ACCOUNTS,
  DEMO_AGENTS,
  DEMO_SELLER,
  DEMO_SHARED_MAILBOXES,
  DEMO_PRODUCTS,
  DEMO_TIER_DISCOUNT,
  PAYMENT_TERMS,
  demoContactsOf,
  demoListPrice,
  type DemoAccount,
  type DemoAgent,
  type DemoContact,
  type DemoCountry,
  type DemoCurrency,
  type Honorific,
  type DemoLanguage,
  type DemoProduct,
  type DemoSharedMailbox,
  type ProductCategory,
} from '../../shared/demo/companies'
import { createPrng, type Prng } from '../../shared/demo/random'
import {
  TINY_PNG,
  buildMessage,
  buildPdf,
  encodeHeaderText,
  fitsCharset,
  foldHeader,
  formatAddress,
  formatRfc5322Date,
  type Charset,
  type LeafPart,
  type MimePart,
} from './mime-writer'

export type MailFolder = 'INBOX' | 'Sent'
export type ScenarioKind =
  | 'quote_request'
  | 'stock_question'
  | 'order_change'
  | 'partial_delivery'
  | 'backorder'
  | 'invoice_dispute'
  | 'payment_reminder'
  | 'delivery_status'
  | 'new_customer'

export const SCENARIO_KINDS: readonly ScenarioKind[] = [
  'quote_request',
  'stock_question',
  'order_change',
  'partial_delivery',
  'backorder',
  'invoice_dispute',
  'payment_reminder',
  'delivery_status',
  'new_customer',
]

export interface GenerateMailboxOptions {
  /** Seed of the PRNG; equal seeds (and equal other options) give byte-identical output. */
  seed: string | number
  /** The instant the mailbox is generated "at"; no message is dated after it. */
  now: Date
  /** Number of threads (a thread has 1–8 messages, about 3 on average). */
  threads: number
  /** How far back threads start, in days (default 42). */
  spanDays?: number
  /** Index of the first thread (default 0): generate a shard or resume without the earlier threads. */
  firstThread?: number
  /** Accounts to write as (default: all demo accounts). */
  accounts?: readonly DemoAccount[]
}

export interface GeneratedMessage {
  threadIndex: number
  /** 0 for the thread's first message. */
  position: number
  scenario: ScenarioKind
  language: DemoLanguage
  /** The demo account, or null for a sender no account knows (a prospect, a private address): Triage. */
  accountId: string | null
  /** The shared mailbox (its address) whose folders hold this message. */
  mailbox: string
  folder: MailFolder
  /** `inbound` from a customer (INBOX), `outbound` from an agent (Sent). */
  direction: 'inbound' | 'outbound'
  /** The Message-ID header's value, with angle brackets. */
  messageId: string
  inReplyTo: string | null
  references: string[]
  /** The decoded Subject. */
  subject: string
  fromAddress: string
  /** The Date header's instant. */
  date: Date
  /** The IMAP INTERNALDATE: when the server received (INBOX) or stored (Sent) the message. */
  internalDate: Date
  /** IMAP system flags, e.g. `\\Seen`, `\\Answered`, `\\Flagged`. */
  flags: string[]
  /** The charset of the main text part. */
  charset: Charset
  attachments: string[]
  business: ThreadBusiness
  autoReply: boolean
  /** The raw RFC 5322 message, CRLF line endings. */
  raw: Buffer
}

/** Generates the mailbox one thread at a time, messages of a thread in date order. */
export function* generateMailbox(
  options: GenerateMailboxOptions,
): Generator<GeneratedMessage, void, undefined> {
  const first = options.firstThread ?? 0
  for (let i = first; i < first + options.threads; i++) yield* generateThread(options, i)
}

/* ===================================================================== client profiles */

type ProfileId =
  'outlook' | 'outlook-legacy' | 'thunderbird' | 'apple' | 'webmail' | 'thebat' | 'notes' | 'kontor'

interface ContactStyle {
  profile: ProfileId
  /** The reply prefix the client writes (`AW:`, `RE:`, `SV:` …); `Re[n]:` for The Bat!. */
  replyPrefix: string
  /** Whether the client collapses an existing prefix (most do) or stacks them (`AW: Re: …`). */
  stacksPrefixes: boolean
}

function contactStyle(
  seed: string | number,
  contact: DemoContact,
  account: DemoAccount,
): ContactStyle {
  // Stable per contact: the same person always writes with the same client.
  const r = createPrng(`${String(seed)}/style/${contact.id}`)
  const de = account.language === 'de'
  const profile: ProfileId = de
    ? r.weighted<ProfileId>([
        ['outlook', 40],
        ['outlook-legacy', 15],
        ['thunderbird', 15],
        ['apple', 8],
        ['thebat', 10],
        ['notes', 12],
      ])
    : r.weighted<ProfileId>([
        ['outlook', 55],
        ['webmail', 22],
        ['apple', 15],
        ['thunderbird', 8],
      ])
  let replyPrefix = 'Re:'
  if (profile === 'outlook' || profile === 'outlook-legacy') {
    if (de) replyPrefix = 'AW:'
    else if (account.country === 'NL') replyPrefix = r.pick(['RE:', 'Antw:', 'SV:'])
    else replyPrefix = r.chance(0.08) ? 'SV:' : 'RE:'
  } else if (profile === 'notes') replyPrefix = 'Antwort:'
  else if (profile === 'thebat') replyPrefix = 'Re[n]:'
  return { profile, replyPrefix, stacksPrefixes: r.chance(0.25) }
}

const KONTOR_STYLE: ContactStyle = { profile: 'kontor', replyPrefix: 'Re:', stacksPrefixes: false }

const PREFIX_RE = /^\s*((re|aw|sv|antw|antwort|wg|fw|fwd)(\[\d+\])?\s*:\s*)+/i

/** The subject without reply/forward prefixes. */
export function baseSubject(subject: string): string {
  return subject.replace(PREFIX_RE, '').trim()
}

function replySubject(previous: string, style: ContactStyle, replyCount: number): string {
  // The Bat! counts the replies in the chain: "Re:" first, then "Re[2]:", "Re[3]:" ...
  if (style.replyPrefix === 'Re[n]:') {
    const n =
      Math.max(
        replyCount,
        Number(/^Re\[(\d+)\]:/i.exec(previous)?.[1] ?? (PREFIX_RE.test(previous) ? 1 : 0)),
      ) + 1
    return `${n === 1 ? 'Re:' : `Re[${n}]:`} ${baseSubject(previous)}`
  }
  if (style.stacksPrefixes && PREFIX_RE.test(previous) && !previous.startsWith(style.replyPrefix))
    return `${style.replyPrefix} ${previous}`
  return `${style.replyPrefix} ${baseSubject(previous)}`
}

/* ===================================================================== formatting */

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const MONTHS_DE = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
]
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const WEEKDAYS_DE = ['So.', 'Mo.', 'Di.', 'Mi.', 'Do.', 'Fr.', 'Sa.']

/** Wall-clock fields of an instant in a time zone (through @date-fns/tz, never hand-made offsets). */
function local(
  date: Date,
  timeZone: string,
): { y: number; mo: number; d: number; h: number; mi: number; wd: number; offset: number } {
  const offset = tzOffset(timeZone, date)
  const shifted = new Date(date.getTime() + offset * 60_000)
  return {
    y: shifted.getUTCFullYear(),
    mo: shifted.getUTCMonth(),
    d: shifted.getUTCDate(),
    h: shifted.getUTCHours(),
    mi: shifted.getUTCMinutes(),
    wd: shifted.getUTCDay(),
    offset,
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

function formatDay(date: Date, account: DemoAccount, lang: DemoLanguage): string {
  const t = local(date, account.timeZone)
  if (lang === 'de') return `${pad2(t.d)}.${pad2(t.mo + 1)}.${t.y}`
  if (account.country === 'US') return `${MONTHS_EN[t.mo]} ${t.d}, ${t.y}`
  return `${t.d} ${MONTHS_EN[t.mo]} ${t.y}`
}

function formatDayLong(date: Date, account: DemoAccount, lang: DemoLanguage): string {
  const t = local(date, account.timeZone)
  return lang === 'de'
    ? `${t.d}. ${MONTHS_DE[t.mo]}`
    : account.country === 'US'
      ? `${MONTHS_EN[t.mo]} ${t.d}`
      : `${t.d} ${MONTHS_EN[t.mo]}`
}

function groupDigits(n: number, sep: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep)
}

/** Money in minor units, written the way the account's country writes it. */
function formatMoney(minor: number, currency: DemoCurrency, lang: DemoLanguage): string {
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  const units = Math.floor(abs / 100)
  const cents = pad2(abs % 100)
  switch (currency) {
    case 'EUR':
      return lang === 'de'
        ? `${sign}${groupDigits(units, '.')},${cents} €`
        : `${sign}€${groupDigits(units, ',')}.${cents}`
    case 'CHF':
      return `${sign}CHF ${groupDigits(units, "'")}.${cents}`
    case 'GBP':
      return `${sign}£${groupDigits(units, ',')}.${cents}`
    case 'USD':
      return `${sign}$${groupDigits(units, ',')}.${cents}`
  }
}

/** Adds working days (Monday–Friday; holidays are the SLA engine's business, not the demo's). */
function addWorkingDays(date: Date, days: number): Date {
  let t = date.getTime()
  let left = days
  while (left > 0) {
    t += 86_400_000
    const wd = new Date(t).getUTCDay()
    if (wd !== 0 && wd !== 6) left--
  }
  return new Date(t)
}

/**
 * Moves an instant into business hours (Mon–Fri, 07:30–18:30) of a time zone: people
 * write during office hours, with some exceptions the caller allows for.
 */
function intoBusinessHours(date: Date, timeZone: string, r: Prng): Date {
  let t = date.getTime()
  for (let guard = 0; guard < 10; guard++) {
    const l = local(new Date(t), timeZone)
    const minutes = l.h * 60 + l.mi
    const weekend = l.wd === 0 || l.wd === 6
    if (!weekend && minutes >= 450 && minutes <= 1110) return new Date(t)
    // To the next morning (or this morning, if before 07:30), 07:30–10:30.
    const toMidnight = (24 * 60 - minutes) * 60_000
    const morning = (450 + r.int(0, 180)) * 60_000 + r.int(0, 59) * 1000
    t = minutes < 450 && !weekend ? t - minutes * 60_000 + morning : t + toMidnight + morning
  }
  return new Date(t)
}

/* ===================================================================== thread context */

interface Line {
  product: DemoProduct
  quantity: number
  unitPriceMinor: number
}

/** The business documents a thread is about (the same for every message of the thread). */
export interface ThreadBusiness {
  refs: BusinessRefs
  lines: { sku: string; quantity: number; unitPriceMinor: number }[]
  currency: DemoCurrency
  /** The thread's first message's date. */
  start: Date
}

export type BusinessRefs = Refs

interface Refs {
  po: string
  so: string
  quote: string
  invoice: string
  creditNote: string
  deliveryNote: string
  tracking: string
  carrier: string
}

interface ThreadContext {
  r: Prng
  seed: string | number
  index: number
  scenario: ScenarioKind
  lang: DemoLanguage
  account: DemoAccount
  customer: DemoContact
  /** Colleagues who may be copied. */
  colleagues: DemoContact[]
  mailbox: DemoSharedMailbox
  agent: DemoAgent
  /** Set when the sender is unknown to every account (the ticket goes to Triage). */
  prospect: Prospect | null
  lines: Line[]
  refs: Refs
  start: Date
}

const CATEGORY_BY_INDUSTRY: readonly (readonly [RegExp, ProductCategory[]])[] = [
  [/lab|bio|research|medical/i, ['lab', 'lab', 'mro']],
  [/packag|logistic|label/i, ['packaging', 'packaging', 'mro']],
  [/electr|control|power|automation|cable|building/i, ['electrical', 'electrical', 'fasteners']],
  [
    /fasten|metal|machine|engineering|fabrication|tool|precision|plant|hydraul|plastic|service|group|manufactur/i,
    ['fasteners', 'fasteners', 'mro', 'electrical'],
  ],
]

function pickLines(r: Prng, account: DemoAccount, count: number): Line[] {
  const categories = CATEGORY_BY_INDUSTRY.find(([re]) => re.test(account.industry))?.[1] ?? [
    'fasteners',
    'mro',
  ]
  const category = r.pick(categories)
  const pool = DEMO_PRODUCTS.filter((p) => p.category === category)
  const discount = DEMO_TIER_DISCOUNT[account.tier]
  return r.sample(pool, count).map((product) => ({
    product,
    quantity:
      r.pick([5, 10, 10, 20, 20, 25, 30, 40, 50, 50, 100, 120, 200]) *
      (product.listPriceMinor > 8000 ? 1 : r.pick([1, 1, 2])),
    unitPriceMinor: Math.round((demoListPrice(product, account.currency) * (100 - discount)) / 100),
  }))
}

function hex(r: Prng, n: number, upper = false): string {
  let s = ''
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[r.int(0, 15)]
  return upper ? s.toUpperCase() : s
}

function makeRefs(r: Prng, index: number, year: number, account: DemoAccount): Refs {
  const poStyle =
    account.tier === 'strategic' && account.language === 'de' && r.chance(0.5) ? 'sap' : 'po'
  const carrier =
    account.region === 'na'
      ? r.pick(['UPS', 'FedEx'])
      : r.pick(['DHL', 'DPD', 'UPS', 'DB Schenker'])
  const tracking =
    carrier === 'UPS'
      ? `1Z${hex(r, 6, true)}${String(r.int(10_000_000, 99_999_999))}`
      : carrier === 'FedEx'
        ? String(r.int(100_000, 999_999)) + String(r.int(100_000, 999_999))
        : `00340434${String(r.int(10_000_000, 99_999_999))}${String(r.int(1000, 9999))}`
  return {
    po:
      poStyle === 'sap'
        ? `45${String(r.int(10_000_000, 99_999_999))}`
        : `PO-${year}-${String(1000 + index).padStart(5, '0')}`,
    so: `SO-${400_000 + index}`,
    quote: `Q-${year}-${String(100 + index).padStart(4, '0')}`,
    invoice: `INV-${year}-${String(5000 + index).padStart(5, '0')}`,
    creditNote: `CN-${year}-${String(200 + index).padStart(5, '0')}`,
    deliveryNote: `DN-${700_000 + index}`,
    tracking,
    carrier,
  }
}

/* ===================================================================== drafts */

interface Table {
  head: string[]
  rows: string[][]
}

type Block = string | Table

interface Attachment {
  filename: string
  contentType: string
  content: Buffer
}

interface Draft {
  blocks: Block[]
  /** Set on the first message, or when the writer changes the subject of a reply. */
  subject?: string
  attachments?: Attachment[]
}

type Side = 'customer' | 'agent'

interface Step {
  side: Side
  /** Probability that the thread goes on with this step (1 = always, once reached). */
  p: number
  compose: (ctx: ThreadContext, at: Date) => Draft
}

const de = (ctx: ThreadContext): boolean => ctx.lang === 'de'
const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
/** The customer's PO number as written in English text: `PO-2026-01234`, or `PO 4512345678` for SAP numbers. */
const poRef = (ctx: ThreadContext): string =>
  ctx.refs.po.startsWith('PO-') ? ctx.refs.po : `PO ${ctx.refs.po}`
const swiss = (ctx: ThreadContext): boolean => ctx.account.country === 'CH'
/** Swiss German writes "ss" for "ß". */
const ch = (ctx: ThreadContext, text: string): string =>
  swiss(ctx) ? text.replace(/ß/g, 'ss') : text

/** A thread's first line item; every thread has at least one (pickLines draws 1–5). */
function firstLine(ctx: ThreadContext): Line {
  const line = ctx.lines[0]
  if (!line) throw new Error(`demo thread ${ctx.index} has no line items`)
  return line
}

function productName(ctx: ThreadContext, p: DemoProduct): string {
  return de(ctx) ? p.nameDe : p.name
}

function unitLabel(ctx: ThreadContext, p: DemoProduct): string {
  const deUnits: Record<DemoProduct['unit'], string> = {
    piece: 'Stück',
    box: 'Karton',
    roll: 'Rolle',
    pack: 'Pack',
    case: 'Kiste',
    drum: 'Kanister',
  }
  const enUnits: Record<DemoProduct['unit'], string> = {
    piece: 'piece',
    box: 'box',
    roll: 'roll',
    pack: 'pack',
    case: 'case',
    drum: 'drum',
  }
  if (p.packSize === 1) return de(ctx) ? deUnits[p.unit] : enUnits[p.unit]
  return de(ctx) ? `${deUnits[p.unit]} à ${p.packSize}` : `${enUnits[p.unit]} of ${p.packSize}`
}

function requestList(ctx: ThreadContext, lines: readonly Line[]): string {
  return lines
    .map(
      (l) =>
        `- ${l.quantity} x ${productName(ctx, l.product)} (${l.product.sku}), ${unitLabel(ctx, l.product)}`,
    )
    .join('\n')
}

function priceTable(
  ctx: ThreadContext,
  lines: readonly Line[],
  factor = 1,
): { table: Table; totalMinor: number } {
  const cur = ctx.account.currency
  let total = 0
  const rows = lines.map((l, i) => {
    const unit = Math.round(l.unitPriceMinor * factor)
    const sum = unit * l.quantity
    total += sum
    return [
      String((i + 1) * 10),
      l.product.sku,
      productName(ctx, l.product),
      String(l.quantity),
      formatMoney(unit, cur, ctx.lang),
      formatMoney(sum, cur, ctx.lang),
    ]
  })
  const head = de(ctx)
    ? ['Pos.', 'Artikel', 'Bezeichnung', 'Menge', 'Einzelpreis', 'Gesamt']
    : ['Item', 'SKU', 'Description', 'Qty', 'Unit price', 'Amount']
  return { table: { head, rows }, totalMinor: total }
}

function csvAttachment(ctx: ThreadContext, filename: string, lines: readonly Line[]): Attachment {
  const sep = de(ctx) ? ';' : ','
  const head = de(ctx)
    ? ['Position', 'Artikelnummer', 'Bezeichnung', 'Menge', 'Einheit']
    : ['Line', 'SKU', 'Description', 'Quantity', 'Unit']
  const quote = (v: string): string =>
    v.includes(sep) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v
  const rows = lines.map((l, i) => [
    String(i + 1),
    l.product.sku,
    productName(ctx, l.product),
    String(l.quantity),
    unitLabel(ctx, l.product),
  ])
  const text = [head, ...rows].map((row) => row.map(quote).join(sep)).join('\r\n') + '\r\n'
  // German Excel opens UTF-8 CSV correctly only with a byte-order mark.
  const content = de(ctx)
    ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
    : Buffer.from(text, 'utf8')
  return { filename, contentType: 'text/csv', content }
}

function pdfAttachment(
  ctx: ThreadContext,
  filename: string,
  title: string,
  lines: readonly Line[],
  extra: readonly string[],
  factor = 1,
): Attachment {
  const { table, totalMinor } = priceTable(ctx, lines, factor)
  const text = [
    `${DEMO_SELLER.legalName} · ${DEMO_SELLER.street} · ${DEMO_SELLER.city}`,
    '',
    ctx.account.name,
    ctx.customer.name,
    '',
    ...extra,
    '',
    table.head.join('   '),
    ...table.rows.map((row) => row.join('   ')),
    '',
    `${de(ctx) ? 'Summe netto' : 'Net total'}: ${formatMoney(totalMinor, ctx.account.currency, ctx.lang)}`,
  ]
  return { filename, contentType: 'application/pdf', content: buildPdf(title, text) }
}

/** "Frau Neumann", "Herr Dr. Kessler", "Ms Sharma": the formal way to address someone. */
function formalName(
  lang: DemoLanguage,
  honorific: Honorific,
  lastName: string,
  academicTitle: string | null,
): string {
  const title = academicTitle
    ? `${lang === 'de' ? academicTitle : academicTitle.replace(/\.$/, '')} `
    : ''
  if (lang === 'de') return `${honorific === 'ms' ? 'Frau' : 'Herr'} ${title}${lastName}`
  return title ? `${title}${lastName}` : `${honorific === 'ms' ? 'Ms' : 'Mr'} ${lastName}`
}

function greetingToUs(ctx: ThreadContext, first: boolean): string {
  const [agentFirst = ctx.agent.name, ...rest] = ctx.agent.name.split(' ')
  const formal = formalName(ctx.lang, ctx.agent.honorific, rest.join(' '), null)
  if (de(ctx)) {
    const dear = ctx.agent.honorific === 'ms' ? 'Sehr geehrte' : 'Sehr geehrter'
    if (first)
      return ctx.r.pick([
        'Sehr geehrte Damen und Herren,',
        'Guten Tag,',
        'Hallo zusammen,',
        `Hallo ${formal},`,
      ])
    return ctx.r.pick([
      `Hallo ${formal},`,
      `Guten Tag ${formal},`,
      `${dear} ${formal},`,
      `Hallo ${agentFirst},`,
      'Hallo,',
    ])
  }
  if (first) return ctx.r.pick(['Hello,', 'Dear Sir or Madam,', 'Hi team,', `Dear ${agentFirst},`])
  return ctx.r.pick([`Hi ${agentFirst},`, `Dear ${agentFirst},`, `${agentFirst},`, 'Hello,'])
}

function greetingToCustomer(ctx: ThreadContext): string {
  const c = ctx.customer
  const formal = formalName(ctx.lang, c.honorific, c.lastName, c.academicTitle)
  if (de(ctx)) {
    const dear = c.honorific === 'ms' ? 'Sehr geehrte' : 'Sehr geehrter'
    return ctx.r.pick([
      `${dear} ${formal},`,
      `${dear} ${formal},`,
      `Guten Tag ${formal},`,
      `Hallo ${formal},`,
    ])
  }
  return ctx.r.pick([
    `Dear ${c.firstName},`,
    `Hello ${c.firstName},`,
    `Hi ${c.firstName},`,
    `Dear ${formal},`,
  ])
}

/* ===================================================================== scenarios */

function quoteRequest(): Step[] {
  return [
    {
      side: 'customer',
      p: 1,
      compose: (ctx, at) => {
        const needBy = formatDay(addWorkingDays(at, ctx.r.int(8, 20)), ctx.account, ctx.lang)
        const withCsv = ctx.lines.length >= 4 || ctx.r.chance(0.2)
        const cats = ctx.lines[0]?.product.category ?? 'fasteners'
        const topic = de(ctx)
          ? {
              fasteners: 'Verbindungselemente',
              packaging: 'Verpackungsmaterial',
              lab: 'Laborbedarf',
              electrical: 'Elektromaterial',
              mro: 'Betriebsbedarf',
            }[cats]
          : {
              fasteners: 'fasteners',
              packaging: 'packaging material',
              lab: 'lab consumables',
              electrical: 'electrical components',
              mro: 'MRO supplies',
            }[cats]
        const subject = de(ctx)
          ? ctx.r.pick([
              `Anfrage ${topic}`,
              `Angebotsanfrage ${topic} – Bedarf KW ${1 + Math.floor((local(at, ctx.account.timeZone).d + 30) / 7)}`,
              `Bitte um Angebot: ${topic}`,
            ])
          : ctx.r.pick([
              `Request for quotation: ${topic}`,
              `RFQ ${topic}`,
              `Quote request – ${topic}`,
            ])
        const blocks: Block[] = de(ctx)
          ? [
              greetingToUs(ctx, true),
              ch(
                ctx,
                `bitte senden Sie uns ein Angebot für folgende Positionen${withCsv ? ' (Liste auch als CSV im Anhang)' : ''}:`,
              ),
              requestList(ctx, ctx.lines),
              ch(
                ctx,
                `Gewünschter Liefertermin: ${needBy}, Lieferung an unser Werk in ${ctx.account.city}. Bitte geben Sie auch die aktuelle Lieferzeit an.`,
              ),
            ]
          : [
              greetingToUs(ctx, true),
              `Could you please quote the following${withCsv ? ' (also attached as CSV)' : ''}:`,
              requestList(ctx, ctx.lines),
              `We would need delivery to ${ctx.account.city} by ${needBy}. Please confirm lead times as well.`,
            ]
        return {
          subject,
          blocks,
          attachments: withCsv
            ? [csvAttachment(ctx, de(ctx) ? 'Anfrage_Positionen.csv' : 'rfq_lines.csv', ctx.lines)]
            : [],
        }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx, at) => {
        const { table, totalMinor } = priceTable(ctx, ctx.lines)
        const validUntil = formatDay(
          new Date(at.getTime() + 30 * 86_400_000),
          ctx.account,
          ctx.lang,
        )
        const lead = Math.max(...ctx.lines.map((l) => l.product.leadTimeDays))
        const total = formatMoney(totalMinor, ctx.account.currency, ctx.lang)
        const terms = PAYMENT_TERMS[ctx.account.paymentTerms]
        const blocks: Block[] = de(ctx)
          ? [
              greetingToCustomer(ctx),
              ch(
                ctx,
                `vielen Dank für Ihre Anfrage. Gern bieten wir Ihnen wie folgt an (Angebot ${ctx.refs.quote}):`,
              ),
              table,
              ch(
                ctx,
                `Gesamt netto: ${total}. Lieferzeit ca. ${lead} Arbeitstage nach Auftragseingang, Zahlungsbedingung: ${terms.labelDe}. Das Angebot ist gültig bis ${validUntil}.`,
              ),
              'Das Angebot finden Sie auch als PDF im Anhang.',
            ]
          : [
              greetingToCustomer(ctx),
              `Thank you for your enquiry. Please find our quotation ${ctx.refs.quote} below and attached as PDF:`,
              table,
              `Net total: ${total}. Lead time approx. ${lead} working days from order, payment terms: ${terms.label}. The quotation is valid until ${validUntil}.`,
            ]
        const file = de(ctx) ? `Angebot_${ctx.refs.quote}.pdf` : `Quotation_${ctx.refs.quote}.pdf`
        return {
          blocks,
          subject: ctx.r.chance(0.5)
            ? de(ctx)
              ? `Ihr Angebot ${ctx.refs.quote}`
              : `Quotation ${ctx.refs.quote}`
            : undefined,
          attachments: [
            pdfAttachment(
              ctx,
              file,
              de(ctx) ? `Angebot ${ctx.refs.quote}` : `Quotation ${ctx.refs.quote}`,
              ctx.lines,
              [`${de(ctx) ? 'Gültig bis' : 'Valid until'} ${validUntil}`],
            ),
          ],
        }
      },
    },
    {
      side: 'customer',
      p: 0.65,
      compose: (ctx) => {
        const l = ctx.lines[0]
        const more = l ? l.quantity * 2 : 100
        const blocks: Block[] = de(ctx)
          ? [
              greetingToUs(ctx, false),
              ch(
                ctx,
                ctx.r.pick([
                  `danke für das Angebot ${ctx.refs.quote}. Wenn wir bei Pos. 10 die Menge auf ${more} erhöhen – was wäre dann Ihr bester Preis? Unser Zielpreis liegt etwa 8 % unter Ihrem Angebot.`,
                  `wir haben ein Vergleichsangebot vorliegen, das rund 6 % günstiger ist. Können Sie preislich noch etwas machen? Außerdem bräuchten wir die Lieferung eine Woche früher.`,
                  `können Sie uns das Angebot bitte mit Lieferung frei Haus und ${ctx.r.pick(['60', '45'])} Tagen Zahlungsziel überarbeiten?`,
                ]),
              ),
            ]
          : [
              greetingToUs(ctx, false),
              ctx.r.pick([
                `Thanks for quote ${ctx.refs.quote}. If we increase line 10 to ${more}, what is your best price? Our target is about 8% below your offer.`,
                `We have a competing offer roughly 6% lower. Is there any room on price? We would also need delivery a week earlier.`,
                `Could you revise the quote with free delivery and ${ctx.r.pick(['60', '45'])}-day payment terms?`,
              ]),
            ]
        return { blocks }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx, at) => {
        const { table, totalMinor } = priceTable(ctx, ctx.lines, 0.95)
        const validUntil = formatDay(
          new Date(at.getTime() + 30 * 86_400_000),
          ctx.account,
          ctx.lang,
        )
        const total = formatMoney(totalMinor, ctx.account.currency, ctx.lang)
        const blocks: Block[] = de(ctx)
          ? [
              greetingToCustomer(ctx),
              ch(
                ctx,
                `wir haben das Angebot überarbeitet: 5 % Nachlass auf alle Positionen und Lieferung frei Haus. Anbei ${ctx.refs.quote} Revision 2:`,
              ),
              table,
              ch(
                ctx,
                `Neuer Gesamtbetrag netto: ${total}, gültig bis ${validUntil}. Ein früherer Liefertermin ist leider nur für Teilmengen möglich.`,
              ),
            ]
          : [
              greetingToCustomer(ctx),
              `We have revised the quotation: 5% off all lines and free delivery. Please find ${ctx.refs.quote} revision 2 below:`,
              table,
              `New net total: ${total}, valid until ${validUntil}. An earlier delivery date is only possible for part quantities, unfortunately.`,
            ]
        const file = de(ctx)
          ? `Angebot_${ctx.refs.quote}_Rev2.pdf`
          : `Quotation_${ctx.refs.quote}_rev2.pdf`
        return {
          blocks,
          subject: ctx.r.chance(0.3)
            ? de(ctx)
              ? `Überarbeitetes Angebot ${ctx.refs.quote} Rev. 2`
              : `Revised quotation ${ctx.refs.quote} rev. 2`
            : undefined,
          attachments: [
            pdfAttachment(
              ctx,
              file,
              `${ctx.refs.quote} Rev. 2`,
              ctx.lines,
              [`${de(ctx) ? 'Gültig bis' : 'Valid until'} ${validUntil}`],
              0.95,
            ),
          ],
        }
      },
    },
    {
      side: 'customer',
      p: 0.7,
      compose: (ctx) => ({
        subject: ctx.r.chance(0.5)
          ? de(ctx)
            ? `Bestellung ${ctx.refs.po} zu Angebot ${ctx.refs.quote}`
            : `Purchase order ${ctx.refs.po} – quote ${ctx.refs.quote}`
          : undefined,
        blocks: de(ctx)
          ? [
              greetingToUs(ctx, false),
              ch(
                ctx,
                `hiermit bestellen wir gemäß Ihrem Angebot ${ctx.refs.quote} (Rev. 2). Unsere Bestellnummer: ${ctx.refs.po}. Bitte senden Sie uns eine Auftragsbestätigung.`,
              ),
            ]
          : [
              greetingToUs(ctx, false),
              `Please accept our order against quotation ${ctx.refs.quote} rev. 2. Our purchase order number is ${ctx.refs.po}. Please send an order confirmation.`,
            ],
        attachments: [
          pdfAttachment(
            ctx,
            `${ctx.refs.po}.pdf`,
            de(ctx) ? `Bestellung ${ctx.refs.po}` : `Purchase order ${ctx.refs.po}`,
            ctx.lines,
            [`${de(ctx) ? 'Angebot' : 'Quotation'} ${ctx.refs.quote}`],
            0.95,
          ),
        ],
      }),
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx, at) => {
        const date = formatDay(addWorkingDays(at, ctx.r.int(5, 12)), ctx.account, ctx.lang)
        return {
          subject: de(ctx)
            ? `Auftragsbestätigung ${ctx.refs.so} zu Ihrer Bestellung ${ctx.refs.po}`
            : `Order confirmation ${ctx.refs.so} for your ${poRef(ctx)}`,
          blocks: de(ctx)
            ? [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `vielen Dank für Ihren Auftrag. Wir haben ihn unter ${ctx.refs.so} erfasst; voraussichtlicher Versand am ${date}. Die Auftragsbestätigung liegt bei.`,
                ),
              ]
            : [
                greetingToCustomer(ctx),
                `Thank you for your order. It is booked as ${ctx.refs.so}; expected ship date ${date}. The order confirmation is attached.`,
              ],
          attachments: [
            pdfAttachment(
              ctx,
              de(ctx) ? `AB_${ctx.refs.so}.pdf` : `Confirmation_${ctx.refs.so}.pdf`,
              `${ctx.refs.so}`,
              ctx.lines,
              [`${poRef(ctx)}`],
              0.95,
            ),
          ],
        }
      },
    },
  ]
}

function stockQuestion(): Step[] {
  return [
    {
      side: 'customer',
      p: 1,
      compose: (ctx, at) => {
        const l = firstLine(ctx)
        const by = formatDayLong(addWorkingDays(at, ctx.r.int(2, 6)), ctx.account, ctx.lang)
        return de(ctx)
          ? {
              subject: ctx.r.pick([
                `Verfügbarkeit ${l.product.sku}`,
                `Lagerbestand ${productName(ctx, l.product)}?`,
                `Kurze Frage zur Verfügbarkeit`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                ch(
                  ctx,
                  `haben Sie ${l.quantity * 4} x ${productName(ctx, l.product)} (${l.product.sku}) am Lager? Wir bräuchten die Ware bis spätestens ${by}.`,
                ),
              ],
            }
          : {
              subject: ctx.r.pick([
                `Stock check ${l.product.sku}`,
                `Availability of ${l.product.sku}?`,
                `Quick stock question`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                `Do you have ${l.quantity * 4} x ${l.product.name} (${l.product.sku}) in stock? We need them by ${by} at the latest.`,
              ],
            }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx, at) => {
        const l = firstLine(ctx)
        const onHand = l.quantity * ctx.r.int(1, 3)
        const eta = formatDay(addWorkingDays(at, l.product.leadTimeDays), ctx.account, ctx.lang)
        const wh = ctx.account.region === 'na' ? 'Chicago' : ctx.r.pick(['Nürnberg', 'Venlo'])
        return de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `aktuell haben wir ${onHand} ${unitLabel(ctx, l.product)} im Lager ${wh} verfügbar. Die Restmenge erwarten wir am ${eta}. Sollen wir die verfügbare Menge für Sie reservieren?`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `We currently have ${onHand} x ${unitLabel(ctx, l.product)} available in our ${wh} warehouse; the balance is expected on ${eta}. Shall we reserve the available quantity for you?`,
              ],
            }
      },
    },
    {
      side: 'customer',
      p: 0.55,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToUs(ctx, false),
                ch(
                  ctx,
                  `ja, bitte reservieren und sofort liefern, den Rest dann als Nachlieferung. Bestellung folgt unter ${ctx.refs.po}.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToUs(ctx, false),
                `Yes please, reserve and ship what you have now, the rest as a back order. PO to follow: ${ctx.refs.po}.`,
              ],
            },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `erledigt – die Ware ist unter Auftrag ${ctx.refs.so} reserviert. Sobald Ihre Bestellung ${ctx.refs.po} vorliegt, geht die Teillieferung raus.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `Done – the stock is reserved under order ${ctx.refs.so}. As soon as we receive ${poRef(ctx)}, the first shipment goes out.`,
              ],
            },
    },
  ]
}

function orderChange(): Step[] {
  return [
    {
      side: 'customer',
      p: 1,
      compose: (ctx, at) => {
        const l = ctx.lines[1] ?? ctx.lines[0]
        const newQty = l ? l.quantity + ctx.r.pick([10, 20, 50]) : 0
        const date = formatDay(addWorkingDays(at, ctx.r.int(6, 15)), ctx.account, ctx.lang)
        return de(ctx)
          ? {
              subject: ctx.r.pick([
                `Änderung Bestellung ${ctx.refs.po}`,
                `Auftrag ${ctx.refs.so} – Mengenänderung`,
                `Bestelländerung ${ctx.refs.po} / ${ctx.refs.so}`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                ch(
                  ctx,
                  `zu unserer Bestellung ${ctx.refs.po} (Ihr Auftrag ${ctx.refs.so}) bitte folgende Änderungen:`,
                ),
                l
                  ? `- ${l.product.sku}: Menge von ${l.quantity} auf ${newQty} ${unitLabel(ctx, l.product)} erhöhen\n- Liefertermin neu: ${date}`
                  : `- Liefertermin neu: ${date}`,
                'Bitte kurz bestätigen.',
              ],
            }
          : {
              subject: ctx.r.pick([
                `Change to ${poRef(ctx)}`,
                `Order ${ctx.refs.so} – quantity change`,
                `Amendment ${poRef(ctx)}`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                `Please amend our ${poRef(ctx)} (your order ${ctx.refs.so}) as follows:`,
                l
                  ? `- ${l.product.sku}: increase quantity from ${l.quantity} to ${newQty}\n- new delivery date: ${date}`
                  : `- new delivery date: ${date}`,
                'Please confirm.',
              ],
            }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) => {
        const shipped = ctx.r.chance(0.35)
        const l = ctx.lines[0]
        return de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                shipped && l
                  ? ch(
                      ctx,
                      `die Mengenänderung haben wir übernommen. Position ${l.product.sku} ist allerdings bereits versandt (Lieferschein ${ctx.refs.deliveryNote}) und kann nicht mehr geändert werden.`,
                    )
                  : ch(
                      ctx,
                      `die Änderungen sind im Auftrag ${ctx.refs.so} erfasst. Eine aktualisierte Auftragsbestätigung erhalten Sie separat.`,
                    ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                shipped && l
                  ? `We have updated the quantity. Line ${l.product.sku} has already shipped, though (delivery note ${ctx.refs.deliveryNote}), so it can no longer be changed.`
                  : `The changes are booked on order ${ctx.refs.so}. You will receive an updated order confirmation separately.`,
              ],
            }
      },
    },
    {
      side: 'customer',
      p: 0.45,
      compose: (ctx) =>
        de(ctx)
          ? {
              subject: ctx.r.chance(0.6) ? `Neue Lieferadresse für ${ctx.refs.so}` : undefined,
              blocks: [
                greetingToUs(ctx, false),
                ch(
                  ctx,
                  `noch eine Änderung: bitte liefern Sie an unser Außenlager, Tor 4, ${ctx.account.city}. Ansprechpartner vor Ort ist ${ctx.colleagues[0]?.name ?? ctx.customer.name}.`,
                ),
              ],
            }
          : {
              subject: ctx.r.chance(0.6) ? `New delivery address for ${ctx.refs.so}` : undefined,
              blocks: [
                greetingToUs(ctx, false),
                `One more change: please deliver to our overflow warehouse, gate 4, ${ctx.account.city}. Contact on site: ${ctx.colleagues[0]?.name ?? ctx.customer.name}.`,
              ],
            },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `die neue Lieferadresse ist hinterlegt. Der Versand erfolgt wie bestätigt.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `The new delivery address is on the order. Shipping as confirmed.`,
              ],
            },
    },
  ]
}

function partialDelivery(): Step[] {
  return [
    {
      side: 'customer',
      p: 1,
      compose: (ctx) => {
        const missing = ctx.lines.slice(0, Math.max(1, ctx.lines.length - 1))
        return de(ctx)
          ? {
              subject: ctx.r.pick([
                `Unvollständige Lieferung ${ctx.refs.so}`,
                `Lieferung zu ${ctx.refs.po} unvollständig`,
                `Fehlmenge Lieferschein ${ctx.refs.deliveryNote}`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                ch(
                  ctx,
                  `heute kam die Lieferung zu unserer Bestellung ${ctx.refs.po} (Ihr Auftrag ${ctx.refs.so}, Lieferschein ${ctx.refs.deliveryNote}), es fehlen aber:`,
                ),
                requestList(ctx, missing),
                ch(ctx, 'Wann kommt der Rest? Die Montage wartet.'),
              ],
            }
          : {
              subject: ctx.r.pick([
                `Short delivery ${ctx.refs.so}`,
                `${poRef(ctx)} delivered incomplete`,
                `Missing items – delivery note ${ctx.refs.deliveryNote}`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                `Today we received the delivery for ${poRef(ctx)} (your order ${ctx.refs.so}, delivery note ${ctx.refs.deliveryNote}), but these items are missing:`,
                requestList(ctx, missing),
                'When will the rest arrive? Our line is waiting.',
              ],
            }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx, at) => {
        const eta = formatDay(addWorkingDays(at, ctx.r.int(3, 10)), ctx.account, ctx.lang)
        return de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `zu Auftrag ${ctx.refs.so} war das eine Teillieferung: die fehlenden Positionen sind im Rückstand und gehen voraussichtlich am ${eta} raus (${ctx.refs.carrier}, Sendungsnummer folgt). Entschuldigen Sie, dass der Lieferschein das nicht klar ausgewiesen hat.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `That was a partial shipment of order ${ctx.refs.so}: the missing lines are on back order and expected to ship on ${eta} (${ctx.refs.carrier}, tracking to follow). Sorry the delivery note did not make that clear.`,
              ],
            }
      },
    },
    {
      side: 'customer',
      p: 0.5,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToUs(ctx, false),
                ch(
                  ctx,
                  `das ist zu spät für uns. Gibt es eine Möglichkeit für Expressversand? Die Mehrkosten sollten bei Ihnen liegen, da die Teillieferung nicht angekündigt war.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToUs(ctx, false),
                `That is too late for us. Can you ship express? As the partial delivery was not announced, we expect you to cover the extra cost.`,
              ],
            },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `wir versenden den Rest heute per Express auf unsere Kosten. Sendungsnummer: ${ctx.refs.tracking} (${ctx.refs.carrier}).`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `We are shipping the balance express today at our cost. Tracking number: ${ctx.refs.tracking} (${ctx.refs.carrier}).`,
              ],
            },
    },
  ]
}

function backorder(): Step[] {
  return [
    {
      side: 'agent',
      p: 1,
      compose: (ctx, at) => {
        const l = ctx.lines[0]
        const eta = formatDay(
          addWorkingDays(at, l ? l.product.leadTimeDays + ctx.r.int(3, 10) : 15),
          ctx.account,
          ctx.lang,
        )
        const alt = DEMO_PRODUCTS.find(
          (p) => l && p.category === l.product.category && p.sku !== l.product.sku,
        )
        return de(ctx)
          ? {
              subject: ctx.r.pick([
                `Lieferverzug zu Ihrer Bestellung ${ctx.refs.po}`,
                `Rückstand ${ctx.refs.so} – Ihre Entscheidung bitte`,
              ]),
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `zu Ihrer Bestellung ${ctx.refs.po} (unser Auftrag ${ctx.refs.so}) können wir die Position ${l?.product.sku ?? ''} leider erst am ${eta} liefern; unser Lieferant hat sich verspätet.`,
                ),
                ch(
                  ctx,
                  `Wir können (a) die verfügbaren Positionen sofort als Teillieferung senden, (b) alles gesammelt am ${eta} liefern oder (c) als Alternative ${alt?.sku ?? ''} (${alt?.nameDe ?? ''}) zum gleichen Preis liefern. Was ist Ihnen lieber?`,
                ),
              ],
            }
          : {
              subject: ctx.r.pick([
                `Delay on your order ${ctx.refs.po}`,
                `Back order ${ctx.refs.so} – your decision please`,
              ]),
              blocks: [
                greetingToCustomer(ctx),
                `On your ${poRef(ctx)} (our order ${ctx.refs.so}), line ${l?.product.sku ?? ''} can only ship on ${eta}; our supplier is late.`,
                `We can (a) ship the available lines now as a partial delivery, (b) ship everything together on ${eta}, or (c) substitute ${alt?.sku ?? ''} (${alt?.name ?? ''}) at the same price. Which do you prefer?`,
              ],
            }
      },
    },
    {
      side: 'customer',
      p: 0.85,
      compose: (ctx) => {
        const choice = ctx.r.pick(['a', 'b', 'c'])
        const text = de(ctx)
          ? {
              a: 'bitte Variante (a), Teillieferung sofort.',
              b: 'wir warten, bitte alles zusammen liefern.',
              c: 'die Alternative ist ok, bitte so liefern. Bitte Preis wie bestellt.',
            }[choice]
          : {
              a: 'option (a) please, partial delivery now.',
              b: 'we will wait, please ship everything together.',
              c: 'the substitute is fine, please ship that at the ordered price.',
            }[choice]
        return {
          blocks: [greetingToUs(ctx, false), de(ctx) ? ch(ctx, text ?? '') : cap(text ?? '')],
        }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `danke, so machen wir es. Die geänderte Auftragsbestätigung zu ${ctx.refs.so} folgt.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `Thanks, we will do that. The updated confirmation for ${ctx.refs.so} follows.`,
              ],
            },
    },
  ]
}

function invoiceDispute(): Step[] {
  return [
    {
      side: 'customer',
      p: 1,
      compose: (ctx) => {
        const reason = ctx.r.pick(['price', 'discount', 'duplicate', 'freight'])
        const l = ctx.lines[0]
        const textDe = {
          price: `auf der Rechnung ${ctx.refs.invoice} ist Pos. ${l?.product.sku ?? ''} mit einem höheren Preis berechnet als im Angebot ${ctx.refs.quote} vereinbart.`,
          discount: `bei Rechnung ${ctx.refs.invoice} fehlt der vereinbarte Kundenrabatt von ${DEMO_TIER_DISCOUNT[ctx.account.tier]} %.`,
          duplicate: `die Lieferung zu ${ctx.refs.po} wurde doppelt berechnet: ${ctx.refs.invoice} und eine weitere Rechnung mit denselben Positionen.`,
          freight: `auf Rechnung ${ctx.refs.invoice} wurden Frachtkosten berechnet, obwohl Lieferung frei Haus vereinbart war.`,
        }[reason]
        const textEn = {
          price: `invoice ${ctx.refs.invoice} charges line ${l?.product.sku ?? ''} at a higher price than agreed in quotation ${ctx.refs.quote}.`,
          discount: `invoice ${ctx.refs.invoice} is missing our agreed account discount of ${DEMO_TIER_DISCOUNT[ctx.account.tier]}%.`,
          duplicate: `the delivery for ${poRef(ctx)} has been invoiced twice: ${ctx.refs.invoice} and a second invoice with the same lines.`,
          freight: `invoice ${ctx.refs.invoice} includes freight although we agreed free delivery.`,
        }[reason]
        return de(ctx)
          ? {
              subject: ctx.r.pick([
                `Reklamation Rechnung ${ctx.refs.invoice}`,
                `Rechnung ${ctx.refs.invoice} – Differenz`,
                `Rechnungskorrektur ${ctx.refs.invoice} erbeten`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                ch(ctx, textDe ?? ''),
                ch(
                  ctx,
                  'Bitte um Korrektur bzw. Gutschrift. Bis dahin halten wir die Zahlung zurück.',
                ),
              ],
              attachments: ctx.r.chance(0.6)
                ? [
                    pdfAttachment(
                      ctx,
                      `Rechnung_${ctx.refs.invoice}.pdf`,
                      `Rechnung ${ctx.refs.invoice}`,
                      ctx.lines,
                      [`Bestellung ${ctx.refs.po}`, `Auftrag ${ctx.refs.so}`],
                    ),
                  ]
                : [],
            }
          : {
              subject: ctx.r.pick([
                `Invoice ${ctx.refs.invoice} query`,
                `Dispute: invoice ${ctx.refs.invoice}`,
                `Incorrect invoice ${ctx.refs.invoice}`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                cap(textEn ?? ''),
                'Please send a corrected invoice or credit note. We are holding payment until then.',
              ],
              attachments: ctx.r.chance(0.6)
                ? [
                    pdfAttachment(
                      ctx,
                      `Invoice_${ctx.refs.invoice}.pdf`,
                      `Invoice ${ctx.refs.invoice}`,
                      ctx.lines,
                      [`${poRef(ctx)}`, `Order ${ctx.refs.so}`],
                    ),
                  ]
                : [],
            }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `danke für den Hinweis. Wir prüfen die Rechnung ${ctx.refs.invoice} mit dem Vertrieb und melden uns spätestens übermorgen.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `Thank you for letting us know. We are checking invoice ${ctx.refs.invoice} with sales and will come back to you within two days.`,
              ],
            },
    },
    {
      side: 'customer',
      p: 0.6,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToUs(ctx, false),
                ch(
                  ctx,
                  `gibt es schon Neuigkeiten zur Gutschrift? Unser Zahlungslauf ist am Freitag.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToUs(ctx, false),
                `Any news on the credit note? Our payment run is on Friday.`,
              ],
            },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) => {
        const amount = formatMoney(
          Math.round((ctx.lines[0]?.unitPriceMinor ?? 1000) * (ctx.lines[0]?.quantity ?? 1) * 0.1),
          ctx.account.currency,
          ctx.lang,
        )
        return de(ctx)
          ? {
              subject: ctx.r.chance(0.4)
                ? `Gutschrift ${ctx.refs.creditNote} zu Rechnung ${ctx.refs.invoice}`
                : undefined,
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `anbei die Gutschrift ${ctx.refs.creditNote} über ${amount} zur Rechnung ${ctx.refs.invoice}. Bitte verrechnen Sie diese mit der offenen Rechnung.`,
                ),
              ],
              attachments: [
                pdfAttachment(
                  ctx,
                  `Gutschrift_${ctx.refs.creditNote}.pdf`,
                  `Gutschrift ${ctx.refs.creditNote}`,
                  ctx.lines.slice(0, 1),
                  [`Zu Rechnung ${ctx.refs.invoice}`],
                  0.1,
                ),
              ],
            }
          : {
              subject: ctx.r.chance(0.4)
                ? `Credit note ${ctx.refs.creditNote} for invoice ${ctx.refs.invoice}`
                : undefined,
              blocks: [
                greetingToCustomer(ctx),
                `Please find attached credit note ${ctx.refs.creditNote} for ${amount} against invoice ${ctx.refs.invoice}. Please offset it against the open invoice.`,
              ],
              attachments: [
                pdfAttachment(
                  ctx,
                  `CreditNote_${ctx.refs.creditNote}.pdf`,
                  `Credit note ${ctx.refs.creditNote}`,
                  ctx.lines.slice(0, 1),
                  [`For invoice ${ctx.refs.invoice}`],
                  0.1,
                ),
              ],
            }
      },
    },
  ]
}

function paymentReminder(): Step[] {
  return [
    {
      side: 'agent',
      p: 1,
      compose: (ctx, at) => {
        const { totalMinor } = priceTable(ctx, ctx.lines)
        const due = formatDay(
          new Date(at.getTime() - ctx.r.int(5, 20) * 86_400_000),
          ctx.account,
          ctx.lang,
        )
        const amount = formatMoney(totalMinor, ctx.account.currency, ctx.lang)
        return de(ctx)
          ? {
              subject: `Zahlungserinnerung Rechnung ${ctx.refs.invoice}`,
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `sicher haben Sie es nur übersehen: die Rechnung ${ctx.refs.invoice} über ${amount} war am ${due} fällig. Bitte überweisen Sie den Betrag in den nächsten Tagen oder geben Sie uns Bescheid, falls etwas unklar ist.`,
                ),
              ],
            }
          : {
              subject: `Payment reminder: invoice ${ctx.refs.invoice}`,
              blocks: [
                greetingToCustomer(ctx),
                `Our records show invoice ${ctx.refs.invoice} for ${amount}, due on ${due}, as still open. Please arrange payment or let us know if anything is unclear.`,
              ],
            }
      },
    },
    {
      side: 'customer',
      p: 0.8,
      compose: (ctx, at) => {
        const paid = formatDay(
          new Date(at.getTime() - ctx.r.int(1, 4) * 86_400_000),
          ctx.account,
          ctx.lang,
        )
        const remittance: Attachment = {
          filename: de(ctx) ? 'Zahlungsavis.csv' : 'remittance_advice.csv',
          contentType: 'text/csv',
          content: Buffer.from(
            de(ctx)
              ? `\ufeffBeleg;Datum;Betrag\r\n${ctx.refs.invoice};${paid};${formatMoney(priceTable(ctx, ctx.lines).totalMinor, ctx.account.currency, 'de')}\r\n`
              : `Document,Date,Amount\r\n${ctx.refs.invoice},${paid},"${formatMoney(priceTable(ctx, ctx.lines).totalMinor, ctx.account.currency, 'en')}"\r\n`,
            'utf8',
          ),
        }
        return de(ctx)
          ? {
              blocks: [
                greetingToUs(ctx, false),
                ch(
                  ctx,
                  `die Rechnung wurde am ${paid} bezahlt, das Zahlungsavis hängt an. Bitte prüfen Sie den Zahlungseingang.`,
                ),
              ],
              attachments: [remittance],
            }
          : {
              blocks: [
                greetingToUs(ctx, false),
                `This was paid on ${paid}; remittance advice attached. Please check your receipts.`,
              ],
              attachments: [remittance],
            }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `danke, die Zahlung ist gefunden und der Rechnung ${ctx.refs.invoice} zugeordnet. Bitte entschuldigen Sie die Erinnerung.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `Thank you, we found the payment and have allocated it to invoice ${ctx.refs.invoice}. Apologies for the reminder.`,
              ],
            },
    },
  ]
}

function deliveryStatus(): Step[] {
  return [
    {
      side: 'customer',
      p: 1,
      compose: (ctx) =>
        de(ctx)
          ? {
              subject: ctx.r.pick([
                `Wo bleibt unsere Lieferung ${ctx.refs.po}?`,
                `Lieferstatus ${ctx.refs.so}`,
                `DRINGEND: Liefertermin ${ctx.refs.po}`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                ch(
                  ctx,
                  `laut Auftragsbestätigung ${ctx.refs.so} sollte die Ware gestern bei uns sein. Bisher ist nichts angekommen. Können Sie bitte die Sendungsnummer schicken?`,
                ),
              ],
            }
          : {
              subject: ctx.r.pick([
                `Where is our delivery ${ctx.refs.po}?`,
                `Delivery status ${ctx.refs.so}`,
                `URGENT: delivery date ${ctx.refs.po}`,
              ]),
              blocks: [
                greetingToUs(ctx, true),
                `According to order confirmation ${ctx.refs.so} the goods should have arrived yesterday. Nothing has arrived yet. Could you send the tracking number?`,
              ],
            },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) =>
        de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  `die Sendung ist mit ${ctx.refs.carrier} unterwegs, Sendungsnummer ${ctx.refs.tracking}. Laut Tracking wird sie morgen zugestellt.`,
                ),
              ],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                `The shipment is on its way with ${ctx.refs.carrier}, tracking number ${ctx.refs.tracking}. Tracking shows delivery tomorrow.`,
              ],
            },
    },
    {
      side: 'customer',
      p: 0.35,
      compose: (ctx) =>
        de(ctx)
          ? { blocks: [ch(ctx, 'Danke, ist angekommen.')] }
          : { blocks: ['Thanks, received.'] },
    },
  ]
}

/**
 * Senders no account knows, so their tickets land in Triage: prospects asking to open an
 * account, and a known buyer writing from a private free-mail address.
 */
interface Prospect {
  company: string
  domain: string
  country: DemoCountry
  city: string
  firstName: string
  lastName: string
  honorific: Honorific
  department: string
  industry: string
  /** Writes from a private address although the company is (under another domain) a customer. */
  privateAddress: boolean
}

const PROSPECTS: readonly Prospect[] = [
  {
    company: 'Neumann Antriebstechnik GmbH',
    domain: 'neumann-antriebe.example',
    country: 'DE',
    city: 'Kassel',
    firstName: 'Heiko',
    lastName: 'Neumann',
    honorific: 'mr',
    department: 'Einkauf',
    industry: 'Drive systems',
    privateAddress: false,
  },
  {
    company: 'Kaiser Prüftechnik GmbH',
    domain: 'kaiser-pruef.example',
    country: 'AT',
    city: 'Wels',
    firstName: 'Theresa',
    lastName: 'Kaiser',
    honorific: 'ms',
    department: 'Beschaffung',
    industry: 'Testing equipment',
    privateAddress: false,
  },
  {
    company: 'Brightwater Marine Ltd',
    domain: 'brightwater-marine.example',
    country: 'GB',
    city: 'Southampton',
    firstName: 'Owen',
    lastName: 'Price',
    honorific: 'mr',
    department: 'Purchasing',
    industry: 'Marine engineering',
    privateAddress: false,
  },
  {
    company: 'Summit Robotics Inc.',
    domain: 'summitrobotics.example',
    country: 'US',
    city: 'Pittsburgh, PA',
    firstName: 'Hannah',
    lastName: 'Brooks',
    honorific: 'ms',
    department: 'Operations',
    industry: 'Automation systems',
    privateAddress: false,
  },
  {
    company: 'Van Leeuwen Installatietechniek B.V.',
    domain: 'vl-installatie.example',
    country: 'NL',
    city: 'Delft',
    firstName: 'Jeroen',
    lastName: 'van Leeuwen',
    honorific: 'mr',
    department: 'Inkoop',
    industry: 'Electrical installation',
    privateAddress: false,
  },
  {
    company: 'Brandt Logistik Service GmbH',
    domain: 'gmx-privat.example',
    country: 'DE',
    city: 'Gütersloh',
    firstName: 'Sven',
    lastName: 'Hartwig',
    honorific: 'mr',
    department: 'Lagerleitung',
    industry: 'Contract logistics',
    privateAddress: true,
  },
]

/** A stand-in account and contact for a prospect (never part of DEMO_ACCOUNTS). */
function prospectAccount(
  p: Prospect,
  index: number,
): { account: DemoAccount; contact: DemoContact } {
  const sameRegion =
    DEMO_ACCOUNTS.find((a) => a.country === p.country) ?? (DEMO_ACCOUNTS[0] as DemoAccount)
  const account: DemoAccount = {
    ...sameRegion,
    id: `prospect-${p.domain.split('.')[0] ?? index}`,
    externalId: '',
    name: p.company,
    parentId: null,
    tier: 'standard',
    city: p.city,
    industry: p.industry,
    domains: [p.domain],
    paymentTerms: 'PREPAID',
    creditLimitMinor: 0,
  }
  const local = p.privateAddress
    ? `${p.firstName}.${p.lastName}.${1970 + (index % 30)}`
    : `${p.firstName}.${p.lastName}`
  const contact: DemoContact = {
    id: `prospect-contact-${index}`,
    accountId: account.id,
    firstName: p.firstName,
    lastName: p.lastName,
    academicTitle: null,
    name: `${p.firstName} ${p.lastName}`,
    honorific: p.honorific,
    email: `${local.toLowerCase().replace(/[^a-z0-9.]/g, '')}@${p.domain}`,
    role: 'buyer',
    department: p.department,
    language: sameRegion.language,
    phone: '',
  }
  return { account, contact }
}

function newCustomer(): Step[] {
  return [
    {
      side: 'customer',
      p: 1,
      compose: (ctx) => {
        const priv = ctx.prospect?.privateAddress === true
        if (priv)
          return {
            subject: `Dringend: Bestellung ${ctx.refs.po} – schreibe von privat`,
            blocks: [
              'Hallo zusammen,',
              ch(
                ctx,
                `unser Mailserver ist seit heute früh gestört, deshalb schreibe ich von meiner privaten Adresse. Zu unserer Bestellung ${ctx.refs.po} (Ihr Auftrag ${ctx.refs.so}) bitte zusätzlich:`,
              ),
              requestList(ctx, ctx.lines.slice(0, 2)),
              'Bitte an die bekannte Lieferadresse.',
            ],
          }
        return de(ctx)
          ? {
              subject: ctx.r.pick([
                `Neukundenanfrage ${ctx.account.name}`,
                'Anfrage Lieferantenanlage und Angebot',
              ]),
              blocks: [
                'Sehr geehrte Damen und Herren,',
                ch(
                  ctx,
                  `wir (${ctx.account.name}, ${ctx.account.city}) suchen einen neuen Lieferanten und möchten ein Kundenkonto bei Ihnen eröffnen. Bitte senden Sie uns Ihre Konditionen und ein Angebot für:`,
                ),
                requestList(ctx, ctx.lines),
              ],
            }
          : {
              subject: ctx.r.pick([
                `New customer enquiry – ${ctx.account.name}`,
                'Opening an account with you',
              ]),
              blocks: [
                'Hello,',
                `We are ${ctx.account.name} in ${ctx.account.city}, looking for a new supplier, and would like to open an account. Could you send your terms and a quotation for:`,
                requestList(ctx, ctx.lines),
              ],
            }
      },
    },
    {
      side: 'agent',
      p: 1,
      compose: (ctx) => {
        if (ctx.prospect?.privateAddress === true)
          return {
            blocks: [
              greetingToCustomer(ctx),
              ch(
                ctx,
                `danke für die Info. Aus Sicherheitsgründen können wir Änderungen an Aufträgen nur von Ihrer Firmenadresse oder über das Kundenportal annehmen. Bitte senden Sie die Änderung zu ${ctx.refs.so} von Ihrer dienstlichen Adresse, sobald der Server wieder läuft – wir halten die Positionen bis dahin zurück.`,
              ),
            ],
          }
        const form = pdfAttachment(
          ctx,
          de(ctx) ? 'Kundenstammblatt.pdf' : 'Customer_account_form.pdf',
          de(ctx) ? 'Kundenstammblatt' : 'Customer account form',
          ctx.lines.slice(0, 1),
          [
            de(ctx)
              ? 'Firma, Anschrift, USt-IdNr., Ansprechpartner'
              : 'Company, address, VAT/tax id, contacts',
          ],
        )
        return de(ctx)
          ? {
              blocks: [
                greetingToCustomer(ctx),
                ch(
                  ctx,
                  'vielen Dank für Ihr Interesse. Für die Kontoeröffnung senden Sie uns bitte das ausgefüllte Kundenstammblatt (anbei) mit Ihrer USt-IdNr.; bis zur Kreditprüfung liefern wir gegen Vorkasse. Ein Angebot erhalten Sie parallel.',
                ),
              ],
              attachments: [form],
            }
          : {
              blocks: [
                greetingToCustomer(ctx),
                'Thank you for your interest. To open an account, please return the attached customer form with your VAT or tax id; until the credit check is done we supply on prepayment. A quotation follows separately.',
              ],
              attachments: [form],
            }
      },
    },
    {
      side: 'customer',
      p: 0.5,
      compose: (ctx) =>
        ctx.prospect?.privateAddress === true
          ? {
              blocks: [
                ch(ctx, 'Verstanden, mein Kollege schickt es gleich von der Firmenadresse.'),
              ],
            }
          : de(ctx)
            ? {
                blocks: [
                  greetingToUs(ctx, false),
                  ch(ctx, 'anbei das ausgefüllte Formular. Wir freuen uns auf Ihr Angebot.'),
                ],
                attachments: [
                  pdfAttachment(
                    ctx,
                    'Kundenstammblatt_ausgefuellt.pdf',
                    'Kundenstammblatt',
                    [],
                    [ctx.account.name, ctx.account.city],
                  ),
                ],
              }
            : {
                blocks: [
                  greetingToUs(ctx, false),
                  'Please find the completed form attached. Looking forward to your quotation.',
                ],
                attachments: [
                  pdfAttachment(
                    ctx,
                    'Customer_account_form_completed.pdf',
                    'Customer account form',
                    [],
                    [ctx.account.name, ctx.account.city],
                  ),
                ],
              },
    },
  ]
}

const SCENARIOS: Readonly<Record<ScenarioKind, () => Step[]>> = {
  quote_request: quoteRequest,
  stock_question: stockQuestion,
  order_change: orderChange,
  partial_delivery: partialDelivery,
  backorder: backorder,
  invoice_dispute: invoiceDispute,
  payment_reminder: paymentReminder,
  delivery_status: deliveryStatus,
  new_customer: newCustomer,
}

const SCENARIO_WEIGHTS: readonly (readonly [ScenarioKind, number])[] = [
  ['quote_request', 24],
  ['stock_question', 14],
  ['order_change', 14],
  ['partial_delivery', 12],
  ['backorder', 9],
  ['invoice_dispute', 12],
  ['payment_reminder', 6],
  ['delivery_status', 9],
  ['new_customer', 4],
]

/* ===================================================================== rendering */

function renderTablePlain(table: Table): string {
  const widths = table.head.map((h, i) =>
    Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  )
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i >= 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(table.head), ...table.rows.map(line)].join('\n')
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function blocksToPlain(blocks: readonly Block[]): string {
  return blocks.map((b) => (typeof b === 'string' ? b : renderTablePlain(b))).join('\n\n')
}

function blocksToHtml(blocks: readonly Block[], outlook: boolean): string {
  const p = outlook ? '<p class="MsoNormal">' : '<p>'
  return blocks
    .map((b) => {
      if (typeof b === 'string') return `${p}${b.split('\n').map(escapeHtml).join('<br>\n')}</p>`
      const cell = (tag: string, c: string, i: number): string =>
        `<${tag}${i >= 3 ? ' style="text-align:right"' : ''}>${escapeHtml(c)}</${tag}>`
      return (
        `<table border="0" cellspacing="0" cellpadding="4" style="border-collapse:collapse">\n<tr>${b.head.map((c, i) => cell('th', c, i)).join('')}</tr>\n` +
        b.rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n') +
        '\n</table>'
      )
    })
    .join('\n')
}

interface Participant {
  name: string
  address: string
}

interface PreviousMessage {
  from: Participant
  to: Participant[]
  date: Date
  subject: string
  /** The plain text as written (new text, signature, and whatever it quoted). */
  plain: string
  html: string
}

function signature(ctx: ThreadContext, side: Side): string[] {
  if (side === 'agent') {
    const closing = de(ctx)
      ? ch(ctx, ctx.r.pick(['Mit freundlichen Grüßen', 'Freundliche Grüße', 'Beste Grüße']))
      : ctx.r.pick(['Kind regards,', 'Best regards,', 'Many thanks and kind regards,'])
    const team =
      ctx.mailbox.purpose === 'billing'
        ? de(ctx)
          ? 'Debitorenbuchhaltung'
          : 'Billing & Credit'
        : ctx.agent.title
    return [
      closing,
      '',
      ctx.agent.name,
      team,
      `${DEMO_SELLER.legalName} · ${DEMO_SELLER.street} · ${DEMO_SELLER.city}`,
      `${de(ctx) ? 'Tel.' : 'Phone'} ${DEMO_SELLER.phone} · ${ctx.mailbox.address}`,
      de(ctx)
        ? 'Sitz Nürnberg · Amtsgericht Nürnberg HRB 99999 · Geschäftsführer: Dr. Erik Sommer'
        : 'Registered office Nuremberg, Germany · HRB 99999',
    ]
  }
  const c = ctx.customer
  const closing = de(ctx)
    ? ch(
        ctx,
        ctx.r.pick(['Mit freundlichen Grüßen', 'Viele Grüße', 'Freundliche Grüße', 'Beste Grüße']),
      )
    : ctx.r.pick(['Kind regards,', 'Best regards,', 'Thanks,', 'Regards,'])
  return [
    closing,
    '',
    c.name,
    `${c.department} | ${ctx.account.name}`,
    `${de(ctx) ? 'Tel.' : 'T:'} ${c.phone}`,
  ]
}

function quoteHeaderPlain(ctx: ThreadContext, style: ContactStyle, prev: PreviousMessage): string {
  const tz = style.profile === 'kontor' ? 'Europe/Berlin' : ctx.account.timeZone
  const l = local(prev.date, tz)
  const time = `${pad2(l.h)}:${pad2(l.mi)}`
  const day = `${pad2(l.d)}.${pad2(l.mo + 1)}.${l.y}`
  const who = `${prev.from.name} <${prev.from.address}>`
  switch (style.profile) {
    case 'notes':
      return de(ctx) ? `${who} schrieb am ${day} ${time}:` : `${who} wrote on ${day} ${time}:`
    case 'thebat':
      return de(ctx) ? `Am ${day} um ${time} schrieben Sie:` : `On ${day} at ${time} you wrote:`
    case 'webmail':
    case 'apple':
      return de(ctx)
        ? `Am ${WEEKDAYS_DE[l.wd]}, ${l.d}. ${MONTHS_DE[l.mo]} ${l.y} um ${time} schrieb ${who}:`
        : `On ${WEEKDAYS_EN[l.wd]}, ${l.d} ${(MONTHS_EN[l.mo] ?? '').slice(0, 3)} ${l.y} at ${time}, ${who} wrote:`
    default:
      return de(ctx)
        ? `Am ${day} um ${time} schrieb ${prev.from.name}:`
        : `On ${day} at ${time}, ${prev.from.name} wrote:`
  }
}

/** Quotes at most this many lines of the previous message, as clients that trim long quotes do. */
const QUOTE_LINES = 45

function quotePlain(ctx: ThreadContext, style: ContactStyle, prev: PreviousMessage): string {
  const lines = prev.plain.split('\n').slice(0, QUOTE_LINES)
  if (style.profile === 'outlook' || style.profile === 'outlook-legacy') {
    const l = local(prev.date, ctx.account.timeZone)
    const sent = de(ctx)
      ? `${['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'][l.wd]}, ${l.d}. ${MONTHS_DE[l.mo]} ${l.y} ${pad2(l.h)}:${pad2(l.mi)}`
      : `${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][l.wd]}, ${MONTHS_EN[l.mo]} ${l.d}, ${l.y} ${pad2(l.h)}:${pad2(l.mi)}`
    const header = de(ctx)
      ? [
          `Von: ${prev.from.name} <${prev.from.address}>`,
          `Gesendet: ${sent}`,
          `An: ${prev.to.map((t) => t.address).join('; ')}`,
          `Betreff: ${prev.subject}`,
        ]
      : [
          `From: ${prev.from.name} <${prev.from.address}>`,
          `Sent: ${sent}`,
          `To: ${prev.to.map((t) => t.address).join('; ')}`,
          `Subject: ${prev.subject}`,
        ]
    const rule =
      style.profile === 'outlook-legacy'
        ? de(ctx)
          ? '-----Ursprüngliche Nachricht-----'
          : '-----Original Message-----'
        : '________________________________'
    return [rule, ...header, '', ...lines].join('\n')
  }
  if (style.profile === 'notes')
    return [quoteHeaderPlain(ctx, style, prev), '', ...lines.map((l) => `    ${l}`)].join('\n')
  return [
    quoteHeaderPlain(ctx, style, prev),
    ...lines.map((l) => (l.startsWith('>') ? `>${l}` : `> ${l}`)),
  ].join('\n')
}

/** Thunderbird's format=flowed (RFC 3676): long lines are wrapped with a trailing space. */
function flowed(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= 76 || line.startsWith('>'))
        return line.startsWith('From ') ? ` ${line}` : line
      const out: string[] = []
      let rest = line
      while (rest.length > 76) {
        const cut = rest.lastIndexOf(' ', 76)
        if (cut <= 0) break
        out.push(rest.slice(0, cut + 1))
        rest = rest.slice(cut + 1)
      }
      out.push(rest)
      return out.join('\n')
    })
    .join('\n')
}

interface BuiltMessage {
  raw: Buffer
  plain: string
  html: string
  charset: Charset
}

function buildBody(
  ctx: ThreadContext,
  r: Prng,
  style: ContactStyle,
  side: Side,
  draft: Draft,
  prev: PreviousMessage | null,
  headers: string[],
): BuiltMessage {
  const newText = blocksToPlain(draft.blocks)
  const sigLines = signature(ctx, side)
  const sig = sigLines.join('\n')
  const quote = prev ? quotePlain(ctx, style, prev) : ''
  const sigSeparator = style.profile === 'thunderbird' || style.profile === 'kontor' ? '-- \n' : ''
  const plain = `${newText}\n\n${sigSeparator}${sig}${quote ? `\n\n${quote}` : ''}\n`

  const outlook = style.profile === 'outlook' || style.profile === 'outlook-legacy'
  const quoteHtml = prev
    ? outlook
      ? `<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>${de(ctx) ? 'Von:' : 'From:'}</b> ${escapeHtml(`${prev.from.name} <${prev.from.address}>`)}<br><b>${de(ctx) ? 'Betreff:' : 'Subject:'}</b> ${escapeHtml(prev.subject)}</p></div>\n${prev.html}`
      : `<div class="quote-header">${escapeHtml(quoteHeaderPlain(ctx, style, prev))}</div>\n<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">\n${prev.html}\n</blockquote>`
    : ''
  const logoCid =
    outlook && side === 'customer' && r.chance(0.3)
      ? `image001.png@01DB${hex(r, 4, true)}.${hex(r, 8, true)}`
      : null
  const sigHtml = `<p${outlook ? ' class="MsoNormal"' : ''}>${sigLines.map(escapeHtml).join('<br>\n')}</p>`
  const logoHtml = logoCid
    ? `\n<p class="MsoNormal"><img width="120" height="32" src="cid:${logoCid}" alt="${escapeHtml(ctx.account.name)}"></p>`
    : ''
  const ownHtml = `${blocksToHtml(draft.blocks, outlook)}\n${sigHtml}`
  const inner = `${ownHtml}${logoHtml}`
  // What a later reply quotes in HTML: this message's own content only (no nested quotes, no
  // inline images), which keeps a long thread's last message small.
  const htmlForQuote = ownHtml

  // Charset and transfer encodings by client.
  let charset: Charset = 'utf-8'
  if (
    style.profile === 'outlook-legacy' ||
    style.profile === 'thebat' ||
    style.profile === 'notes'
  ) {
    charset =
      fitsCharset(plain, 'iso-8859-1') && style.profile !== 'thebat' ? 'iso-8859-1' : 'windows-1252'
  }
  const htmlDoc = (body: string): string =>
    outlook
      ? `<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=${charset}">\n<style><!--\np.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}\n--></style>\n</head>\n<body lang="${de(ctx) ? 'DE' : 'EN-GB'}" link="#0563C1">\n<div class="WordSection1">\n${body}\n</div>\n</body>\n</html>\n`
      : `<html><head><meta charset="${charset}"></head><body>\n<div dir="ltr">\n${body}\n</div>\n</body></html>\n`

  let textPart: LeafPart
  let htmlPart: LeafPart | null = null
  switch (style.profile) {
    case 'thunderbird':
      textPart = {
        kind: 'leaf',
        contentType: 'text/plain',
        charset,
        params: [['format', 'flowed']],
        body: flowed(plain),
        transferEncoding: r.chance(0.7) ? '8bit' : 'quoted-printable',
      }
      break
    case 'thebat':
      textPart = {
        kind: 'leaf',
        contentType: 'text/plain',
        charset,
        body: plain,
        transferEncoding: r.chance(0.5) ? '8bit' : 'quoted-printable',
      }
      break
    case 'notes':
      textPart = {
        kind: 'leaf',
        contentType: 'text/plain',
        charset,
        body: plain,
        transferEncoding: 'base64',
      }
      htmlPart = {
        kind: 'leaf',
        contentType: 'text/html',
        charset,
        body: htmlDoc(`${inner}\n${quoteHtml}`),
        transferEncoding: 'base64',
      }
      break
    case 'webmail':
      textPart = {
        kind: 'leaf',
        contentType: 'text/plain',
        charset,
        body: plain,
        transferEncoding: 'quoted-printable',
      }
      htmlPart = {
        kind: 'leaf',
        contentType: 'text/html',
        charset,
        body: htmlDoc(`${inner}\n${quoteHtml}`),
        transferEncoding: 'base64',
      }
      break
    default:
      textPart = {
        kind: 'leaf',
        contentType: 'text/plain',
        charset,
        body: plain,
        transferEncoding: 'quoted-printable',
      }
      htmlPart = {
        kind: 'leaf',
        contentType: 'text/html',
        charset,
        body: htmlDoc(`${inner}\n${quoteHtml}`),
        transferEncoding: 'quoted-printable',
      }
  }

  const boundary = (): string => {
    switch (style.profile) {
      case 'outlook':
      case 'outlook-legacy':
        return `_00${r.int(0, 9)}_${hex(r, 32, true)}_`
      case 'apple':
        return `Apple-Mail=_${hex(r, 8, true)}-${hex(r, 4, true)}-${hex(r, 4, true)}-${hex(r, 4, true)}-${hex(r, 12, true)}`
      case 'notes':
        return `=_alternative ${hex(r, 16, true)}_=`
      case 'webmail':
        return `000000000000${hex(r, 16)}`
      default:
        return `------------${hex(r, 24)}`
    }
  }

  let body: MimePart = htmlPart
    ? {
        kind: 'multipart',
        subtype: 'alternative',
        boundary: boundary(),
        parts: [textPart, htmlPart],
      }
    : textPart
  if (logoCid && htmlPart) {
    body = {
      kind: 'multipart',
      subtype: 'related',
      boundary: boundary(),
      parts: [
        body,
        {
          kind: 'leaf',
          contentType: 'image/png',
          body: TINY_PNG,
          transferEncoding: 'base64',
          contentId: logoCid,
          disposition: { type: 'inline', filename: 'image001.png' },
        },
      ],
    }
  }
  const attachments = draft.attachments ?? []
  if (attachments.length > 0) {
    body = {
      kind: 'multipart',
      subtype: 'mixed',
      boundary: boundary(),
      parts: [
        body,
        ...attachments.map((a): LeafPart => ({
          kind: 'leaf',
          contentType: a.contentType,
          body: a.content,
          transferEncoding: 'base64',
          disposition: { type: 'attachment', filename: a.filename },
          filenameStyle: outlook ? 'rfc2047' : style.profile === 'kontor' ? 'both' : 'rfc2231',
        })),
      ],
    }
  }
  return { raw: buildMessage(headers, body), plain, html: htmlForQuote, charset }
}

/* ===================================================================== message ids */

function messageIdFor(
  r: Prng,
  style: ContactStyle,
  domain: string,
  index: number,
  position: number,
): string {
  switch (style.profile) {
    case 'outlook':
    case 'outlook-legacy':
      return `<${r.pick(['AM', 'DB', 'VI', 'PA'])}${r.int(0, 9)}PR0${r.int(1, 9)}MB${r.int(1000, 9999)}${hex(r, 24, true)}@${domain}>`
    case 'apple':
      return `<${hex(r, 8, true)}-${hex(r, 4, true)}-${hex(r, 4, true)}-${hex(r, 4, true)}-${hex(r, 12, true)}@${domain}>`
    case 'webmail':
      return `<CA+${hex(r, 30)}${index.toString(36)}@mail.${domain}>`
    case 'thebat':
      return `<${r.int(100_000_000, 999_999_999)}.${index}${position}${r.int(1000, 9999)}@${domain}>`
    case 'notes':
      return `<OF${hex(r, 8, true)}.${hex(r, 8, true)}-ON${hex(r, 8, true)}.${hex(r, 8, true)}@${domain}>`
    case 'thunderbird':
      return `<${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}@${domain}>`
    case 'kontor':
      return `<kontor.${index.toString(36)}.${position}.${hex(r, 16)}@${domain}>`
  }
}

const MAILER_HEADER: Readonly<Record<ProfileId, string | null>> = {
  outlook: null,
  'outlook-legacy': 'X-Mailer: Microsoft Outlook 14.0',
  thunderbird: 'User-Agent: Mozilla Thunderbird',
  apple: 'X-Mailer: Apple Mail (2.3826.400.131.1.6)',
  webmail: null,
  thebat: 'X-Mailer: The Bat! (v10.5.3) Professional',
  notes: 'X-Mailer: IBM Notes Release 9.0.1FP10 SHF383 March 09, 2018',
  kontor: 'User-Agent: Kontor/0.1',
}

/* ===================================================================== threads */

function pickAgent(r: Prng, account: DemoAccount, mailbox: DemoSharedMailbox): DemoAgent {
  const team = mailbox.purpose === 'billing' ? 'team-billing' : account.teamId
  const rep = DEMO_AGENTS.find((a) => a.id === account.repId)
  if (mailbox.purpose !== 'billing' && rep && r.chance(0.45)) return rep
  const pool = DEMO_AGENTS.filter(
    (a) => a.teamId === team && (account.language === 'en' ? a.languages.includes('en') : true),
  )
  return r.pick(pool.length > 0 ? pool : DEMO_AGENTS.filter((a) => a.teamId === team))
}

function pickMailbox(r: Prng, account: DemoAccount, scenario: ScenarioKind): DemoSharedMailbox {
  const byPurpose = (p: DemoSharedMailbox['purpose']): DemoSharedMailbox =>
    DEMO_SHARED_MAILBOXES.find((m) => m.purpose === p) ??
    (DEMO_SHARED_MAILBOXES[0] as DemoSharedMailbox)
  if (scenario === 'invoice_dispute' || scenario === 'payment_reminder') return byPurpose('billing')
  const regional = DEMO_SHARED_MAILBOXES.find(
    (m) => m.purpose === 'regional' && m.regions.includes(account.region),
  )
  if (regional && r.chance(0.7)) return regional
  return byPurpose('support')
}

/** Delay before the next step, in ms: agents mostly answer within hours, some far too late. */
function replyDelay(r: Prng, side: Side): number {
  const hour = 3_600_000
  if (side === 'agent') {
    const band = r.weighted<[number, number]>([
      [[0.15, 2], 45],
      [[2, 8], 30],
      [[8, 30], 18],
      [[30, 80], 7],
    ])
    return Math.round((band[0] + r.next() * (band[1] - band[0])) * hour)
  }
  const band = r.weighted<[number, number]>([
    [[0.3, 6], 40],
    [[6, 48], 45],
    [[48, 120], 15],
  ])
  return Math.round((band[0] + r.next() * (band[1] - band[0])) * hour)
}

/** Builds one thread's messages (at most a few, in date order); deterministic in (seed, index). */
export function generateThread(options: GenerateMailboxOptions, index: number): GeneratedMessage[] {
  const seed = options.seed
  const r = createPrng(`${String(seed)}/thread/${index}`)
  const accounts = options.accounts ?? DEMO_ACCOUNTS
  const now = options.now.getTime()
  const spanMs = (options.spanDays ?? 42) * 86_400_000

  // Larger accounts write more: strategic and key accounts are picked more often.
  const knownAccount = r.weighted(
    accounts.map((a) => [a, a.tier === 'strategic' ? 3 : a.tier === 'key' ? 2 : 1] as const),
  )
  const scenario = r.weighted(SCENARIO_WEIGHTS)
  const prospectIndex = r.int(0, PROSPECTS.length - 1)
  const prospect = scenario === 'new_customer' ? (PROSPECTS[prospectIndex] ?? null) : null
  const stranger = prospect ? prospectAccount(prospect, prospectIndex) : null
  const account = stranger ? stranger.account : knownAccount
  const contacts = stranger ? [stranger.contact] : demoContactsOf(account.id)
  const wantsFinance = scenario === 'invoice_dispute' || scenario === 'payment_reminder'
  const preferred = contacts.filter((c) =>
    wantsFinance ? c.role === 'finance' : c.role === 'buyer',
  )
  const customer = r.pick(preferred.length > 0 ? preferred : contacts)
  const mailbox = pickMailbox(r, account, scenario)
  const agent = pickAgent(r, account, mailbox)
  const steps = SCENARIOS[scenario]()
  // Recent threads are more frequent than old ones (u^1.7 skews the age towards 0).
  const age = Math.pow(r.next(), 1.7) * spanMs
  const firstSide = steps[0]?.side ?? 'customer'
  const written = new Date(now - age - 3_600_000)
  const snapped = intoBusinessHours(
    written,
    firstSide === 'agent' ? 'Europe/Berlin' : account.timeZone,
    r,
  )
  // Snapping to office hours must not move a thread past `now`: then it was written after hours.
  const start = snapped.getTime() < now - 60_000 ? snapped : written
  const year = local(start, account.timeZone).y
  const ctx: ThreadContext = {
    r,
    seed,
    index,
    scenario,
    lang: account.language,
    account,
    customer,
    colleagues: contacts.filter((c) => c.id !== customer.id),
    mailbox,
    agent,
    prospect,
    lines: pickLines(r, account, r.int(1, 5)),
    refs: makeRefs(r, index, year, account),
    start,
  }
  const business: ThreadBusiness = {
    refs: ctx.refs,
    lines: ctx.lines.map((l) => ({
      sku: l.product.sku,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
    })),
    currency: account.currency,
    start,
  }
  const customerStyle = contactStyle(seed, customer, account)
  const cc = ctx.colleagues.length > 0 && r.chance(0.25) ? [r.pick(ctx.colleagues)] : []
  const customerP: Participant = { name: customer.name, address: customer.email }
  const agentP: Participant = {
    name: `${agent.name} | ${DEMO_SELLER.name}`,
    address: mailbox.address,
  }
  const ccP: Participant[] = cc.map((c) => ({ name: c.name, address: c.email }))

  const out: GeneratedMessage[] = []
  let prev: PreviousMessage | null = null
  let prevMeta: GeneratedMessage | null = null
  let subject = ''
  let at = start
  let replyCount = 0

  for (let s = 0; s < steps.length; s++) {
    const step = steps[s] as Step
    if (s > 0) {
      if (!r.chance(step.p)) break
      const zone = step.side === 'agent' ? 'Europe/Berlin' : account.timeZone
      at = intoBusinessHours(new Date(at.getTime() + replyDelay(r, step.side)), zone, r)
      // The thread is still going on at `now`: what would come next has not been written yet.
      if (at.getTime() > now - 60_000) break
    }
    const draft = step.compose(ctx, at)
    const style = step.side === 'agent' ? KONTOR_STYLE : customerStyle
    if (s === 0) subject = draft.subject ?? ''
    else if (draft.subject && step.side === 'customer' && r.chance(0.5))
      subject = `${style.replyPrefix === 'Re[n]:' ? 'Re:' : style.replyPrefix} ${draft.subject}`
    else if (draft.subject) subject = draft.subject
    else subject = replySubject(prevMeta?.subject ?? subject, style, replyCount)
    if (s > 0) replyCount++

    const from = step.side === 'agent' ? agentP : customerP
    const to =
      step.side === 'agent'
        ? [customerP]
        : [{ name: mailbox.displayName, address: mailbox.address }]
    const domain =
      step.side === 'agent' ? DEMO_SELLER.domain : (account.domains[0] ?? 'customer.example')
    const messageId = messageIdFor(r, style, domain, index, s)
    const references = prevMeta ? [...prevMeta.references, prevMeta.messageId].slice(-12) : []
    // Some Outlook builds send In-Reply-To with a truncated References list of one id.
    const writtenReferences =
      prevMeta && style.profile === 'outlook-legacy' && r.chance(0.3)
        ? [prevMeta.messageId]
        : references
    const built = renderMessage(ctx, r, style, step.side, draft, prev, {
      from,
      to,
      cc: ccP,
      subject,
      messageId,
      inReplyTo: prevMeta?.messageId ?? null,
      references: writtenReferences,
      date: at,
    })
    const delivery = step.side === 'customer' ? r.int(2, 40) * 1000 : r.int(0, 2) * 1000
    const meta: GeneratedMessage = {
      threadIndex: index,
      position: s,
      scenario,
      language: ctx.lang,
      accountId: prospect ? null : account.id,
      mailbox: mailbox.address,
      folder: step.side === 'customer' ? 'INBOX' : 'Sent',
      direction: step.side === 'customer' ? 'inbound' : 'outbound',
      messageId,
      inReplyTo: prevMeta?.messageId ?? null,
      references: writtenReferences,
      subject,
      fromAddress: from.address,
      date: at,
      internalDate: new Date(Math.min(at.getTime() + delivery, now)),
      flags: [],
      charset: built.charset,
      attachments: (draft.attachments ?? []).map((a) => a.filename),
      autoReply: false,
      business,
      raw: built.raw,
    }
    out.push(meta)
    prev = { from, to, date: at, subject, plain: built.plain, html: built.html }
    prevMeta = meta

    // An out-of-office reply to some of our messages: a message in the thread that is no
    // one's reply target (the customer's next message answers ours, not the auto-reply).
    if (step.side === 'agent' && r.chance(0.05)) {
      const autoAt = new Date(at.getTime() + r.int(5, 90) * 1000)
      if (autoAt.getTime() < now)
        out.push(autoReply(ctx, r, customerStyle, meta, customerP, autoAt, now))
    }
  }
  out.forEach((m, i) => {
    m.position = i
  })
  assignFlags(out, r, now)
  return out
}

interface Envelope {
  from: Participant
  to: Participant[]
  cc: Participant[]
  subject: string
  messageId: string
  inReplyTo: string | null
  references: string[]
  date: Date
}

function renderMessage(
  ctx: ThreadContext,
  r: Prng,
  style: ContactStyle,
  side: Side,
  draft: Draft,
  prev: PreviousMessage | null,
  env: Envelope,
): BuiltMessage {
  const legacy =
    style.profile === 'outlook-legacy' || style.profile === 'thebat' || style.profile === 'notes'
  const headerCharset: Charset = legacy
    ? fitsCharset(env.subject + env.from.name, 'iso-8859-1')
      ? 'iso-8859-1'
      : 'windows-1252'
    : 'utf-8'
  const headerEncoding =
    style.profile === 'outlook' || style.profile === 'webmail' || style.profile === 'apple'
      ? 'B'
      : 'Q'
  const zone = side === 'agent' ? 'Europe/Berlin' : ctx.account.timeZone
  const headers: string[] = []
  if (side === 'customer') {
    const domain = ctx.account.domains[0] ?? 'customer.example'
    const ip = `192.0.2.${1 + (ctx.index % 250)}`
    headers.push(`Return-Path: <${env.from.address}>`)
    headers.push(`Delivered-To: ${ctx.mailbox.address}`)
    headers.push(
      `Received: from mail.${domain} (mail.${domain} [${ip}])\r\n\tby mx.${DEMO_SELLER.domain} (Postfix) with ESMTPS id ${hex(r, 10, true)}\r\n\tfor <${ctx.mailbox.address}>; ${formatRfc5322Date(new Date(env.date.getTime() + 2000), tzOffset('Europe/Berlin', env.date))}`,
    )
  }
  headers.push(
    `From: ${formatAddress(env.from.name, env.from.address, headerCharset, headerEncoding)}`,
  )
  headers.push(
    foldHeader(
      'To',
      env.to.map((p) => formatAddress(p.name, p.address, headerCharset, headerEncoding)).join(', '),
    ),
  )
  if (env.cc.length > 0)
    headers.push(
      foldHeader(
        'Cc',
        env.cc
          .map((p) => formatAddress(p.name, p.address, headerCharset, headerEncoding))
          .join(', '),
      ),
    )
  headers.push(`Subject: ${encodeHeaderText(env.subject, headerCharset, headerEncoding)}`)
  headers.push(`Date: ${formatRfc5322Date(env.date, tzOffset(zone, env.date))}`)
  headers.push(`Message-ID: ${env.messageId}`)
  if (env.inReplyTo) headers.push(`In-Reply-To: ${env.inReplyTo}`)
  if (env.references.length > 0) headers.push(foldHeader('References', env.references.join(' ')))
  if (style.profile === 'outlook' || style.profile === 'outlook-legacy') {
    headers.push(
      `Thread-Topic: ${encodeHeaderText(baseSubject(env.subject), headerCharset, headerEncoding)}`,
    )
    headers.push(
      `Content-Language: ${ctx.lang === 'de' ? 'de-DE' : ctx.account.country === 'US' ? 'en-US' : 'en-GB'}`,
    )
  }
  const mailer = MAILER_HEADER[style.profile]
  if (mailer) headers.push(mailer)
  if (side === 'agent') headers.push(`Organization: ${DEMO_SELLER.legalName.replace('ß', 'ss')}`)
  return buildBody(ctx, r, style, side, draft, prev, headers)
}

function autoReply(
  ctx: ThreadContext,
  r: Prng,
  style: ContactStyle,
  to: GeneratedMessage,
  customer: Participant,
  at: Date,
  now: number,
): GeneratedMessage {
  const back = formatDay(addWorkingDays(at, r.int(2, 8)), ctx.account, ctx.lang)
  const deputy = ctx.colleagues[0]
  const subject = `${ctx.lang === 'de' ? 'Automatische Antwort' : 'Automatic reply'}: ${to.subject}`
  const text =
    ctx.lang === 'de'
      ? ch(
          ctx,
          `Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich ${back} nicht im Büro und habe keinen Zugriff auf meine E-Mails.${deputy ? ` In dringenden Fällen wenden Sie sich bitte an ${deputy.name} (${deputy.email}).` : ''}\n\n${ctx.customer.name}`,
        )
      : `Thank you for your message. I am out of the office until ${back} with limited access to e-mail.${deputy ? ` For urgent matters please contact ${deputy.name} (${deputy.email}).` : ''}\n\n${ctx.customer.name}`
  const legacy =
    style.profile === 'outlook-legacy' || style.profile === 'notes' || style.profile === 'thebat'
  const charset: Charset = !legacy
    ? 'utf-8'
    : fitsCharset(subject + text, 'iso-8859-1')
      ? 'iso-8859-1'
      : 'windows-1252'
  const messageId = messageIdFor(
    r,
    style,
    ctx.account.domains[0] ?? 'customer.example',
    ctx.index,
    90 + to.position,
  )
  const references = [...to.references, to.messageId].slice(-12)
  const headers = [
    `Return-Path: <>`,
    `Delivered-To: ${ctx.mailbox.address}`,
    `From: ${formatAddress(customer.name, customer.address, charset, 'Q')}`,
    `To: ${formatAddress(`${ctx.agent.name} | ${DEMO_SELLER.name}`, to.fromAddress, charset, 'Q')}`,
    `Subject: ${encodeHeaderText(subject, charset, 'Q')}`,
    `Date: ${formatRfc5322Date(at, tzOffset(ctx.account.timeZone, at))}`,
    `Message-ID: ${messageId}`,
    `In-Reply-To: ${to.messageId}`,
    foldHeader('References', references.join(' ')),
    'Auto-Submitted: auto-replied',
    'X-Auto-Response-Suppress: All',
  ]
  const raw = buildMessage(headers, {
    kind: 'leaf',
    contentType: 'text/plain',
    charset,
    body: `${text}\n`,
    transferEncoding: 'quoted-printable',
  })
  return {
    threadIndex: ctx.index,
    position: to.position,
    scenario: ctx.scenario,
    language: ctx.lang,
    accountId: ctx.prospect ? null : ctx.account.id,
    mailbox: ctx.mailbox.address,
    folder: 'INBOX',
    direction: 'inbound',
    messageId,
    inReplyTo: to.messageId,
    references,
    subject,
    fromAddress: customer.address,
    date: at,
    internalDate: new Date(Math.min(at.getTime() + r.int(1, 5) * 1000, now)),
    flags: [],
    charset,
    attachments: [],
    autoReply: true,
    business: to.business,
    raw,
  }
}

/**
 * IMAP flags as a team would leave them: our own sent mail is \Seen; customer mail that we
 * answered is \Seen and \Answered; unanswered customer mail is mostly unread while recent;
 * a few messages are \Flagged for follow-up.
 */
function assignFlags(messages: GeneratedMessage[], r: Prng, now: number): void {
  for (const m of messages) {
    const flags: string[] = []
    if (m.direction === 'outbound') flags.push('\\Seen')
    else {
      const answered = messages.some(
        (o) => o.direction === 'outbound' && o.inReplyTo === m.messageId,
      )
      const old = now - m.internalDate.getTime() > 6 * 3_600_000
      if (answered || m.autoReply || (old && r.chance(0.75))) flags.push('\\Seen')
      if (answered) flags.push('\\Answered')
      if (!m.autoReply && r.chance(0.06)) flags.push('\\Flagged')
    }
    m.flags = flags
  }
}
