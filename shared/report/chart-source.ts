/**
 * The chart library's browser build, inlined into each dashboard so the page needs no network when it is viewed.
 *
 * It is read from node_modules when the first dashboard is rendered and kept for the life of the process. A bundle
 * of code that renders dashboards (a Lambda built with esbuild) must therefore ship `chart.js` as a node module
 * (for NodejsFunction: `bundling.nodeModules: ['chart.js']`), so that `chart.js/dist/chart.umd.min.js` exists
 * beside the bundle at run time.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inlineScript } from './escape.ts';

/** The npm package whose browser build is inlined. */
export const CHART_PACKAGE = 'chart.js';
/** The file of that package that is inlined, relative to the package's `dist/`. */
export const CHART_FILE = 'chart.umd.min.js';

/** An inline script: its source, and the CSP hash that lets exactly that source run. */
export interface InlineScript {
  readonly source: string;
  /** `'sha256-…'`, for the page's Content-Security-Policy. */
  readonly cspHash: string;
}

let cached: InlineScript | undefined;

/**
 * The chart library's minified browser build (Chart.js UMD, which defines `window.Chart`), without its
 * source-map comment so a browser's developer tools do not ask for a file that is not there.
 * @throws Error naming the package when it is not installed.
 */
export function chartLibrary(): InlineScript {
  if (cached) return cached;
  // The package's `exports` map does not list dist/*.js, so resolve its main entry (dist/chart.cjs) and look
  // beside it.
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(CHART_PACKAGE);
  } catch (error) {
    throw new Error(`the dashboard needs the npm package ${CHART_PACKAGE} (its dist/${CHART_FILE}); install it, or ship it as a node module beside the bundle`, { cause: error });
  }
  const source = readFileSync(join(dirname(entry), CHART_FILE), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
  cached = scriptOf(source);
  return cached;
}

/** An inline script for `source` (made safe to inline), with the CSP hash of exactly what is inlined. */
export function scriptOf(source: string): InlineScript {
  const safe = inlineScript(source);
  return { source: safe, cspHash: `'sha256-${createHash('sha256').update(safe, 'utf8').digest('base64')}'` };
}
