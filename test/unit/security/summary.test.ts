import { describe, expect, it } from 'vitest';
import { mergeSecuritySummaries, SECRET_KINDS, SecurityScanner } from '../../../shared/security/index.ts';

describe('Class: SecurityScanner', () => {
  describe('Method: add', () => {
    it('counts secrets by kind with their line numbers, and never keeps secret text', () => {
      // Prepare
      const scanner = new SecurityScanner();
      const records: [number, string][] = [
        [1, 'GET /health 200'],
        [2, 'login bob password=hunter2'],
        [3, 'sent digest to alice@example.com and bob@example.com'],
        [5, 'retry with password=hunter2'],
      ];
      // Act
      for (const [line, text] of records) scanner.add(line, text);
      const summary = scanner.summary();
      // Assess
      expect(summary).toEqual({
        total: 4,
        byKind: {
          [SECRET_KINDS.password]: { count: 2, lines: [2, 5], linesTruncated: false },
          [SECRET_KINDS.email]: { count: 2, lines: [3], linesTruncated: false },
        },
      });
      expect(JSON.stringify(summary)).not.toMatch(/hunter2|alice|bob@/);
    });

    it('reports a secret on a continuation line on that line', () => {
      // Prepare
      const scanner = new SecurityScanner();
      const record = 'Container environment:\n  AWS_REGION=eu-west-1\n  DB_PASSWORD=Zx81!q\n  HOME=/root\n  ADMIN=root@example.com';
      // Act
      scanner.add(10, record);
      // Assess
      expect(scanner.summary().byKind).toEqual({
        [SECRET_KINDS.password]: { count: 1, lines: [12], linesTruncated: false },
        [SECRET_KINDS.email]: { count: 1, lines: [14], linesTruncated: false },
      });
    });

    it('keeps at most maxLinesPerKind line numbers and flags the rest', () => {
      // Prepare
      const scanner = new SecurityScanner({ maxLinesPerKind: 2 });
      // Act
      for (let line = 1; line <= 4; line++) scanner.add(line, `password=p${line}`);
      // Assess
      expect(scanner.summary().byKind[SECRET_KINDS.password]).toEqual({ count: 4, lines: [1, 2], linesTruncated: true });
    });

    it('counts IP addresses only when redactIps is on', () => {
      // Prepare
      const withIps = new SecurityScanner({ redactIps: true });
      const without = new SecurityScanner();
      // Act
      withIps.add(1, 'connect 10.0.0.1:8080');
      without.add(1, 'connect 10.0.0.1:8080');
      // Assess
      expect(withIps.summary().total).toBe(1);
      expect(without.summary()).toEqual({ total: 0, byKind: {} });
    });

    it('rejects a negative maxLinesPerKind', () => {
      // Act
      const create = (): SecurityScanner => new SecurityScanner({ maxLinesPerKind: -1 });
      // Assess
      expect(create).toThrow(/maxLinesPerKind/);
    });
  });
});

describe('Function: mergeSecuritySummaries', () => {
  it('adds counts and unites, sorts and caps line numbers', () => {
    // Prepare
    const first = new SecurityScanner();
    first.add(7, 'password=a1');
    first.add(9, 'bob@example.com');
    const second = new SecurityScanner();
    second.add(3, 'password=b2');
    second.add(7, 'pwd=c3');
    second.add(8, 'password=d4');
    // Act
    const merged = mergeSecuritySummaries([first.summary(), second.summary()], { maxLinesPerKind: 2 });
    // Assess
    expect(merged).toEqual({
      total: 5,
      byKind: {
        [SECRET_KINDS.password]: { count: 4, lines: [3, 7], linesTruncated: true },
        [SECRET_KINDS.email]: { count: 1, lines: [9], linesTruncated: false },
      },
    });
  });
});
