/**
 * windows-1252's 0x80–0x9F (€, curly quotes, dashes ...). The WHATWG Encoding Standard maps
 * every latin1 label to windows-1252, but some decoders (Node ICU builds, MIME word decoders)
 * turn these bytes into C1 control characters U+0080–U+009F, which never occur in real text:
 * map them as a browser would.
 */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

export function repairC1(value: string): string {
  return /[\u0080-\u009f]/.test(value)
    ? value.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c)
    : value
}
