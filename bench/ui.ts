/**
 * Console UI benchmark (run with `tsx bench/ui.ts` after `npm run build`): prints a table
 * with a PASS/MISS per goal of issue #6; asserts nothing.
 *
 * 50,000 tickets from the generator bench/console.ts uses (bench/ticket-store.ts), dated
 * around the real now, in a temp local store; web mode started on it as a user starts it
 * (`node bin/kontor.js web --db <store>`, a fresh process each time, KONTOR_HOME in the temp
 * dir); Debian's Chromium driven by playwright-core. Measured in the page (performance.now()
 * from navigation, requestAnimationFrame deltas):
 * - first list: navigation → the first ticket rows in the DOM, then the next frame:
 *   - on a store the console never opened (just after the first mail sync): web mode builds
 *     the queues before printing its address (process start → address printed is shown too);
 *     that process is then stopped once it has written its snapshot;
 *   - cold core: a freshly started process on that existing store: the first pages are
 *     served from the snapshot while the build runs in the background;
 *   - reloads, once the build is done;
 * - ticket open: click on a row → its messages and the account pane rendered, next frame;
 * - scrolling: the list's scrollTop moved every frame for a few seconds; frame deltas;
 * - countdowns ticking for 5 s with nothing else happening: frame deltas, React commits,
 *   components rendered by kind (chip, row, list, other; counted from the fibers React
 *   commits, as React DevTools does), DOM mutations inside and outside the chips.
 * Baseline in the same browser: a static HTML list of the same 50,000 rows and row height
 * scrolled the same way, and an idle page for 5 s: the machine's own frame budget.
 *
 * Goals (issue #6): first list under 1 s, ticket open under 150 ms, no frame over 50 ms
 * while scrolling. On a shared machine, frame figures move with its load (printed); the
 * ratios to the baseline move less.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Page } from 'playwright-core'
import { migrateDatabase, openDatabase } from '../src/main/db/open'
import { clientMigrationsFolder } from '../src/main/paths'
import { findProjectRoot } from '../src/main/paths'
import { startChromium } from '../tests/helpers/chromium'
import { seedTicketStore } from './ticket-store'

const TICKETS = 50_000
const ROW_HEIGHT = 56
const SCROLL_MS = 4000
const SCROLL_PX_PER_FRAME = 240
const TICK_MS = 5000
const OPENS = 8

/** In-page probes, installed before the app's scripts run. */
const PROBES = `(() => {
  const kb = {
    firstRowsDom: null, firstRows: null, counting: false, commits: 0,
    rendered: { chip: 0, row: 0, list: 0, other: 0 },
  };
  window.__kb = kb;
  const mo = new MutationObserver(() => {
    if (kb.firstRowsDom === null && document.querySelector('.ticket-row[data-ticket-id]')) {
      kb.firstRowsDom = performance.now();
      requestAnimationFrame(() => { kb.firstRows = performance.now(); });
      mo.disconnect();
    }
  });
  mo.observe(document, { subtree: true, childList: true });
  // Which kind of component a fiber is, by the first DOM element it renders.
  const kind = (fiber) => {
    let f = fiber;
    while (f && f.tag !== 5) f = f.child;
    const cls = f && f.stateNode && typeof f.stateNode.className === 'string' ? f.stateNode.className : '';
    if (cls.startsWith('chip')) return 'chip';
    if (cls.includes('ticket-row')) return 'row';
    if (cls.includes('ticket-list')) return 'list';
    return 'other';
  };
  // As React DevTools walks a commit: a subtree whose children are the previous ones was not
  // rendered; a function component rendered if React flagged PerformedWork (1) on it.
  const walk = (fiber) => {
    for (let f = fiber; f; f = f.sibling) {
      if ((f.tag === 0 || f.tag === 11 || f.tag === 14 || f.tag === 15) && (f.flags & 1)) kb.rendered[kind(f)]++;
      if (f.alternate && f.child === f.alternate.child) continue;
      walk(f.child);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    renderers: new Map(), supportsFiber: true, isDisabled: false,
    inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {},
    onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id, root) {
      if (!kb.counting) return;
      kb.commits++;
      walk(root.current.child);
    },
  };
  // Move a scroll container every frame for ms; frame deltas and frames showing unloaded rows.
  window.__kbScroll = (selector, ms, px) => new Promise((resolve) => {
    const el = document.querySelector(selector);
    const frames = []; let last = 0; let start = 0; let pending = 0;
    const step = (t) => {
      if (last) frames.push(t - last); else start = t;
      last = t;
      if (document.querySelector('.ticket-row-pending')) pending++;
      el.scrollTop += px;
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) el.scrollTop = 0;
      if (t - start < ms) requestAnimationFrame(step); else resolve({ frames, pending });
    };
    requestAnimationFrame(step);
  });
  // Sit still for ms: frame deltas, React commits and renders, DOM mutations by place.
  window.__kbIdle = (ms) => new Promise((resolve) => {
    const frames = []; let last = 0; let start = 0;
    const mutations = { chip: 0, other: 0 };
    const list = document.querySelector('.ticket-list') || document.body;
    const obs = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (el && el.closest('.chip')) mutations.chip++; else mutations.other++;
      }
    });
    obs.observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
    kb.commits = 0; kb.rendered = { chip: 0, row: 0, list: 0, other: 0 }; kb.counting = true;
    const step = (t) => {
      if (last) frames.push(t - last); else start = t;
      last = t;
      if (t - start < ms) requestAnimationFrame(step);
      else {
        kb.counting = false; obs.disconnect();
        resolve({ frames, commits: kb.commits, rendered: { ...kb.rendered }, mutations,
          chips: list.querySelectorAll('.chip[role=timer]').length });
      }
    };
    requestAnimationFrame(step);
  });
  // Click a row; resolve when its subject, a message and its account's pane are shown.
  window.__kbOpen = (id, subject, account) => new Promise((resolve, reject) => {
    const row = document.querySelector('[data-ticket-id="' + id + '"]');
    if (!row) { reject(new Error('row not on screen')); return; }
    const t0 = performance.now();
    const ready = () => {
      const h = document.getElementById('ticket-subject');
      const pane = document.querySelector('aside.account-pane h3');
      return h && h.textContent === subject && document.querySelector('[data-testid=message]') &&
        pane && pane.textContent === account;
    };
    const done = () => {
      const dom = performance.now() - t0;
      requestAnimationFrame(() => resolve({ dom, painted: performance.now() - t0 }));
    };
    const obs = new MutationObserver(() => { if (ready()) { obs.disconnect(); done(); } });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    setTimeout(() => { obs.disconnect(); reject(new Error('ticket did not open in 10 s')); }, 10000);
    row.click();
  });
})();`

