/**
 * The shared browser of report rendering, with the real Chromium: reused and limited, a stuck page is
 * stopped by the time-out, a dead browser is replaced, a full queue refuses at once.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumChildren } from '../../../test/child-processes';
import { BrowserPool, RenderQueueFull, RenderTimeout } from '../browser-pool';
import { launchChromium } from '../chromium';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('browser pool', () => {
  let pool: BrowserPool | undefined;
  const make = (o: Partial<ConstructorParameters<typeof BrowserPool>[0]> = {}) => {
    pool = new BrowserPool({
      launch: () => launchChromium(),
      concurrency: 2,
      maxQueue: 10,
      timeoutMs: 20_000,
      ...o,
    });
    return pool;
  };
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('launches one browser lazily, reuses it, runs at most `concurrency` renders at once', async () => {
    const p = make();
    expect((await p.stats()).launches).toBe(0);
    let running = 0;
    let maxRunning = 0;
    const titles = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        p.withContext(async (context) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          const page = await context.newPage();
          await page.setContent(`<title>t${i}</title>`);
          await sleep(100);
          running--;
          return page.title();
        }),
      ),
    );
    expect(titles).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(maxRunning).toBe(2);
    expect(await p.stats()).toMatchObject({ launches: 1, isBrowserRunning: true, openContexts: 0 });
    expect(chromiumChildren()).toHaveLength(1);
    await p.close();
    expect(chromiumChildren()).toHaveLength(0);
  });

  it('stops a stuck render at the time-out, closing its page; the browser keeps serving', async () => {
    // Long enough for a page to open on a busy machine, short enough to keep the test quick.
    const p = make({ timeoutMs: 5000 });
    // Start the browser first (on a busy machine the launch alone may outlast this short time-out; it goes on
    // in the background and the pool keeps it).
    for (let i = 0; i < 20 && !(await p.stats()).isBrowserRunning; i++)
      await p.withContext(async (c) => (await c.newPage()).close()).catch(() => sleep(500));
    let stuck: Page | undefined;
    const started = Date.now();
    await expect(
      p.withContext(async (context) => {
        stuck = await context.newPage();
        await new Promise(() => {}); // never finishes
      }),
    ).rejects.toBeInstanceOf(RenderTimeout);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(stuck?.isClosed()).toBe(true);
    expect(await p.stats()).toMatchObject({ launches: 1, openContexts: 0, active: 0 });
    expect(await p.withContext(async () => 'still fine')).toBe('still fine');
  });

  it('launches a new browser when the old one died', async () => {
    const p = make();
    await p.withContext(async () => {});
    const [pid] = chromiumChildren();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    for (let i = 0; i < 100 && (await p.stats()).isBrowserRunning; i++) await sleep(50);
    expect(await p.withContext(async (c) => (await c.newPage()).evaluate(() => 1 + 1))).toBe(2);
    expect((await p.stats()).launches).toBe(2);
  });

  it('refuses at once when every slot is busy and the queue is full', async () => {
    const p = make({ concurrency: 1, maxQueue: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = p.withContext(() => gate);
    const second = p.withContext(async () => 'queued');
    await sleep(50);
    await expect(p.withContext(async () => 'third')).rejects.toBeInstanceOf(RenderQueueFull);
    release();
    await first;
    expect(await second).toBe('queued');
  });
});
