import { describe, expect, it } from 'vitest';
import {
  httpError,
  isSatwsConflict,
  networkError,
  upstreamMessage,
  wasNeverSent,
} from '../../src/satws/satws-error.js';

describe('upstream error messages (satws-api.md §3.3)', () => {
  it('uses message, then hydra:description, then the joined violations', () => {
    expect(upstreamMessage('{"message":"Not Found"}')).toBe('Not Found');
    expect(
      upstreamMessage('{"hydra:title":"An error occurred","hydra:description":"extractor: bad"}'),
    ).toBe('extractor: bad');
    const violations = JSON.stringify({
      '@type': 'ConstraintViolation',
      violations: [
        { propertyPath: 'extractor', message: 'The value you selected is not a valid choice.' },
        { propertyPath: 'entity', message: 'This value should not be blank.' },
      ],
    });
    expect(upstreamMessage(violations)).toBe(
      'extractor: The value you selected is not a valid choice.; entity: This value should not be blank.',
    );
    expect(upstreamMessage('<html>Bad Gateway</html>')).toBe('<html>Bad Gateway</html>');
    expect(upstreamMessage('')).toBeUndefined();
  });
});

describe('httpError classification', () => {
  it.each([
    [400, 'satws_bad_request', false],
    [401, 'satws_unauthorized', false],
    [403, 'satws_forbidden', false],
    [404, 'satws_not_found', false],
    [422, 'satws_unprocessable', false],
    [408, 'satws_timeout', true],
    [425, 'satws_too_early', true],
    [429, 'satws_rate_limited', true],
    [500, 'satws_server_error', true],
    [503, 'satws_server_error', true],
  ])('%i → %s (retryable %s)', (status, code, retryable) => {
    const error = httpError({
      endpoint: 'GET /x',
      status,
      text: '{"message":"boom"}',
      requestId: 'r-9',
    });
    expect(error).toMatchObject({ code, retryable, status, requestId: 'r-9' });
    expect(error.message).toBe(`SAT.ws GET /x answered ${status}: boom`);
  });

  it('turns a 409 into a conflict carrying conflictingExtractors', () => {
    const error = httpError({
      endpoint: 'POST /extractions',
      status: 409,
      text: '{"conflictingExtractors":["invoice"]}',
      requestId: undefined,
    });
    expect(isSatwsConflict(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'satws_conflict',
      retryable: false,
      conflictingExtractors: ['invoice'],
    });
  });

  it('treats network failures as retryable; only refusals prove nothing was sent', () => {
    const refused = networkError(
      'POST /extractions',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    const reset = networkError(
      'POST /extractions',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    );
    expect(refused).toMatchObject({ code: 'satws_network', retryable: true });
    expect(wasNeverSent(refused)).toBe(true);
    expect(wasNeverSent(reset)).toBe(false);
  });
});
