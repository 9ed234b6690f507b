import { z } from 'zod'

export const WINDOW_STATE_KEY = 'window.main'

export const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
})
export type WindowState = z.infer<typeof windowStateSchema>

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_SIZE = { width: 1440, height: 900 }

/**
 * Restore the saved bounds only if enough of the window would be visible on a current
 * display (monitors get unplugged); otherwise fall back to the default size, centred.
 */
export function restoreBounds(
  saved: WindowState | undefined,
  displays: Rect[],
): (Partial<Rect> & { width: number; height: number }) & { maximized: boolean } {
  if (!saved) return { ...DEFAULT_SIZE, maximized: false }
  const visible = displays.some((d) => {
    const w = Math.min(saved.x + saved.width, d.x + d.width) - Math.max(saved.x, d.x)
    const h = Math.min(saved.y + saved.height, d.y + d.height) - Math.max(saved.y, d.y)
    return w >= 100 && h >= 50
  })
  if (!visible) return { width: saved.width, height: saved.height, maximized: saved.maximized }
  return {
    x: saved.x,
    y: saved.y,
    width: saved.width,
    height: saved.height,
    maximized: saved.maximized,
  }
}