interface FrameStats {
  n: number
  p50: number
  p95: number
  max: number
  over50: number
}

function frameStats(frames: number[]): FrameStats {
  const s = [...frames].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0
  return {
    n: s.length,
    p50: at(0.5),
    p95: at(0.95),
    max: s[s.length - 1] ?? 0,
    over50: s.filter((x) => x > 50).length,
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

const f1 = (x: number) => x.toFixed(1)

/** A static list of the same rows and row height, with no script: the machine's budget. */
function baselineHtml(rows: number): string {
  const parts: string[] = []
  for (let i = 0; i < rows; i++)
    parts.push(
      `<div class="r"><b>Order question ${i}</b><span>Account ${i % 500} GmbH · buyer${i}@acc.example · Agent ${i % 40}</span><i>overdue 3d 4h</i></div>`,
    )
  return `<!doctype html><html><head><style>
    body { margin: 0; font: 14px system-ui, sans-serif; }
    #list { height: 100vh; overflow: auto; width: 480px; }
    .r { height: ${ROW_HEIGHT}px; box-sizing: border-box; padding: 6px 10px; border-bottom: 1px solid #ddd;
         display: grid; grid-template-columns: 1fr auto; }
    .r span { grid-column: 1; color: #666; font-size: 12px; }
    .r i { grid-row: 1 / span 2; grid-column: 2; align-self: center; }
  </style></head><body><div id="list">${parts.join('')}</div></body></html>`
}

interface WebProcess {
  url: string
  /** Process start → the address printed. */
  startMs: number
  stop(): Promise<void>
}

/** `kontor web --db <dbPath>` in a fresh process; resolves when it prints its address. */
function startWebProcess(dbPath: string, home: string): Promise<WebProcess> {
  const root = findProjectRoot(__dirname)
  const t0 = performance.now()
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'bin', 'kontor.js'), 'web', '--db', dbPath],
    { cwd: root, env: { ...process.env, KONTOR_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let err = ''
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000)
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.once('exit', (code) => reject(new Error(`web mode exited (${code}): ${err}`)))
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /Kontor web console: (\S+)/.exec(out)
      if (!m) return
      resolve({
        url: m[1] as string,
        startMs: performance.now() - t0,
        stop: async () => {
          child.kill('SIGINT')
          await exited
        },
      })
    })
  })
}

