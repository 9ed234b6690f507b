/**
 * One SLA scenario (the input of `kontor sla simulate FILE.json`): a calendar, targets,
 * events and the instant to evaluate at. Pure: parse, then compute.
 */
import { z } from 'zod'
import { CalendarSpecSchema, compileCalendar } from './calendar'
import { type TicketSlaJson, computeTicketSla, ticketSlaToJson } from './clocks'
import { SlaEventInputSchema, toSlaEvent } from './events'
import { AtRiskFractionSchema, DEFAULT_AT_RISK_FRACTION, TargetsSchema } from './policy'

export const SlaScenarioSchema = z
  .object({
    calendar: CalendarSpecSchema,
    targets: TargetsSchema,
    atRiskFraction: AtRiskFractionSchema.default(DEFAULT_AT_RISK_FRACTION),
    events: z.array(SlaEventInputSchema),
    at: z.iso.datetime({ offset: true }),
  })
  .strict()
export type SlaScenario = z.input<typeof SlaScenarioSchema>

/** Figures of the scenario's ticket at its `at`; instants printed in the calendar's zone. */
export function simulateScenario(input: unknown): TicketSlaJson {
  const scenario = SlaScenarioSchema.parse(input)
  const calendar = compileCalendar(scenario.calendar)
  const sla = computeTicketSla(
    scenario.events.map(toSlaEvent),
    { targets: scenario.targets, atRiskFraction: scenario.atRiskFraction, calendar },
    Date.parse(scenario.at),
  )
  return ticketSlaToJson(sla, calendar.timezone)
}
