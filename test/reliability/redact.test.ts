import { describe, expect, it } from 'vitest';
import { addSecret, redact } from '../../src/cli/redact.js';

describe('redact', () => {
  it('masks every occurrence of a known secret, and leaves other text alone', () => {
    addSecret('s3cr3t-value');
    expect(redact('password s3cr3t-value and again s3cr3t-value.')).toBe('password **** and again ****.');
    expect(redact('nothing to hide')).toBe('nothing to hide');
  });

  it('ignores values too short to be secrets, which would mask ordinary words', () => {
    addSecret('dev');
    expect(redact('database dev')).toBe('database dev');
  });
});
