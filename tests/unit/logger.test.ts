import { describe, expect, it } from 'vitest';
import { createLogger, scrubText, scrubUrl } from '../../src/observability/logger.js';
import { captureLogs } from '../helpers/log-capture.js';

describe('logger redaction', () => {
  it('when a record carries secrets, numbers and message bodies, then none of them is written', () => {
    const capture = captureLogs();
    const log = createLogger('info', capture.stream);
    log.info(
      {
        token: 'EAAG-secret-token',
        phone: '+34 600 111 222',
        message: { from: '34600111222', text: 'my address is 5 Calle Mayor', wa_id: '34600111222' },
        req: { headers: { authorization: 'Bearer abc.def' } },
      },
      'inbound from +34600111222',
    );
    log.error({ err: new Error('send to 447700900123 failed') }, 'send failed');
    const written = capture.lines().join('\n');
    for (const secret of ['EAAG-secret-token', '600 111 222', '34600111222', 'Calle Mayor', 'abc.def', '447700900123']) {
      expect(written).not.toContain(secret);
    }
    const [first] = capture.records();
    expect(first).toMatchObject({ token: '[redacted]', phone: '[redacted]', msg: 'inbound from [redacted-number]' });
  });

  it('when free text holds a phone number in any common grouping, then it is replaced', () => {
    expect(scrubText('call +1 (415) 555 0100 or 0049-151-2345-6789')).not.toMatch(/555|2345/);
    expect(scrubText('job 42 pays 12.50 for 3 hours')).toBe('job 42 pays 12.50 for 3 hours');
  });

  it('when a URL has a query string, then only the parameter names remain', () => {
    expect(scrubUrl('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=123')).toBe(
      '/webhooks/whatsapp?hub.mode=[redacted]&hub.verify_token=[redacted]&hub.challenge=[redacted]',
    );
    expect(scrubUrl('/users/34600111222/profile')).toBe('/users/[redacted-number]/profile');
  });
});
