/** Escaping in the reports, without a browser: HTML text, JSON inside a script element, links. */
import { describe, expect, it } from 'vitest';
import { describeVerdicts, embedJson, escapeHtml, inlineScript, relativeHref, renderDashboard, renderIndex } from '../../shared/report/index.ts';
import { HOSTILE_LINE, hostileAnomaly, sampleDashboardInput } from './sample.ts';

/** The text of the page's data element: from its start tag to the first `</script` after it, as a browser would cut it. */
function dataElementText(html: string): string {
  const start = html.indexOf('<script type="application/json" id="dashboard-data">');
  expect(start).toBeGreaterThan(0);
  const from = start + '<script type="application/json" id="dashboard-data">'.length;
  return html.slice(from, html.toLowerCase().indexOf('</script', from));
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)> & "a" 'b'`)).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;a&quot; &#39;b&#39;');
  });
});

describe('embedJson', () => {
  it('leaves no <, >, &, U+2028 or U+2029 in its text and parses back to the same value', () => {
    // Prepare
    const value = { log: HOSTILE_LINE, nested: ['</SCRIPT >', '<!--'] };
    // Act
    const text = embedJson(value);
    // Assess
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('inlineScript', () => {
  it('escapes a closing script tag inside a script', () => {
    expect(inlineScript('var s = "</script><b>";')).toBe('var s = "<\\/script><b>";');
  });
});

describe('relativeHref', () => {
  it('encodes each segment so a colon, hash or question mark stays part of the name', () => {
    expect(relativeHref('api/a:b#1?.log.dashboard.html')).toBe('api/a%3Ab%231%3F.log.dashboard.html');
    expect(relativeHref('../x y.html')).toBe('../x%20y.html');
  });
});

describe('describeVerdicts', () => {
  it('says "not classified" when no anomaly has a verdict yet', async () => {
    const { anomalies } = await sampleDashboardInput();
    const unclassified = anomalies.map((a) => ({ ...a, classification: 'unclassified', provider: null, model: null }));
    expect(describeVerdicts(unclassified)).toBe('not classified');
    expect(describeVerdicts([])).toBe('no anomalies to classify');
    expect(describeVerdicts(anomalies)).toBe('builtin · rules-v1');
  });
});

describe('renderDashboard', () => {
  it('embeds data that survives </script> and line separators, and shows no hostile markup', async () => {
    // Prepare
    const input = await sampleDashboardInput();
    const hostile = { ...input, summary: { ...input.summary, filename: `logs/${HOSTILE_LINE}.log` }, anomalies: [...input.anomalies, hostileAnomaly(input.anomalies[0]!)] };
    // Act
    const html = renderDashboard(hostile);
    // Assess
    const data = JSON.parse(dataElementText(html)) as typeof hostile;
    expect(data.anomalies.at(-1)!.log).toBe(HOSTILE_LINE);
    expect(data.summary.filename).toBe(hostile.summary.filename);
    expect(data.anomalies).toHaveLength(input.anomalies.length + 1);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is self-contained: no URL to fetch, and a policy that lets nothing load', async () => {
    const html = renderDashboard(await sampleDashboardInput());
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toContain('sourceMappingURL');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Chart.js v');
  });
});

describe('renderIndex', () => {
  it('escapes file names and writes relative, encoded links', async () => {
    const { summary } = await sampleDashboardInput();
    const html = renderIndex([{ name: `<img src=x onerror=alert(1)>.log`, dashboardPath: 'sub/a:b.log.dashboard.html', summary }], { title: 'logs/', generatedAt: '2024-05-02T08:00:00Z' });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('href="sub/a%3Ab.log.dashboard.html"');
    expect(html).not.toContain('<script');
  });
});
