/**
 * A guess whether a customer writes German or English, for the language of the quote's
 * attribution line and the templates offered first. Counts frequent function words; ties
 * and empty texts are English.
 */
const DE =
  /\b(und|der|die|das|nicht|ist|bitte|wir|ihre?|sie|mit|für|vielen|dank|grüßen|gruß|guten|tag|sehr|geehrte[rn]?|bestellung|lieferung|rechnung)\b/gi
const EN =
  /\b(and|the|is|not|please|we|your|you|with|for|thanks|thank|regards|dear|order|delivery|invoice|hello)\b/gi

export function guessLanguage(text: string): 'en' | 'de' {
  const sample = text.slice(0, 4000)
  const de = sample.match(DE)?.length ?? 0
  const en = sample.match(EN)?.length ?? 0
  return de > en ? 'de' : 'en'
}
