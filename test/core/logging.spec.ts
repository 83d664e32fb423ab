import { describe, expect, it } from 'vitest';
import { formatLogArgs, formatLogLine, reduceUrls } from '../../electron/core/logging.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi10b2tlbi1mb3ItdGVzdA.abcdefghijklmnop';

describe('log formatting', () => {
  it('reduces URLs to their origin', () => {
    expect(reduceUrls(`opening https://10.0.0.1:8443/session/x?authToken=${TOKEN}#frag now`)).toBe(
      'opening https://10.0.0.1:8443 now',
    );
  });

  it('never writes a session URL token, AWS secret or session token, whatever the argument shape', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const line = formatLogArgs([
      `url=https://dcv.example.com/?authToken=${TOKEN}`,
      { sessions: [{ url: `https://dcv.example.com/#${TOKEN}`, name: 's' }], secretAccessKey: secret },
      new Error(`failed at https://dcv.example.com/path?token=${TOKEN}`),
      `aws_secret_access_key = ${secret}`,
    ]);
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain(secret);
    expect(line).toContain('https://dcv.example.com');
  });

  it('formats a line with time and level', () => {
    expect(formatLogLine('warn', ['hello', 2], new Date(0))).toBe(
      '[1970-01-01T00:00:00.000Z] [warn] hello 2',
    );
  });

  it('survives circular objects', () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    expect(formatLogArgs([o])).toContain('[circular]');
  });
});
