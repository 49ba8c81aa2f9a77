/**
 * The one wrapper for Office's `*Async(…, callback)` APIs: a Promise that always settles with a
 * typed result, within a time limit.
 *
 * Hint: Office calls our callback from its own stack, where a throw escapes every `try` we wrote
 * (the scaffold's `outlook.ts` has exactly this bug). So the callback only records the outcome;
 * nothing in it can throw, and a call that never calls back (#4868) ends as `timeout`.
 */

/**
 * How long one Office call may take. Attachment downloads on slow links take seconds; a call
 * that has not answered after this is treated as hung (office-js #4868), and the pane moves on
 * and says what it could not check.
 */
export const OFFICE_CALL_TIMEOUT_MS = 15_000;

export type OfficeFailure = 'api-unsupported' | 'api-failed' | 'timeout';

export type OfficeResult<T> = { ok: true; value: T } | { ok: false; code: OfficeFailure; detail: string };

/** The part of `Office.AsyncResult` we read; typed loosely because fakes and old hosts vary. */
interface AsyncResultLike<T> {
  status: unknown;
  value: T;
  error?: { code?: unknown; name?: unknown; message?: unknown } | null;
}

/**
 * Calls `invoke` with a callback and resolves with its outcome. `invoke` must pass the callback
 * to exactly one Office `*Async` method. Never rejects.
 */
export function callOffice<T>(
  invoke: (callback: (result: AsyncResultLike<T>) => void) => void,
  timeoutMs: number = OFFICE_CALL_TIMEOUT_MS,
): Promise<OfficeResult<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: OfficeResult<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => settle({ ok: false, code: 'timeout', detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const callback = (result: AsyncResultLike<T>): void => {
      try {
        // The documented value of Office.AsyncResultStatus.Succeeded; compared as text so a
        // missing enum object in an odd host cannot throw here.
        if (result && String(result.status) === 'succeeded') settle({ ok: true, value: result.value });
        else settle({ ok: false, code: 'api-failed', detail: describeError(result?.error) });
      } catch {
        settle({ ok: false, code: 'api-failed', detail: 'unreadable result' });
      }
    };
    try {
      invoke(callback);
    } catch (e) {
      // Unknown or oversize parameters make some methods throw synchronously instead of calling back.
      settle({ ok: false, code: 'api-failed', detail: `threw: ${errorText(e)}` });
    }
  });
}

function describeError(error: AsyncResultLike<unknown>['error']): string {
  if (!error) return 'failed without an error object';
  const parts = [error.code, error.name, error.message].filter((p) => p !== undefined && p !== null && p !== '');
  return parts.map((p) => String(p)).join(' ').slice(0, 300) || 'failed';
}

function errorText(e: unknown): string {
  try {
    return (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 300);
  } catch {
    return 'unprintable error';
  }
}
