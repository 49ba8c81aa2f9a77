import { callOffice } from './office-async';

type Result = { status: unknown; value: unknown; error?: { code?: unknown; name?: unknown; message?: unknown } | null };

describe('callOffice', () => {
  it.each<[string, (cb: (r: Result) => void) => void, { ok: boolean; code?: string; value?: unknown }]>([
    ['succeeded', (cb) => cb({ status: 'succeeded', value: 'x' }), { ok: true, value: 'x' }],
    ['succeeded later', (cb) => setTimeout(() => cb({ status: 'succeeded', value: 7 }), 5), { ok: true, value: 7 }],
    ['failed with an error', (cb) => cb({ status: 'failed', value: undefined, error: { code: 9020, name: 'GenericResponseError', message: 'x' } }), { ok: false, code: 'api-failed' }],
    ['failed without an error object', (cb) => cb({ status: 'failed', value: undefined, error: null }), { ok: false, code: 'api-failed' }],
    ['never calls back', () => undefined, { ok: false, code: 'timeout' }],
    ['throws synchronously (bad parameters)', () => {
      throw new Error('Sys.ArgumentException');
    }, { ok: false, code: 'api-failed' }],
    ['calls back with garbage', (cb) => cb(null as unknown as Result), { ok: false, code: 'api-failed' }],
  ])('%s', async (_name, invoke, expected) => {
    const r = await callOffice(invoke, 50);
    expect(r.ok).toBe(expected.ok);
    if (r.ok) expect(r.value).toBe(expected.value);
    else {
      expect(r.code).toBe(expected.code);
      expect(r.detail.length).toBeGreaterThan(0);
    }
  });

  it('settles once even if the host calls back twice or after the timeout', async () => {
    let later: ((r: Result) => void) | undefined;
    const r = await callOffice((cb) => {
      later = cb;
    }, 10);
    expect(r.ok).toBe(false);
    expect(() => later?.({ status: 'succeeded', value: 1 })).not.toThrow();
  });
});
