/**
 * The API contract between the UI and the core: every call declared once, here.
 * Preload, main (both transports), the CLI and the renderer's client derive from it.
 *
 * Each feature contributes its own `*Calls` / `*Events` map; merge them below.
 */
import type { z } from 'zod'
import { appCalls, appEvents } from './app'
import { consoleCalls, consoleEvents } from './console'
import { mailCalls, mailEvents } from './mail'
import { syncCalls, syncEvents } from './sync'
import { composeCalls, composeEvents } from './compose'
import { viewerCalls, viewerEvents } from './viewer'
import { teamCalls, teamEvents } from './team'
import { workspaceCalls, workspaceEvents } from './workspace'
import type { CallSpec, EventSpec } from './define'

export const contract = {
  ...appCalls,
  ...mailCalls,
  ...syncCalls,
  ...consoleCalls,
  ...composeCalls,
  ...viewerCalls,
  ...teamCalls,
  ...workspaceCalls,
} as const

export const contractEvents = {
  ...appEvents,
  ...mailEvents,
  ...syncEvents,
  ...consoleEvents,
  ...composeEvents,
  ...viewerEvents,
  ...teamEvents,
  ...workspaceEvents,
} as const

export type Contract = typeof contract
export type CallName = keyof Contract
export type EventName = keyof typeof contractEvents

/** The input a caller may send (before zod defaults and transforms). */
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>
/** The input a handler receives (after zod parsing). */
export type ParsedInput<K extends CallName> = z.output<Contract[K]['input']>
export type CallOutput<K extends CallName> =
  Contract[K] extends CallSpec<z.ZodType, infer O> ? O : never
export type EventPayload<K extends EventName> =
  (typeof contractEvents)[K] extends EventSpec<infer P> ? P : never

export const CALL_NAMES = Object.keys(contract) as CallName[]
export const EVENT_NAMES = Object.keys(contractEvents) as EventName[]

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(contractEvents, name)
}

/** Electron IPC channels are prefixed so the preload can only ever reach ours. */
export const IPC_CALL_PREFIX = 'kontor:'
export const IPC_EVENT_PREFIX = 'kontor-event:'

export * from './app'
export * from './sync'
export * from './mail'
export * from './console'
export * from './compose'
export * from './viewer'
export * from './team'
export * from './workspace'
export type { CallSpec, EventSpec } from './define'
