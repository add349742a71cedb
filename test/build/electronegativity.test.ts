import { describe, expect, it } from 'vitest';
import { judge, parseAllowList, table, type Finding } from '../../build/scripts/electronegativity';

function finding(check: string, file: string, line = 1): Finding {
  return {
    check,
    file,
    line,
    column: 0,
    severity: 'HIGH',
    confidence: 'CERTAIN',
    description: `what ${check} means`,
    manualReview: false,
  };
}

describe('the Electronegativity allow-list', () => {
  const allowList = parseAllowList(
    JSON.stringify([
      { check: 'CSP_GLOBAL_CHECK', file: 'dist/renderer/index.html', reason: 'reviewed' },
      { check: 'SANDBOX_JS_CHECK', file: 'dist/electron/main.cjs', reason: 'no longer found' },
    ]),
  );

  it('allows a finding by check and file, and names what is new and what is stale', () => {
    const csp = finding('CSP_GLOBAL_CHECK', 'dist/renderer/index.html', 5);
    const elsewhere = finding('CSP_GLOBAL_CHECK', 'dist/electron/main.cjs', 9);
    const verdict = judge([csp, elsewhere], allowList);
    expect(verdict.allowed.map((entry) => entry.finding)).toEqual([csp]);
    expect(verdict.unexpected).toEqual([elsewhere]);
    expect(verdict.stale.map((entry) => entry.check)).toEqual(['SANDBOX_JS_CHECK']);
  });

  it('refuses an entry without a reason', () => {
    expect(() => parseAllowList('[{"check":"X","file":"y"}]')).toThrow(/needs "check", "file" and a "reason"/);
    expect(() => parseAllowList('{}')).toThrow(/array/);
  });

  it('prints one row a finding: new ones with what they mean, allowed ones with why they are fine', () => {
    const verdict = judge(
      [finding('CSP_GLOBAL_CHECK', 'dist/renderer/index.html', 5), finding('LIMIT_NAVIGATION_GLOBAL_CHECK', '(app)')],
      allowList,
    );
    const rows = table(verdict).split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatch(/^NEW\s+LIMIT_NAVIGATION_GLOBAL_CHECK\s+HIGH\/CERTAIN\s+\(app\)\s+what LIMIT_NAV/);
    expect(rows[3]).toMatch(
      /^allowed\s+CSP_GLOBAL_CHECK\s+HIGH\/CERTAIN\s+dist\/renderer\/index\.html:5:0\s+reviewed$/,
    );
  });
});
