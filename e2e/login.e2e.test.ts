import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_DIALOGUE,
  DEMO_PASSWORD,
  type Journey,
  openPage,
  pathOf,
  startJourney,
  submitLogin,
} from './harness';
import { countPixelsByColour, projectToPage, readMapSnapshot } from './map-probe';

/**
 * Journey: an analyst logs in, sees the dialogue home with its map (member states and routes drawn),
 * points at a country, and logs out.
 */

interface SessionBody {
  user: { name: string; organisation: { name: string } };
}
interface DialogueBody {
  name: string;
  memberStates: { iso3: string; numeric: string | null; name: { en: string } }[];
  routes: { code: string; name: string }[];
}

const SCREENSHOT_DIR = '.tmp/e2e';

function rgbToHex(rgb: string): string {
  const parts = rgb.match(/\d+/g)?.slice(0, 3).map(Number) ?? [];
  if (parts.length !== 3) throw new Error(`not an rgb() colour: ${rgb}`);
  return `#${parts.map((n) => n.toString(16).padStart(2, '0')).join('')}`;
}

describe('analyst logs in, sees the dialogue map, logs out', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('walks from login to the map and back out', async () => {
    const { page, context, foreignRequests, pageErrors } = await openPage(journey);
    const base = journey.target.url;

    // Not logged in: the start page sends the visitor to the login form.
    await page.goto(`${base}/`);
    await page.waitForURL((url) => url.pathname === '/login');
    // The URL changes before the login page has rendered: wait for the field rather than look at once.
    await page.locator('input[name="email"]').waitFor({ state: 'visible' });

    await submitLogin(page, 'analyst@demo.passage', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}`);

    // The header shows who is logged in, as the server sees it.
    const sessionResponse = await context.request.get(`${base}/api/auth/session`);
    expect(sessionResponse.status()).toBe(200);
    const session = (await sessionResponse.json()) as SessionBody;
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe(session.user.name);
    await expect(page.getByTestId('user-organisation').textContent()).resolves.toBe(
      session.user.organisation.name,
    );

    // The dialogue home lists what the API says about the dialogue.
    const dialogue = (await (
      await context.request.get(`${base}/api/dialogues/${DEMO_DIALOGUE}`)
    ).json()) as DialogueBody;
    expect(dialogue.memberStates.length).toBeGreaterThanOrEqual(10);
    expect(dialogue.routes.length).toBeGreaterThan(0);
    await expect(page.locator('h1').textContent()).resolves.toBe(dialogue.name);
    await expect(page.getByTestId('member-states').locator('li').count()).resolves.toBe(
      dialogue.memberStates.length,
    );
    const routeList = (await page.getByTestId('routes').textContent()) ?? '';
    for (const route of dialogue.routes) expect(routeList).toContain(route.name);

    // The map: drawn offline from the API's outlines, member states and routes on it.
    const mapElement = page.locator('[data-testid="dialogue-map"][data-map-ready="true"]');
    await mapElement.waitFor({ state: 'attached', timeout: 45_000 });
    await expect(mapElement.getAttribute('aria-label')).resolves.toMatch(/\S/);

    const snapshot = await readMapSnapshot(page);
    expect(snapshot.isStyleLoaded).toBe(true);
    const memberIds = new Set(
      dialogue.memberStates
        .map((m) => m.numeric?.padStart(3, '0'))
        .filter((id): id is string => id !== undefined),
    );
    expect(snapshot.renderedMemberIds.length).toBeGreaterThanOrEqual(10);
    for (const id of snapshot.renderedMemberIds) expect(memberIds.has(id)).toBe(true);
    expect(new Set(snapshot.sourceMemberIds)).toEqual(memberIds);
    expect(snapshot.renderedCountryCount).toBeGreaterThan(snapshot.renderedMemberIds.length);
    expect(snapshot.renderedRouteCodes).toEqual(dialogue.routes.map((r) => r.code).sort());

    // What WebGL really drew: member-state fill and every route colour from the legend appear on the canvas.
    const legend = await page.locator('.map-legend__route').evaluateAll((buttons) =>
      buttons.map((button) => {
        const b = button as unknown as {
          querySelector(s: string): unknown;
          textContent: string | null;
        };
        const code = b.querySelector('.map-legend__code') as { textContent: string | null } | null;
        const swatch = b.querySelector('.swatch') as {
          style: { background: string; backgroundColor: string };
        } | null;
        return { code: code?.textContent ?? '', colour: swatch?.style.backgroundColor ?? '' };
      }),
    );
    expect(legend.map((l) => l.code).sort()).toEqual(dialogue.routes.map((r) => r.code).sort());
    const memberSwatch = await page
      .locator('.map-legend__list li')
      .first()
      .locator('.swatch')
      .evaluate((el) => (el as unknown as { style: { backgroundColor: string } }).style.backgroundColor);
    const colours: Record<string, string> = { member: rgbToHex(memberSwatch) };
    for (const l of legend) colours[l.code] = rgbToHex(l.colour);
    const canvasPng = await page.locator('[data-testid="dialogue-map"] canvas').screenshot();
    const pixels = await countPixelsByColour(page, canvasPng, colours, 6);
    expect(pixels.member).toBeGreaterThan(20_000);
    for (const l of legend) expect(pixels[l.code], `pixels of route ${l.code}`).toBeGreaterThan(50);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/dialogue-home.png` });

    // Pointing at Greece names it in the side panel.
    const greece = dialogue.memberStates.find((m) => m.iso3 === 'GRC');
    expect(greece, 'Greece is a member of the demo dialogue').toBeDefined();
    const point = await projectToPage(page, [22.0, 39.6]);
    await page.mouse.move(point.x, point.y);
    await page.getByTestId('map-info').getByText(greece!.name.en).waitFor({ timeout: 5_000 });

    // The map is keyboard operable: its canvas takes focus and the arrow keys pan it.
    const centreBefore = await page.evaluate(
      () =>
        (globalThis as unknown as { __passageMap: { getCenter(): { lng: number } } }).__passageMap.getCenter()
          .lng,
    );
    await page.locator('[data-testid="dialogue-map"] canvas').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      (before) =>
        (globalThis as unknown as { __passageMap: { getCenter(): { lng: number } } }).__passageMap.getCenter()
          .lng > before,
      centreBefore,
    );

    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);

    // Log out: back on the login page, and the server session is gone.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect(pathOf(page)).toBe('/login');
    await page.locator('input[name="email"]').waitFor({ state: 'visible' });
    expect((await context.request.get(`${base}/api/auth/session`)).status()).toBe(401);
    await page.goto(`${base}/d/${DEMO_DIALOGUE}`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(pathOf(page)).toBe(`/login?next=${encodeURIComponent(`/d/${DEMO_DIALOGUE}`)}`);
    await context.close();
  });
});
