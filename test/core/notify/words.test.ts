import { describe, expect, it } from 'vitest';
import { formatDuration, paragraph } from '../../../electron/core/notify/words';

describe('formatDuration', () => {
  it('says seconds, minutes, or hours and minutes, rounded as a person would', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(59_600)).toBe('1 min');
    expect(formatDuration(6 * 60_000 + 20_000)).toBe('6 min');
    expect(formatDuration(60 * 60_000)).toBe('1 h');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
  });
});

describe('paragraph', () => {
  it('ends every sentence with a full stop and skips empty ones', () => {
    expect(paragraph('Tenant usage 9,120 / 10,000 (91%)', '', '  Wake Up resumes them. ')).toBe(
      'Tenant usage 9,120 / 10,000 (91%). Wake Up resumes them.',
    );
    expect(paragraph('Is it?', 'Yes!')).toBe('Is it? Yes!');
  });
});
