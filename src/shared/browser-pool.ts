/**
 * One shared headless browser for server-side rendering (situation-report PDFs), so rendering is bounded
 * (issue 13, item 5: every request used to start its own Chromium — five parallel reports ran 69 processes).
 *
 * - The browser is launched on first use and reused; if it dies (crash, killed), the next render launches a
 *   new one. `close()` (server shutdown) closes it; a later render would launch again.
 * - At most `concurrency` renders run at once (p-limit); up to `maxQueue` more wait in line; beyond that
 *   `withContext` refuses at once (RenderQueueFull) instead of piling up work.
 * - Each render gets its own browser context (no cookies, cache or storage shared between reports) and a
 *   time-out: when it passes, the context and its pages are closed (that kills a stuck renderer); if even that
 *   does not finish, the whole browser is closed and relaunched next time.
 *
 * Only the type of playwright-core is imported here: the launcher is passed in, so callers decide when the
 * package is loaded.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

export interface BrowserPoolOptions {
  launch: () => Promise<Browser>;
  /** Renders running at once. */
  concurrency: number;
  /** Renders allowed to wait for a free slot. */
  maxQueue: number;
  /** Per render, from the moment it gets a slot (launching the browser included). */
  timeoutMs: number;
  contextOptions?: BrowserContextOptions;
}

export class RenderTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`rendering took longer than ${formatSeconds(timeoutMs)} and was stopped`);
    this.name = 'RenderTimeout';
  }
}

export class RenderQueueFull extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} renderings are already waiting`);
    this.name = 'RenderQueueFull';
  }
}

const formatSeconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

/** How long closing a timed-out context may take before the browser is considered stuck. */
const CLOSE_GRACE_MS = 5_000;

export interface BrowserPoolStats {
  /** Browsers launched so far (1 while the first one lives). */
  launches: number;
  isBrowserRunning: boolean;
  active: number;
  pending: number;
  /** Contexts (one per render) currently open in the browser. */
  openContexts: number;
}

export class BrowserPool {
  private browser: Promise<Browser> | null = null;
  private readonly limit: LimitFunction;
  private launches = 0;

  constructor(private readonly opts: BrowserPoolOptions) {
    this.limit = pLimit(opts.concurrency);
  }

  /** Whether a render asked for now would be refused (every slot busy and the queue full). */
  isFull(): boolean {
    return this.limit.pendingCount >= this.opts.maxQueue && this.limit.activeCount >= this.opts.concurrency;
  }

  /** Runs `fn` in a fresh context of the shared browser, within the concurrency limit and the time-out. */
  withContext<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
    if (this.isFull()) return Promise.reject(new RenderQueueFull(this.limit.pendingCount));
    return this.limit(() => this.runWithTimeout(fn));
  }

  async stats(): Promise<BrowserPoolStats> {
    const browser = this.browser ? await this.browser.catch(() => null) : null;
    return {
      launches: this.launches,
      isBrowserRunning: !!browser?.isConnected(),
      active: this.limit.activeCount,
      pending: this.limit.pendingCount,
      openContexts: browser?.isConnected() ? browser.contexts().length : 0,
    };
  }

  /** Closes the browser (server shutdown). Renders still queued will launch a new one. */
  async close(): Promise<void> {
    const current = this.browser;
    this.browser = null;
    const browser = current ? await current.catch(() => null) : null;
    await browser?.close().catch(() => {});
  }

  private getBrowser(): Promise<Browser> {
    if (this.browser) return this.browser;
    this.launches++;
    const launching = this.opts.launch().then((browser) => {
      // Dead browser (crash, kill, close): forget it so the next render launches a new one.
      browser.on('disconnected', () => {
        if (this.browser === launching) this.browser = null;
      });
      return browser;
    });
    launching.catch(() => {
      if (this.browser === launching) this.browser = null;
    });
    this.browser = launching;
    return launching;
  }

  private async runWithTimeout<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let isTimedOut = false;
    let context: BrowserContext | undefined;
    let browser: Browser | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        isTimedOut = true;
        reject(new RenderTimeout(this.opts.timeoutMs));
      }, this.opts.timeoutMs);
    });
    const work = (async () => {
      browser = await this.getBrowser();
      const created = await browser.newContext(this.opts.contextOptions);
      // Timed out while the browser or the context was starting: the render never begins.
      if (isTimedOut) {
        await created.close().catch(() => {});
        throw new RenderTimeout(this.opts.timeoutMs);
      }
      context = created;
      return fn(created);
    })();
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
      void work.catch(() => {}); // after a time-out its rejection (page closed under it) is expected
      if (context) await this.closeContext(context, browser);
    }
  }

  private async closeContext(context: BrowserContext, browser: Browser | undefined): Promise<void> {
    const isClosed = await Promise.race([
      context.close().then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref()),
    ]);
    if (isClosed || !browser) return;
    // The browser does not even close a context: treat it as dead, the next render launches another.
    if (this.browser && (await this.browser.catch(() => null)) === browser) this.browser = null;
    await browser.close().catch(() => {});
  }
}
