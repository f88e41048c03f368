/**
 * The steps of the statistics exchange as API calls, for tests that need figures submitted or published
 * (calendars, reminders, locks, workflow notifications): upload a CSV, submit it answering every warning,
 * validate, publish. Built on the exchange world (test/exchange-world.ts).
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './app';
import type { ExchangeWorld } from './exchange-world';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ExchangeSteps {
  /** A request under /api/dialogues/:slug as the holder of `cookie` (anonymous without one). */
  api(method: Method, path: string, cookie?: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Uploads a CSV as a provider; the draft submission's id (expects 201). */
  upload(csv: string, cookie?: string): Promise<number>;
  /** Submits a draft as its provider, answering every warning. */
  submit(id: number, cookie?: string): Promise<void>;
  /** Submits, validates and publishes. */
  publish(id: number, cookie?: string): Promise<void>;
}

export function exchangeSteps(t: TestApp, w: ExchangeWorld): ExchangeSteps {
  const api: ExchangeSteps['api'] = (method, path, cookie, payload) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}${path}`,
      headers: cookie ? { cookie, 'x-passage-csrf': '1' } : {},
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
  const upload: ExchangeSteps['upload'] = async (csv, cookie = w.cookies.providerIta) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().submissionId as number;
  };
  const submit: ExchangeSteps['submit'] = async (id, cookie = w.cookies.providerIta) => {
    const findings = (await api('GET', `/submissions/${id}/findings`, cookie)).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    const res = await api('POST', `/submissions/${id}/submit`, cookie, { warningComments });
    expect(res.statusCode, res.body).toBe(200);
  };
  const publish: ExchangeSteps['publish'] = async (id, cookie = w.cookies.providerIta) => {
    await submit(id, cookie);
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.manager, {})).statusCode).toBe(200);
    const res = await api('POST', `/submissions/${id}/publish`, w.cookies.manager, { comment: 'ok' });
    expect(res.statusCode, res.body).toBe(200);
  };
  return { api, upload, submit, publish };
}
