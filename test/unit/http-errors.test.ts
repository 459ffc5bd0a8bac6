import type { HttpEvent, HttpResult } from '../../functions/adapters/http';
import { httpErrors } from '../../functions/adapters/http-errors';
import { DraftExpired, DraftNotFound, NominationNotFound } from '../../functions/domain/errors';

/** What the web function answers for an error a route threw. */
function answer(error: Error, accept = 'application/json'): HttpResult {
  const request = {
    event: { headers: { accept } } as unknown as HttpEvent,
    error,
    response: undefined as HttpResult | undefined,
  };
  (httpErrors.onError as (request: unknown) => void)(request);
  if (!request.response) throw new Error('no response');
  return request.response;
}

describe('the web function maps domain errors to HTTP answers, never a 500', () => {
  it.each([
    [new DraftNotFound(), 404],
    [new NominationNotFound('2026-x'), 404],
    [new DraftExpired(), 410],
  ])('%s -> %i', (error, status) => {
    const result = answer(error);
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(String(result.body)).message).toMatch(/[가-힣]/);
  });

  it('says an expired confirmation link expired, on a Korean page', () => {
    const page = answer(new DraftExpired(), 'text/html');
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('확정 기한이 지난 추천서');
  });
});
