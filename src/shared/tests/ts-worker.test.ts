import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { serveRequests, startTsWorker } from '../ts-worker';

type Req = { double: number } | 'exit';
type Res = { value: number; threadId: number };
const entry = new URL('./fixtures/arithmetic.worker.ts', import.meta.url);

describe('a TypeScript module in a worker thread', () => {
  const worker = startTsWorker<Req, Res>(entry);
  afterAll(() => worker.close());

  it('answers each request from another thread, in order', async () => {
    const replies = await Promise.all([1, 2, 3].map((n) => worker.request({ double: n })));
    expect(replies.map((r) => r.value)).toEqual([2, 4, 6]);
    expect(new Set(replies.map((r) => r.threadId)).size).toBe(1);
    expect(replies[0]!.threadId).not.toBe(threadId);
  });

  it("rejects with the handler's error and keeps serving", async () => {
    await expect(worker.request({ double: -1 })).rejects.toThrow('cannot double -1: negative');
    expect((await worker.request({ double: 5 })).value).toBe(10);
  });

  it('rejects what is pending when the thread dies', async () => {
    const dying = startTsWorker<Req, Res>(entry);
    await expect(dying.request('exit')).rejects.toThrow(/exited \(3\)/);
    await dying.close();
  });

  it('refuses to serve on the main thread', () => {
    expect(() => serveRequests(() => 1)).toThrow('serveRequests runs in a worker thread');
  });
});
