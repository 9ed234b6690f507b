import emailAddresses from 'email-addresses'

/**
 * Validation of what agents type into a reply before it reaches nodemailer. Header injection
 * (a CR or LF smuggling a `Bcc:` line, RFC 5322 §2.2 header fields end at CRLF) is refused
 * outright, never stripped: a silently "fixed" recipient is worse than a clear error.
 * Addresses are parsed with `email-addresses`, an RFC 5322 grammar.
 */
export interface MailAddress {
  name: string | null
  address: string
}

export class AddressError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
    this.name = 'AddressError'
  }
}

// CR, LF, NUL and the other C0 controls except TAB; also U+2028/2029 and NEL, which some
// transports turn into line breaks.
export function hasControlChars(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029)
      return true
  }
  return false
}

/** Refuse header values (subject, display names) carrying line breaks or controls. */
export function assertHeaderSafe(field: string, value: string): void {
  if (hasControlChars(value)) {
    throw new AddressError(`${field} contains a line break or control character`, field)
  }
  if (value.length > 998)
    throw new AddressError(`${field} is longer than 998 characters (RFC 5322 §2.1.1)`, field)
}

/** One mailbox (`Name <local@domain>` or `local@domain`); groups are refused. */
export function parseMailbox(field: string, input: string | MailAddress): MailAddress {
  if (typeof input !== 'string') {
    if (input.name !== null) assertHeaderSafe(`${field} name`, input.name)
    const parsed = parseMailbox(field, input.address)
    if (parsed.name) throw new AddressError(`${field} address must be a bare address`, field)
    return { name: input.name, address: parsed.address }
  }
  assertHeaderSafe(field, input)
  const parsed = emailAddresses.parseOneAddress({
    input: input.trim(),
    rejectTLD: true,
    rfc6532: true,
  })
  if (!parsed || parsed.type !== 'mailbox') {
    throw new AddressError(
      `${field} is not a valid e-mail address: ${JSON.stringify(input.slice(0, 80))}`,
      field,
    )
  }
  return { name: parsed.name, address: parsed.address }
}

export function parseMailboxList(field: string, inputs: (string | MailAddress)[]): MailAddress[] {
  return inputs.map((input, i) => parseMailbox(`${field}[${i}]`, input))
}

/** Lower-cased address; the domain part is case-insensitive (RFC 5321 §2.4), the local part is
 * treated so too because every real mail system does. */
export function addressKey(address: string): string {
  return address.trim().toLowerCase()
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@')
  return at < 0
    ? ''
    : address
        .slice(at + 1)
        .trim()
        .toLowerCase()
}

/** Free-mail domains: a sender there says nothing about the company (never map by domain). */
export const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.de',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.de',
  'yahoo.co.uk',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'web.de',
  't-online.de',
  'freenet.de',
  'proton.me',
  'protonmail.com',
  'mail.com',
  'yandex.ru',
  'mail.ru',
  'orange.fr',
  'free.fr',
  'libero.it',
  'qq.com',
  '163.com',
])

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(domain.toLowerCase())
}
