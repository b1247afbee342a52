import { describe, expect, it } from 'vitest';
import { Drain, mergeTokens, tokenMatches } from '../../../shared/mining/drain.ts';
import { maskTokens, tokenize } from '../../../shared/mining/masking.ts';

/** Feeds messages through masking and Drain; returns the template text of each message's cluster. */
function mine(messages: readonly string[], drain = new Drain()): string[] {
  const clusters = messages.map((m) => drain.addLogMessage(maskTokens(tokenize(m))).cluster);
  drain.mergeWordVariants();
  return clusters.map((c) => drain.resolve(c).tokens.join(' '));
}

describe('Class: Drain', () => {
  describe('Method: constructor', () => {
    it('rejects a depth below 3', () => {
      expect(() => new Drain({ depth: 2 })).toThrow(/depth must be at least 3, got 2/);
    });

    it('rejects a similarity threshold outside [0, 1]', () => {
      expect(() => new Drain({ simTh: 1.5 })).toThrow(/simTh/);
    });
  });

  describe('Method: addLogMessage', () => {
    it('reports a created cluster, then a changed template, then no change', () => {
      // Prepare
      const drain = new Drain();
      // Act
      const first = drain.addLogMessage(['Connected', 'to', 'db1']);
      const second = drain.addLogMessage(['Connected', 'to', 'db22']);
      const third = drain.addLogMessage(['Connected', 'to', 'db333']);
      // Assess
      expect([first.change, second.change, third.change]).toEqual(['cluster_created', 'cluster_template_changed', 'none']);
      expect(third.cluster.size).toBe(3);
    });

    it.each([
      {
        name: 'HDFS block messages',
        lines: [
          'PacketResponder 1 for block blk_38865049064139660 terminating',
          'PacketResponder 0 for block blk_-6952295868487656571 terminating',
        ],
        templates: ['PacketResponder <*> for block <*> terminating'],
      },
      {
        name: 'key=value values that vary',
        lines: ['login ok user=alice port=22', 'login ok user=bob port=2222'],
        templates: ['login ok user=<*> port=<*>'],
      },
      {
        name: 'quoted values that vary',
        lines: ["Saved output of task 'attempt_01' to /tmp/a/b", "Saved output of task 'attempt_02' to /tmp/c/d"],
        templates: ["Saved output of task '<*>' to <*>"],
      },
      {
        name: 'events that differ in a plain word',
        lines: ['Ending TrustedInstaller initialization.', 'Ending TrustedInstaller finalization.'],
        templates: ['Ending TrustedInstaller initialization.', 'Ending TrustedInstaller finalization.'],
      },
      {
        name: 'messages of different lengths',
        lines: ['Link error', 'Link error on broadcast tree Interconnect-0T00'],
        templates: ['Link error', 'Link error on broadcast tree Interconnect-0T00'],
      },
    ])('mines $name', ({ lines, templates }) => {
      // Act
      const mined = mine(lines);
      // Assess
      expect([...new Set(mined)]).toEqual(templates);
    });
  });

  describe('Method: mergeWordVariants', () => {
    it('turns a word slot with many values into a variable', () => {
      // Prepare
      const users = ['cyrus', 'news', 'test', 'root'].map((u) => `session opened for user ${u} by (uid=0)`);
      // Act
      const mined = mine(users);
      // Assess
      expect(new Set(mined)).toEqual(new Set(['session opened for user <*> by (uid=<*>)']));
    });

    it('keeps a word slot with few values as separate events', () => {
      // Prepare
      const states = ['FOLLOWING', 'LEADING'].map((s) => `Notification: 1 (n.leader), ${s} (n.state)`);
      // Act
      const mined = mine(states);
      // Assess
      expect(new Set(mined).size).toBe(2);
    });

    it('never makes the first word a variable', () => {
      // Prepare
      const commands = ['boot', 'halt', 'wait', 'risBoot', 'clusterAddMember'].map((c) => `${c} (command 1902)`);
      // Act
      const mined = mine(commands);
      // Assess
      expect(new Set(mined).size).toBe(5);
    });
  });

  describe('Method: match', () => {
    it('finds the cluster of a known message without learning from it', () => {
      // Prepare
      const drain = new Drain();
      drain.addLogMessage(maskTokens(tokenize('Received block blk_1 of size 100 from /10.0.0.1')));
      // Act
      const found = drain.match(maskTokens(tokenize('Received block blk_2 of size 200 from /10.0.0.2')));
      const missing = drain.match(maskTokens(tokenize('Deleting block blk_2 file /data/x/y')));
      // Assess
      expect(found?.tokens.join(' ')).toBe('Received block <*> of size <*> from <*>');
      expect(found?.size).toBe(1);
      expect(missing).toBeUndefined();
    });
  });
});

describe('Function: mergeTokens', () => {
  it.each([
    ['user=root', 'user=bob', 'user=<*>'],
    ["'a'", "'bc'", "'<*>'"],
    ['dn228/dn228', 'dn261/dn261', '<*>'],
    ['alpha', 'beta', '<*>'],
    ['user=<*>', 'user=carol', 'user=<*>'],
    // Windows CBS package names: what differs runs up to a variable, and two variables side by side are one.
    ['Package_for_KB3121255~<*>~amd64~~<*>,', 'Package_for_KB2656356~<*>~amd64~~<*>,', 'Package_for_<*>,'],
  ])('merges %s and %s into %s', (a, b, expected) => {
    expect(mergeTokens(a, b)).toBe(expected);
  });
});

describe('Function: tokenMatches', () => {
  it.each([
    ['<*>', 'anything', true],
    ['user=<*>', 'user=x', true],
    ['user=<*>', 'uid=x', false],
    ['node-<*>', 'node-', true],
    ['exact', 'exact', true],
    ['exact', 'other', false],
  ])('matches pattern %s against %s: %s', (pattern, token, expected) => {
    expect(tokenMatches(pattern, token)).toBe(expected);
  });
});
