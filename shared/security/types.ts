/** Types of the secret scanner: what it finds, how it is configured, and the summary it reports. */

/**
 * The kinds of secret the scanner finds. Each value is also the name inside the placeholder that replaces a
 * secret of that kind when text is redacted (`AWS_ACCESS_KEY` → `<AWS_ACCESS_KEY>`).
 */
export const SECRET_KINDS = {
  /** An AWS access key id: `AKIA`, `ASIA`, `ABIA` or `ACCA` and 16 more characters. */
  awsAccessKey: 'AWS_ACCESS_KEY',
  /** An AWS secret access key: 40 base64 characters under a key name such as `aws_secret_access_key`. */
  awsSecretKey: 'AWS_SECRET_KEY',
  /** A JSON Web Token: base64url parts joined by dots, the header starting `eyJ`. */
  jwt: 'JWT',
  /** The credential of a `Bearer` authorization that is not a JWT. */
  bearerToken: 'BEARER_TOKEN',
  /** The base64 `user:password` of a `Basic` authorization. */
  basicAuth: 'BASIC_AUTH',
  /** A password: the value of a `password=`/`passwd:`/`pwd=` pair, or the password of a `scheme://user:pass@host` URL. */
  password: 'PASSWORD',
  /** The value of a `secret=`/`token=`/`client_secret`/`credentials` pair, or of an authorization of another scheme. */
  secret: 'SECRET',
  /** A private key block, from `-----BEGIN … PRIVATE KEY-----` to its END line (or to the end of the text). */
  privateKey: 'PRIVATE_KEY',
  /**
   * A vendor API key (GitHub, Slack, Stripe, Google, OpenAI-style `sk-`), the value of an `api_key=`/`apikey`
   * pair, or 32+ random characters under a key-ish name (`license_key`, `signature`).
   */
  apiKey: 'API_KEY',
  /** An e-mail address. */
  email: 'EMAIL',
  /** An IPv4 or IPv6 address; found only when `redactIps` is on. */
  ipAddress: 'IP_ADDRESS',
} as const;
/** One kind of secret. */
export type SecretKind = (typeof SECRET_KINDS)[keyof typeof SECRET_KINDS];

/** One secret found in a text: its kind and where its value lies. Never carries the secret itself. */
export interface SecretFinding {
  /** What was found. */
  kind: SecretKind;
  /** Offset (UTF-16 code units) of the first character of the secret value in the scanned text. */
  start: number;
  /** Offset just past the last character of the secret value: `text.slice(start, end)` is the secret. */
  end: number;
}

/** What the scanner looks for. Shared by scanning and redaction, so both see the same secrets. */
export interface SecretScanOptions {
  /**
   * Whether IPv4 and IPv6 addresses count as secrets: found by scanning, replaced by `<IP_ADDRESS>` in redaction.
   * @default false
   */
  redactIps?: boolean;
  /**
   * Whether e-mail addresses count as secrets.
   * @default true
   */
  redactEmails?: boolean;
}

/** Text with its secrets replaced, and what was replaced. */
export interface RedactionResult {
  /** The text with each secret value replaced by its placeholder (`<JWT>`); the rest is unchanged. */
  text: string;
  /** The secrets replaced, with offsets into the original text, sorted by start. */
  findings: SecretFinding[];
}

/** How the summary accumulator behaves. */
export interface SecurityScannerOptions extends SecretScanOptions {
  /**
   * How many line numbers to keep per kind; later lines are only counted.
   * @default 100
   */
  maxLinesPerKind?: number;
}

/** The findings of one kind in the summary: counts and line numbers, never secret text. */
export interface SecretKindSummary {
  /** How many secrets of this kind were found. */
  count: number;
  /** The first distinct line numbers holding one, ascending, at most `maxLinesPerKind` of them. */
  lines: number[];
  /** Whether more lines held one than `lines` lists. */
  linesTruncated: boolean;
}

/** The `security` section of the analysis summary. */
export interface SecuritySummary {
  /** Secrets found, all kinds together. */
  total: number;
  /** The findings by kind; a kind that was never found has no entry. */
  byKind: Partial<Record<SecretKind, SecretKindSummary>>;
}
