/** Types of the HTML reports: one dashboard per analysed file, and an index page when a directory was analysed. */
import type { FileSummary, TemplateSummary } from '../analysis/index.ts';
import type { AnomalyRecord } from '../detection/index.ts';

/** What one file's dashboard shows: the three outputs of `analyze` for that file. */
export interface DashboardInput {
  /** The file's `<name>.summary.json`. */
  readonly summary: FileSummary;
  /** The file's `<name>.anomalies.json`, most certain first. */
  readonly anomalies: readonly AnomalyRecord[];
  /** The file's `<name>.templates.json`, most frequent first. */
  readonly templates: readonly TemplateSummary[];
  /** When the report was made, ISO 8601 (shown in the header). */
  readonly generatedAt: string;
}

/** One analysed file on the index page. */
export interface IndexRow {
  /** The file's name as shown, usually its path relative to the analysed directory. */
  readonly name: string;
  /**
   * Path of the file's dashboard relative to the index page, with `/` between folders. Each segment is URL-encoded
   * when the link is written, so a file name with `:`, `#` or `?` still links to itself.
   */
  readonly dashboardPath: string;
  /** The file's summary, for the headline figures. */
  readonly summary: FileSummary;
}

/** Options of the index page. */
export interface IndexOptions {
  /**
   * The input that was analysed, shown as the page's title.
   * @default "LogAnomaly"
   */
  readonly title?: string;
  /**
   * When the page was made, ISO 8601.
   * @default - not shown
   */
  readonly generatedAt?: string;
}
