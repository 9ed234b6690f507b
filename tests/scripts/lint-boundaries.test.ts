import { ESLint } from 'eslint'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findProjectRoot } from '../../src/main/paths'

// The import arrows of ../shared/ARCHITECTURE.md, enforced by eslint.config.mjs.
const root = findProjectRoot(__dirname)
const eslint = new ESLint({ cwd: root })

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message)
}

describe('import boundaries', () => {
  it.each([
    ['src/main/services/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/main/cli/commands/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    [
      'src/main/sync/x.ts',
      "import { buildServer } from '../../server/app'\nexport const a = buildServer\n",
    ],
    ['src/main/sync/x.ts', "import { App } from '../../renderer/src/App'\nexport const a = App\n"],
    [
      'src/renderer/src/x.ts',
      "import { openDatabase } from '../../main/db/open'\nexport const a = openDatabase\n",
    ],
    [
      'src/renderer/src/x.ts',
      "import { ipcRenderer } from 'electron'\nexport const a = ipcRenderer\n",
    ],
    [
      'src/renderer/src/x.ts',
      "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
    ],
    [
      'src/renderer/src/x.ts',
      "import { buildServer } from '../../server/app'\nexport const a = buildServer\n",
    ],
    [
      'src/server/x.ts',
      "import { createCore } from '../main/core/core'\nexport const a = createCore\n",
    ],
    ['src/server/x.ts', "import { App } from '../renderer/src/App'\nexport const a = App\n"],
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"],
    ['src/shared/x.ts', "import React from 'react'\nexport const a = React\n"],
    [
      'src/shared/sla/x.ts',
      "import { systemClock } from '../../main/core/clock'\nexport const a = systemClock\n",
    ],
    ['src/preload/x.ts', "import { z } from 'zod'\nexport const a = z\n"],
    [
      'src/preload/x.ts',
      "import { createCore } from '../main/core/core'\nexport const a = createCore\n",
    ],
  ])('%s may not: %s', async (file, code) => {
    expect(await violations(file, code)).not.toEqual([])
  })

  it.each([
    ['src/main/index.ts', "import { app } from 'electron'\nexport const a = app\n"],
    [
      'src/main/windows/x.ts',
      "import { BrowserWindow } from 'electron'\nexport const a = BrowserWindow\n",
    ],
    [
      'src/main/services/x.ts',
      "import { z } from 'zod'\nimport { contract } from '../../shared/contract'\nexport const a = [z, contract]\n",
    ],
    [
      'src/renderer/src/x.ts',
      "import { create } from 'zustand'\nimport { contract } from '../../shared/contract'\nexport const a = [create, contract]\n",
    ],
    [
      'src/server/x.ts',
      "import Fastify from 'fastify'\nimport { contract } from '../shared/contract'\nexport const a = [Fastify, contract]\n",
    ],
    [
      'src/shared/sla/x.ts',
      "import { TZDate } from '@date-fns/tz'\nimport { z } from 'zod'\nimport { fixedClock } from '../clock'\nexport const a = [TZDate, z, fixedClock]\n",
    ],
    [
      'src/preload/x.ts',
      "import { contextBridge } from 'electron'\nimport { CALL_NAMES } from '../shared/contract'\nexport const a = [contextBridge, CALL_NAMES]\n",
    ],
  ])('%s may: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([])
  })
})