/** Wait until the console has written a complete snapshot into the store at `dbPath`. */
async function snapshotWritten(dbPath: string): Promise<number> {
  const t0 = performance.now()
  const db = openDatabase(dbPath)
  try {
    for (;;) {
      const n = db.sqlite
        .prepare("SELECT value FROM console_snapshot_meta WHERE key = 'rows'")
        .pluck()
        .get() as string | undefined
      if (n !== undefined && Number(n) > 0) return performance.now() - t0
      if (performance.now() - t0 > 120_000) throw new Error('no console snapshot written')
      await new Promise((r) => setTimeout(r, 50))
    }
  } finally {
    db.close()
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-ui-'))
  const dbPath = join(dir, 'kontor.sqlite')
  const rows: [string, string, string][] = []
  const verdicts: [string, string, string][] = []
  let stop: (() => Promise<void>) | null = null
  try {
    let t0 = performance.now()
    const seedDb = openDatabase(dbPath)
    migrateDatabase(seedDb, clientMigrationsFolder())
    seedTicketStore(seedDb, { tickets: TICKETS, now: Date.now() })
    seedDb.close()
    const seedMs = performance.now() - t0

    // A fresh browser for each first navigation measured (its own start costs the first
    // navigation a few hundred ms on this machine, whatever the server does).
    let chromium = await startChromium()
    let web: WebProcess | null = null
    stop = async () => {
      await chromium.stop()
      await web?.stop()
    }
    const errors: string[] = []
    const openPage = async () => {
      const context = await chromium.browser.newContext({
        viewport: { width: 1440, height: 900 },
      })
      await context.addInitScript({ content: PROBES })
      const page = await context.newPage()
      page.on('pageerror', (e) => errors.push(e.message))
      return { context, page }
    }
    let { context, page } = await openPage()

    const firstList = async (p: Page): Promise<{ dom: number; painted: number }> => {
      await p.waitForFunction(
        () => (window as unknown as { __kb: { firstRows: number | null } }).__kb.firstRows !== null,
        null,
        {
          timeout: 60_000,
          polling: 50,
        },
      )
      return p.evaluate(() => {
        const kb = (window as unknown as { __kb: { firstRows: number; firstRowsDom: number } }).__kb
        return { dom: kb.firstRowsDom, painted: kb.firstRows }
      })
    }

    // A store the console never opened: web mode builds the queues before its address.
    web = await startWebProcess(dbPath, dir)
    const neverStart = web.startMs
    rows.push([
      'never opened: web mode start → address printed',
      f1(web.startMs),
      'fresh process; the queues are built before the address is printed',
    ])
    await page.goto(web.url)
    const never = await firstList(page)
    rows.push([
      'never opened: first list (navigation → rows painted)',
      f1(never.painted),
      `rows in DOM at ${f1(never.dom)} ms; service already built`,
    ])
    const written = await snapshotWritten(dbPath)
    rows.push(['never opened: snapshot written after the build', f1(written), 'waited from here'])
    await web.stop()
    web = null
    await chromium.stop()
    chromium = await startChromium()
    ;({ context, page } = await openPage())

    // First list on a cold core: a fresh process on the existing store.
    web = await startWebProcess(dbPath, dir)
    rows.push([
      'cold core: web mode start → address printed',
      f1(web.startMs),
      'fresh process on the existing store (snapshot of the last run)',
    ])
    t0 = performance.now()
    await page.goto(web.url)
    const cold = await firstList(page)
    rows.push([
      'first list, cold core (navigation → rows painted)',
      f1(cold.painted),
      `rows in DOM at ${f1(cold.dom)} ms; from the snapshot, the build runs in the background`,
    ])
    // The background build then takes a few seconds; reloads measure the built service.
    await new Promise((r) => setTimeout(r, 10_000))
    // Reloads: the service is built (the usual case: the app has been open).
    const warm: number[] = []
    for (let i = 0; i < 3; i++) {
      await page.reload()
      warm.push((await firstList(page)).painted)
    }
    const warmMs = median(warm)
    rows.push([
      'first list, reload (navigation → rows painted)',
      f1(warmMs),
      `median of 3: ${warm.map(f1).join(', ')}`,
    ])
    verdicts.push([
      'first list under 1 s (reload, service built)',
      `${f1(warmMs)} ms`,
      warmMs < 1000 ? 'PASS' : 'MISS',
    ])
    verdicts.push([
      'first list under 1 s (cold core: fresh process, existing store)',
      `${f1(cold.painted)} ms`,
      cold.painted < 1000 ? 'PASS' : 'MISS',
    ])
    // Not a goal of issue #6 (it is met on a store the console has opened before), shown
    // for what a first start costs: web start to address, then navigation to rows.
    verdicts.push([
      'never opened: web start + first list (information)',
      `${f1(neverStart + never.painted)} ms`,
      neverStart + never.painted < 1000 ? 'PASS' : 'MISS',
    ])

    // Ticket open: rows with an account (the pane has server data to show).
    const targets = await page.evaluate((n) => {
      const out: { id: string; subject: string; account: string }[] = []
      for (const el of Array.from(document.querySelectorAll('.ticket-row[data-ticket-id]'))) {
        const account = el.querySelector('.ticket-account')?.textContent ?? ''
        if (!account.startsWith('Account ')) continue
        out.push({
          id: el.getAttribute('data-ticket-id') as string,
          subject: el.querySelector('.ticket-subject')?.textContent ?? '',
          account,
        })
        if (out.length >= n) break
      }
      return out
    }, OPENS)
    const opens: number[] = []
    const openDom: number[] = []
    for (const t of targets) {
      const r = await page.evaluate(
        (a) =>
          (
            window as unknown as {
              __kbOpen: (
                id: string,
                s: string,
                acc: string,
              ) => Promise<{ dom: number; painted: number }>
            }
          ).__kbOpen(a.id, a.subject, a.account),
        t,
      )
      opens.push(r.painted)
      openDom.push(r.dom)
    }
    const openMs = median(opens)
    rows.push([
      'ticket open (click → messages + account pane painted)',
      f1(openMs),
      `median of ${opens.length}; max ${f1(Math.max(...opens))}; DOM ready median ${f1(median(openDom))}`,
    ])
    verdicts.push([
      'ticket open under 150 ms (median; max shown)',
      `${f1(openMs)} ms (max ${f1(Math.max(...opens))})`,
      openMs < 150 ? 'PASS' : 'MISS',
    ])

    type ScrollResult = { frames: number[]; pending: number }
    type IdleResult = {
      frames: number[]
      commits: number
      rendered: Record<'chip' | 'row' | 'list' | 'other', number>
      mutations: { chip: number; other: number }
      chips: number
    }
    const scroll = (p: Page, selector: string) =>
      p.evaluate(
        (a) =>
          (
            window as unknown as {
              __kbScroll: (s: string, ms: number, px: number) => Promise<ScrollResult>
            }
          ).__kbScroll(a.selector, a.ms, a.px),
        { selector, ms: SCROLL_MS, px: SCROLL_PX_PER_FRAME },
      )
    const idle = (p: Page) =>
      p.evaluate(
        (ms) =>
          (window as unknown as { __kbIdle: (ms: number) => Promise<IdleResult> }).__kbIdle(ms),
        TICK_MS,
      )

    const uiScroll = await scroll(page, '.ticket-list')
    // Back to the top, let pages load, then watch the countdowns tick.
    await page.evaluate(() => {
      ;(document.querySelector('.ticket-list') as HTMLElement).scrollTop = 0
    })
    await page.waitForTimeout(1500)
    const ticking = await idle(page)

    // Baseline: a static list of the same size, scrolled the same way; an idle page.
    const base = await context.newPage()
    await base.setContent(baselineHtml(TICKETS), { timeout: 120_000 })
    const baseScroll = await scroll(base, '#list')
    await base.evaluate(() => {
      ;(document.querySelector('#list') as HTMLElement).scrollTop = 0
    })
    const baseIdle = await idle(base)
    await base.close()

    const s = frameStats(uiScroll.frames)
    const bs = frameStats(baseScroll.frames)
    const ti = frameStats(ticking.frames)
    const bi = frameStats(baseIdle.frames)
    const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—')
    const frameRow = (label: string, x: FrameStats, b: FrameStats, extra: string) =>
      rows.push([
        label,
        f1(x.p50),
        `p95 ${f1(x.p95)}, max ${f1(x.max)}, ${x.over50}/${x.n} frames > 50 ms; ` +
          `p95 ${ratio(x.p95, b.p95)} baseline${extra}`,
      ])
    frameRow(
      `scrolling the list, ${SCROLL_PX_PER_FRAME} px/frame, ${SCROLL_MS / 1000} s (frame p50)`,
      s,
      bs,
      `; ${uiScroll.pending} frames showed unloaded rows`,
    )
    frameRow('baseline: static 50,000-row list scrolled the same way', bs, bs, '')
    frameRow(`countdowns ticking, ${TICK_MS / 1000} s idle (frame p50)`, ti, bi, '')
    frameRow('baseline: idle page, same time', bi, bi, '')
    const ticks = TICK_MS / 1000
    rows.push([
      'per tick: React commits / components rendered',
      f1(ticking.commits / ticks),
      `chips ${f1(ticking.rendered.chip / ticks)}, rows ${f1(ticking.rendered.row / ticks)}, ` +
        `list ${f1(ticking.rendered.list / ticks)}, other ${f1(ticking.rendered.other / ticks)}; ` +
        `${ticking.chips} chips on screen`,
    ])
    rows.push([
      'per tick: DOM mutations in the list',
      f1((ticking.mutations.chip + ticking.mutations.other) / ticks),
      `inside chips ${f1(ticking.mutations.chip / ticks)}, outside chips ${f1(ticking.mutations.other / ticks)}`,
    ])
    verdicts.push([
      'no frame over 50 ms while scrolling',
      `${s.over50} of ${s.n} (baseline ${bs.over50} of ${bs.n})`,
      s.over50 === 0 ? 'PASS' : 'MISS',
    ])
    verdicts.push([
      'a tick re-renders chips only (no row, no list)',
      `rows ${ticking.rendered.row}, list ${ticking.rendered.list}, DOM outside chips ${ticking.mutations.other}`,
      ticking.rendered.row === 0 && ticking.rendered.list === 0 && ticking.mutations.other === 0
        ? 'PASS'
        : 'MISS',
    ])

    const w = Math.max(...rows.map((r) => r[0].length))
    process.stdout.write(
      `console UI: ${TICKETS.toLocaleString('en')} tickets, seeded in ${f1(seedMs)} ms; ` +
        `${chromium.version}; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}\n\n`,
    )
    process.stdout.write(`${'measure'.padEnd(w)}  ${'ms'.padStart(8)}  note\n`)
    for (const [label, v, note] of rows)
      process.stdout.write(`${label.padEnd(w)}  ${v.padStart(8)}  ${note}\n`)
    const w2 = Math.max(...verdicts.map((r) => r[0].length))
    const w3 = Math.max(...verdicts.map((r) => r[1].length))
    process.stdout.write(`\n${'goal'.padEnd(w2)}  ${'measured'.padEnd(w3)}  verdict\n`)
    for (const [goal, got, verdict] of verdicts)
      process.stdout.write(`${goal.padEnd(w2)}  ${got.padEnd(w3)}  ${verdict}\n`)
    if (errors.length > 0) process.stdout.write(`\npage errors: ${errors.join(' | ')}\n`)
    process.stdout.write(`load at the end: ${loadavg()[0]?.toFixed(2)}\n`)
  } finally {
    await stop?.()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exitCode = 1
})
