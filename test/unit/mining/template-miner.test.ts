import { describe, expect, it } from 'vitest';
import { extractParams, TemplateMiner } from '../../../shared/mining/template-miner.ts';
import { templateId } from '../../../shared/mining/template-id.ts';

/** A small realistic log's messages, with repeats and variables. */
function messages(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 7) {
      case 0: out.push(`Received block blk_${1000 + i} of size ${64 * i} from /10.0.${i % 250}.${i % 7}:50010`); break;
      case 1: out.push(`PacketResponder ${i % 3} for block blk_-${9000 + i} terminating`); break;
      case 2: out.push(`session opened for user ${['root', 'cyrus', 'news', 'test', 'guest'][i % 5]} by (uid=${i % 2})`); break;
      case 3: out.push(`Verification succeeded for blk_${i}`); break;
      case 4: out.push(`Ending TrustedInstaller ${i % 2 ? 'initialization' : 'finalization'}.`); break;
      case 5: out.push(`Connection to db-${i % 4}.internal timed out after ${i}ms`); break;
      default: out.push(`GET /api/orders/${i} 200 ${i % 90}ms`);
    }
  }
  return out;
}

function templatesOf(miner: TemplateMiner): string[] {
  return miner.build().templates.map((t) => `${t.id} ${t.count} ${t.text}`);
}

describe('Class: TemplateMiner', () => {
  describe('Method: merge', () => {
    it.each([2, 3, 7])('merges templates mined on %i separate chunks into the set mined on the whole', (chunks) => {
      // Prepare
      const all = messages(700);
      const whole = new TemplateMiner();
      all.forEach((m) => whole.add(m));
      const size = Math.ceil(all.length / chunks);
      const parts = Array.from({ length: chunks }, (_, c) => {
        const part = new TemplateMiner();
        all.slice(c * size, (c + 1) * size).forEach((m) => part.add(m));
        // The snapshot goes through JSON, as it does between Lambdas.
        return JSON.parse(JSON.stringify(part.snapshot()));
      });
      // Act
      const merged = new TemplateMiner();
      parts.reverse().forEach((s) => merged.merge(s));
      // Assess
      expect(templatesOf(merged)).toEqual(templatesOf(whole));
    });
  });

  describe('Method: build', () => {
    it('yields the same templates and ids whatever the order of the messages', () => {
      // Prepare
      const all = messages(300);
      const forward = new TemplateMiner();
      const backward = new TemplateMiner();
      all.forEach((m) => forward.add(m));
      [...all].reverse().forEach((m) => backward.add(m));
      // Act, Assess
      expect(templatesOf(backward)).toEqual(templatesOf(forward));
    });

    it('finds the templates of a mixed log, most frequent first, with counts', () => {
      // Prepare
      const miner = new TemplateMiner();
      messages(70).forEach((m) => miner.add(m));
      // Act
      const { templates } = miner.build();
      // Assess
      expect(templates.map((t) => [t.text, t.count])).toEqual([
        ['Connection to db-<*>.internal timed out after <*>', 10],
        ['GET <*> <*> <*>', 10],
        ['PacketResponder <*> for block <*> terminating', 10],
        ['Received block <*> of size <*> from <*>', 10],
        ['Verification succeeded for <*>', 10],
        ['session opened for user <*> by (uid=<*>)', 10],
        ['Ending TrustedInstaller finalization.', 5],
        ['Ending TrustedInstaller initialization.', 5],
      ]);
      expect(templates.every((t) => t.id === templateId(t.text))).toBe(true);
    });
  });

  describe('Method: match', () => {
    it('returns the template and the parameters of a message', () => {
      // Prepare
      const miner = new TemplateMiner();
      messages(70).forEach((m) => miner.add(m));
      const set = miner.build();
      // Act
      const match = set.match('Received block blk_77 of size 4928 from /10.0.77.0:50010');
      // Assess
      expect(match?.template.text).toBe('Received block <*> of size <*> from <*>');
      expect(match?.params).toEqual(['blk_77', '4928', '/10.0.77.0:50010']);
    });
  });
});

describe('Function: extractParams', () => {
  it('reads variables inside tokens', () => {
    expect(extractParams(['HWID=<*>)', '<*>@<*>/<*>'], ['HWID=1973)', '7@2016/9'])).toEqual(['1973', '7', '2016', '9']);
  });
});

