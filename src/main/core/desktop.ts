/**
 * What only the desktop shell can do for the core: hand a link to the system browser and ask
 * the agent for a folder. The Electron entry injects an implementation (src/main/windows/
 * desktop.ts, the only place that may import electron for it); web mode and the CLI have none,
 * and the core then leaves links to the browser and saves into a configured folder.
 */
export interface DesktopCapability {
  /** Open an already validated http(s) or mailto URL outside Kontor. */
  openExternal(url: string): Promise<void>
  /** Ask for a folder; null when the agent cancels. */
  chooseFolder(options: { title: string; defaultPath?: string }): Promise<string | null>
}