describe('Function: templateId', () => {
  it('is a stable 16-hex-digit hash of the template text', () => {
    // The value is fixed so that a change of hash, which would orphan stored anomalies, fails here.
    expect(templateId('PacketResponder <*> for block <*> terminating')).toMatch(/^[0-9a-f]{16}$/);
    expect(templateId('a <*>')).toBe(templateId('a <*>'));
    expect(templateId('a <*>')).not.toBe(templateId('b <*>'));
  });
});

describe('Class: TemplateMiner, past maxDistinctMessages', () => {
  /** Messages whose variables masking cannot see, so every one is distinct until compaction. */
  function wordy(count: number): string[] {
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
    const cities = ['paris', 'oslo', 'lima', 'quito', 'accra', 'hanoi', 'perth', 'turin'];
    return Array.from({ length: count }, (_, i) =>
      i % 2 ? `user ${users[i % 10]}${Math.floor(i / 10)} logged in from ${cities[i % 8]}` : `cache miss for key k${i}-${users[i % 10]}`,
    );
  }

  it('keeps the distinct messages bounded by compacting them into templates', () => {
    // Prepare
    const miner = new TemplateMiner({ maxDistinctMessages: 200 });
    // Act
    wordy(5000).forEach((m) => miner.add(m));
    // Assess
    expect(miner.distinctMessages).toBeLessThanOrEqual(200);
  });

  it('gives every message a template learned from the input after compacting', () => {
    // Prepare
    const messages = wordy(3000);
    const miner = new TemplateMiner({ maxDistinctMessages: 100 });
    messages.forEach((m) => miner.add(m));
    // Act
    const set = miner.build();
    // Assess
    const unmatched = messages.filter((m) => set.match(m).template.count === 0);
    expect(unmatched).toEqual([]);
  });

  it('applies the cap to merged snapshots too', () => {
    // Prepare
    const parts = [0, 1, 2, 3].map((c) => {
      const part = new TemplateMiner();
      wordy(400).forEach((m) => part.add(`${m} part${c}x`));
      return part.snapshot();
    });
    const merged = new TemplateMiner({ maxDistinctMessages: 300 });
    // Act
    parts.forEach((p) => merged.merge(p));
    // Assess
    expect(merged.distinctMessages).toBeLessThanOrEqual(300);
  });

  it('gives a message unlike any template its own masked text, with a count of 0', () => {
    // Prepare
    const miner = new TemplateMiner();
    miner.add('disk full on /dev/sda1');
    // Act
    const match = miner.build().match('kernel panic at 0xdeadbeef now');
    // Assess
    expect(match).toEqual({ template: { id: templateId('kernel panic at <*> now'), text: 'kernel panic at <*> now', count: 0 }, params: ['0xdeadbeef'] });
  });
});

describe('Class: TemplateMiner, with variables made of plain words', () => {
  it('folds thousands of word-only variants into one template instead of one cluster each', () => {
    // Prepare: user names and cities that masking cannot see; each message is distinct.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const name = (i: number): string => Array.from({ length: 5 }, (_, k) => letters[(i * 7 + k * 11 + Math.floor(i / (k + 1))) % 26]).join('');
    const cities = ['paris', 'oslo', 'lima', 'quito', 'accra', 'hanoi', 'perth', 'turin'];
    const miner = new TemplateMiner();
    const messages = Array.from({ length: 5000 }, (_, i) => `user ${name(i)} logged in from ${cities[i % 8]}`);
    messages.forEach((m) => miner.add(m));
    // Act
    const set = miner.build();
    // Assess
    expect(set.templates.map((t) => t.text)).toEqual(['user <*> logged in from <*>']);
    expect(set.match(messages[1234]!).params).toEqual([name(1234), cities[1234 % 8]]);
  });
});

describe('Class: TemplateMiner, counting', () => {
  it('keeps the count of every distinct message, in the order first seen, as its table grows', () => {
    // Prepare: thousands of distinct masked messages (words masking leaves alone), each seen i % 3 + 1 times
    const miner = new TemplateMiner({ maxDistinctMessages: 1_000_000 });
    const words = Array.from({ length: 5_000 }, (_, i) => `user${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) | 0) % 26)}${String.fromCharCode(97 + ((i / 676) | 0))}`);
    // Act
    words.forEach((word, i) => {
      for (let k = 0; k <= i % 3; k++) miner.add(`login by ${word}`);
    });
    // Assess
    expect(miner.distinctMessages).toBe(5_000);
    expect(miner.snapshot().messages).toEqual(words.map((word, i) => [`login by ${word}`, (i % 3) + 1]));
  });
});
