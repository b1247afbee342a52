import { describe, expect, it } from 'vitest';
import { redactSecrets, scanSecrets, SECRET_KINDS, secretPlaceholder } from '../../../shared/security/index.ts';
import type { SecretKind } from '../../../shared/security/index.ts';

// Vendor-shaped tokens are assembled from pieces, so no secret scanner flags this file; all are synthetic.
const join = (...parts: string[]): string => parts.join('');
const GITHUB = join('ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8');
const GITHUB_PAT = join('github', '_pat_', '11ABCDEFG0123456789abc', '_', 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBaZyXwVuTsRqPoNmLkJiHgFeDc');
const SLACK = join('xo', 'xb-', '12345678901-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx');
const STRIPE = join('sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc');
const STRIPE_RESTRICTED = join('rk', '_live_', '51H2xYzAbCdEfGhIjKlMnOp');
const STRIPE_TEST = join('sk', '_test_', '26PHem9AhJZvU623DfE1x4sd');
const GOOGLE = join('AI', 'za', 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY');
const OPENAI = join('sk', '-proj-', 'Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12');
// AWS's own documentation examples.
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
// {"alg":"HS256","typ":"JWT"}.{"sub":"1234567890","name":"John Doe","iat":1516239022}.<signature>: jwt.io's example.
const JWT = join('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ', '.', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c');
const BASIC = Buffer.from('deploy:Tr0ub4dor&3').toString('base64');
const HEX40 = '3f786850e387550fdab836ed7e6dc881de23001b';

type Row = [line: string, redacted: string];

/** Golden rows per kind: each line, redacted. */
const POSITIVE: Record<SecretKind, Row[]> = {
  [SECRET_KINDS.awsAccessKey]: [
    [`aws_access_key_id=${AWS_KEY}`, 'aws_access_key_id=<AWS_ACCESS_KEY>'],
    [`${AWS_KEY} used by role deploy`, '<AWS_ACCESS_KEY> used by role deploy'],
    [`{"AccessKeyId":"${AWS_KEY.replace('AKIA', 'ASIA')}","Expiration":"soon"}`, '{"AccessKeyId":"<AWS_ACCESS_KEY>","Expiration":"soon"}'],
    [`X-Amz-Credential=${AWS_KEY}%2F20240501%2Fus-east-1`, 'X-Amz-Credential=<AWS_ACCESS_KEY>'],
  ],
  [SECRET_KINDS.awsSecretKey]: [
    [`aws_secret_access_key = ${AWS_SECRET}`, 'aws_secret_access_key = <AWS_SECRET_KEY>'],
    [`{"SecretAccessKey":"${AWS_SECRET}"}`, '{"SecretAccessKey":"<AWS_SECRET_KEY>"}'],
    [`AWS_SECRET_ACCESS_KEY=${AWS_SECRET} HOME=/root`, 'AWS_SECRET_ACCESS_KEY=<AWS_SECRET_KEY> HOME=/root'],
    [`config {secretAccessKey: '${AWS_SECRET}'}`, "config {secretAccessKey: '<AWS_SECRET_KEY>'}"],
  ],
  [SECRET_KINDS.jwt]: [
    [`session ${JWT} accepted`, 'session <JWT> accepted'],
    [`token=${JWT}`, 'token=<JWT>'],
    [`{"id_token":"${JWT}","user":"bob"}`, '{"id_token":"<JWT>","user":"bob"}'],
    [`Authorization: Bearer ${JWT}`, 'Authorization: Bearer <JWT>'],
  ],
  [SECRET_KINDS.bearerToken]: [
    ['Authorization: Bearer abcDEF123456789xyz', 'Authorization: Bearer <BEARER_TOKEN>'],
    ['curl -H "Authorization: Bearer 9f8e7d6c5b4a3210" https://api.example.com', 'curl -H "Authorization: Bearer <BEARER_TOKEN>" https://api.example.com'],
    ['{"headers":{"authorization":"Bearer tok_AbC123dEf456"}}', '{"headers":{"authorization":"Bearer <BEARER_TOKEN>"}}'],
    ['auth="Bearer Zm9vYmFyYmF6.qux-123" upstream=x', 'auth="Bearer <BEARER_TOKEN>" upstream=x'],
  ],
  [SECRET_KINDS.basicAuth]: [
    [`Authorization: Basic ${BASIC}`, 'Authorization: Basic <BASIC_AUTH>'],
    [`{"Authorization":"Basic ${BASIC}"}`, '{"Authorization":"Basic <BASIC_AUTH>"}'],
    [`proxy rejected Basic ${BASIC} with 407`, 'proxy rejected Basic <BASIC_AUTH> with 407'],
  ],
  [SECRET_KINDS.password]: [
    ['login ok password=hunter2 user=bob', 'login ok password=<PASSWORD> user=bob'],
    ['password=hunter2', 'password=<PASSWORD>'],
    ['passwd: s3cr3t!', 'passwd: <PASSWORD>'],
    ['pwd=abc123&next=/home', 'pwd=<PASSWORD>&next=/home'],
    ['{"user":"bob","password":"p@ss w0rd"}', '{"user":"bob","password":"<PASSWORD>"}'],
    ['{"password":"a\\"b","x":1}', '{"password":"<PASSWORD>","x":1}'],
    ['{"msg":"body {\\"password\\":\\"s3cr3t!\\",\\"x\\":1}"}', '{"msg":"body {\\"password\\":\\"<PASSWORD>\\",\\"x\\":1}"}'],
    ["settings {'password': 'c0rrect horse'}", "settings {'password': '<PASSWORD>'}"],
    ['User{name=bob, dbPass=abc123, roles=[admin]}', 'User{name=bob, dbPass=<PASSWORD>, roles=[admin]}'],
    ['DB_PASSWORD=Zx81!q', 'DB_PASSWORD=<PASSWORD>'],
    ['mysql -u root --password s3cr3t orders', 'mysql -u root --password <PASSWORD> orders'],
    ['<auth><password>s3cr3t</password></auth>', '<auth><password><PASSWORD></password></auth>'],
    ['GET https://deploy:s3cr3t@git.example.com/repo.git', 'GET https://deploy:<PASSWORD>@git.example.com/repo.git'],
    ['redis://:s3cr3t@cache:6379/0', 'redis://:<PASSWORD>@cache:6379/0'],
    ['jdbc:postgresql://app:p@ss@db:5432/orders', 'jdbc:postgresql://app:<PASSWORD>@db:5432/orders'],
    ['{"url":"https:\\/\\/app:s3cr3t@db.example.com\\/x"}', '{"url":"https:\\/\\/app:<PASSWORD>@db.example.com\\/x"}'],
  ],
  [SECRET_KINDS.secret]: [
    ['client_secret=Q2xpZW50U2VjcmV0MTIz grant=x', 'client_secret=<SECRET> grant=x'],
    ['{"access_token":"ya29.AbC123dEf456"}', '{"access_token":"<SECRET>"}'],
    ['X-Auth-Token: 7b3e1c9a2d4f', 'X-Auth-Token: <SECRET>'],
    ['webhook secret: whsec_AbC123', 'webhook secret: <SECRET>'],
    ['Authorization: Token 9944b09199c62bcf9418ad846dd0e4bb', 'Authorization: Token <SECRET>'],
    ['?grant_type=refresh_token&refresh_token=AbC123dEf456&client_id=web', '?grant_type=refresh_token&refresh_token=<SECRET>&client_id=web'],
  ],
  [SECRET_KINDS.privateKey]: [
    ['key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nAbCd==\n-----END RSA PRIVATE KEY-----\nnext line', 'key:\n<PRIVATE_KEY>\nnext line'],
    ['{"private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADAN\\n-----END PRIVATE KEY-----\\n","x":1}', '{"private_key":"<PRIVATE_KEY>","x":1}'],
    ['ssh: parsing -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjE', 'ssh: parsing <PRIVATE_KEY>'],
    ['{"k":"-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEE","level":"warn"}', '{"k":"<PRIVATE_KEY>","level":"warn"}'],
  ],
  [SECRET_KINDS.apiKey]: [
    [`git clone with ${GITHUB} done`, 'git clone with <API_KEY> done'],
    [`GH_PAT=${GITHUB_PAT}`, 'GH_PAT=<API_KEY>'],
    [`SLACK_BOT_TOKEN=${SLACK} channel=#ops`, 'SLACK_BOT_TOKEN=<API_KEY> channel=#ops'],
    [`Stripe.api_key = '${STRIPE}'`, "Stripe.api_key = '<API_KEY>'"],
    [`charge via ${STRIPE_RESTRICTED} and ${STRIPE_TEST}`, 'charge via <API_KEY> and <API_KEY>'],
    [`geocode?address=x&key=${GOOGLE} 200`, 'geocode?address=x&key=<API_KEY> 200'],
    [`using ${OPENAI} for completions`, 'using <API_KEY> for completions'],
    [`license_key=${HEX40} seats=5`, 'license_key=<API_KEY> seats=5'],
    [`X-Api-Key: 1234`, 'X-Api-Key: <API_KEY>'],
    [`{"signing_key":"${HEX40}${HEX40}"}`, '{"signing_key":"<API_KEY>"}'],
  ],
  [SECRET_KINDS.email]: [
    ['Sent digest to alice.smith+news@example.co.uk', 'Sent digest to <EMAIL>'],
    ['bob@example.com logged in', '<EMAIL> logged in'],
    ['{"email":"carol_1@corp.example.net"}', '{"email":"<EMAIL>"}'],
    ['link mailto:dave@example.org?subject=Hi', 'link mailto:<EMAIL>?subject=Hi'],
    ['From: Support <help@example.com>', 'From: Support <<EMAIL>>'],
  ],
  [SECRET_KINDS.ipAddress]: [],
};

describe('Function: redactSecrets', () => {
  for (const [kind, rows] of Object.entries(POSITIVE) as [SecretKind, Row[]][]) {
    if (rows.length === 0) continue;
    describe(`Kind: ${kind}`, () => {
      it.each(rows)('redacts %j', (line, redacted) => {
        // Act
        const result = redactSecrets(line);
        // Assess
        expect(result.text).toBe(redacted);
        expect(result.findings.map((f) => f.kind)).toContain(kind);
      });
    });
  }

  it.each([
    ['sudo:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl status nginx'],
    ['password reset email sent for user 42'],
    ['Password changed successfully for user 42'],
    ['llm usage: token count=5 prompt_tokens=512 max_tokens=1024 tokens=7'],
    ['Tokenizer loaded in 12ms'],
    ['Cache miss for key order:707351, loading from database'],
    ['keyspace=orders keywords="wireless mouse" primary key violation'],
    [`commit ${HEX40}`],
    ['Merge: 3f78685 0e38755'],
    ['request 123e4567-e89b-12d3-a456-426614174000 done'],
    ['x-request-id: 9f86d081884c7d659a2feaa0c55ad015'],
    ['payloadId=dGhpcyBpcyBhIHRlc3QgcGF5bG9hZA== partition=3'],
    ['image orders@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['passed=12 failed=0 bypass=cache compass=north'],
    ['Bearer authentication failed; Basic auth disabled'],
    ['Login failed: password: incorrect for user bob'],
    ['Refreshing token: expired, retrying'],
    ['authorization: denied for user bob'],
    ['password=******** api_key=<redacted> token=null secret=${APP_SECRET}'],
    ['BEGIN TRANSACTION; Migrating ASIA-PACIFIC'],
    ['task-12345678901234567890 and disk-usage=83%'],
    ['Object com.acme.OrderService@6d86786a registered'],
    ['"password_reset_sent": true, "tokenCount": 5'],
    ['AKIA1234 is too short; sk-learn-is-a-package'],
    ['connect 10.0.0.1:8080 at 12:30:45'],
  ])('leaves %j unchanged', (line) => {
    // Act
    const result = redactSecrets(line);
    // Assess
    expect(result.findings).toEqual([]);
    expect(result.text).toBe(line);
  });

  it('redacts two secrets on one line and keeps the rest intact', () => {
    // Prepare
    const line = `2024-05-01T12:00:00Z INFO register email=erin@example.com password=Zx81!q ok took=12ms`;
    // Act
    const result = redactSecrets(line);
    // Assess
    expect(result.text).toBe('2024-05-01T12:00:00Z INFO register email=<EMAIL> password=<PASSWORD> ok took=12ms');
    expect(result.findings.map((f) => f.kind)).toEqual([SECRET_KINDS.email, SECRET_KINDS.password]);
  });

  it('redacts secrets at the very start and the very end of a line', () => {
    // Prepare
    const line = `${AWS_KEY} rotated, new owner erin@example.com`;
    // Act
    const result = redactSecrets(line);
    // Assess
    expect(result.text).toBe('<AWS_ACCESS_KEY> rotated, new owner <EMAIL>');
  });

  it('changes nothing in text it has already redacted', () => {
    // Prepare
    const line = `password=hunter2 url=https://app:s3cr3t@db/x Authorization: Bearer abcDEF123456789xyz ${JWT} bob@example.com`;
    const once = redactSecrets(line).text;
    // Act
    const twice = redactSecrets(once);
    // Assess
    expect(twice.text).toBe(once);
    expect(twice.findings).toEqual([]);
  });

  it('finds a password inside a long value of another key', () => {
    // Prepare
    const line = `{"key":"${'word '.repeat(80)}retry with password=hunter2 now"}`;
    // Act
    const result = redactSecrets(line);
    // Assess
    expect(result.text).toBe(`{"key":"${'word '.repeat(80)}retry with password=<PASSWORD> now"}`);
  });

  it.each([
    ['password='.repeat(20_000)],
    ['Authorization: '.repeat(10_000)],
    ['key='.repeat(30_000)],
    ['a@'.repeat(50_000)],
    [`"password":"${'password:'.repeat(20_000)}"`],
  ])('scans a long adversarial line in linear time (%#)', (line) => {
    // Act
    const started = performance.now();
    scanSecrets(line, { redactIps: true });
    const ms = performance.now() - started;
    // Assess: linear work takes milliseconds; a quadratic scan of these lines takes seconds.
    expect(ms).toBeLessThan(1000);
  });

  it('returns the same string when nothing is found', () => {
    // Prepare
    const line = 'GET /api/v1/orders 200 12ms';
    // Act
    const result = redactSecrets(line);
    // Assess
    expect(result.text).toBe(line);
    expect(result.findings).toEqual([]);
  });

  it('leaves e-mail addresses when redactEmails is off', () => {
    // Act
    const result = redactSecrets('sent to bob@example.com with password=x1', { redactEmails: false });
    // Assess
    expect(result.text).toBe('sent to bob@example.com with password=<PASSWORD>');
  });

  it.each([
    ['connect 10.0.0.1:8080 ok', 'connect <IP_ADDRESS>:8080 ok'],
    ['peer [fe80::1ff:fe23:4567:890a]:443', 'peer [<IP_ADDRESS>]:443'],
    ['loopback ::1 and ::ffff:192.168.0.1', 'loopback <IP_ADDRESS> and <IP_ADDRESS>'],
    ['at 12:30:45 version 1.2.3 mac aa:bb:cc:dd:ee:ff std::vector', 'at 12:30:45 version 1.2.3 mac aa:bb:cc:dd:ee:ff std::vector'],
  ])('redacts IP addresses in %j only when redactIps is on', (line, redacted) => {
    // Act
    const withIps = redactSecrets(line, { redactIps: true });
    const without = redactSecrets(line);
    // Assess
    expect(withIps.text).toBe(redacted);
    expect(without.text).toBe(line);
  });
});

describe('Function: scanSecrets', () => {
  it.each([
    ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj'],
    ['  4ZSGipJw1Jt/J75iJu+SA==  '],
    ['ZHM6JooNoNG=='],
  ])('takes a line that is only base64 (%j) for a private key body seen without its BEGIN line', (line) => {
    const [finding] = scanSecrets(line);
    expect(finding?.kind).toBe(SECRET_KINDS.privateKey);
    expect(line.slice(finding!.start, finding!.end)).toBe(line.trim());
  });

  it.each([['deploymentcompletedsuccessfullyforallregionsinthepipeline'], ['0123456789abcdef0123456789abcdef01234567'], ['Hello==']])(
    'leaves a base64-looking line without mixed case and digits (%j)',
    (line) => {
      expect(scanSecrets(line)).toEqual([]);
    },
  );

  it('reports the offsets of the secret values, not of their keys', () => {
    // Prepare
    const line = 'login ok password=hunter2 user=bob';
    // Act
    const findings = scanSecrets(line);
    // Assess
    expect(findings).toEqual([{ kind: SECRET_KINDS.password, start: 18, end: 25 }]);
    expect(line.slice(18, 25)).toBe('hunter2');
  });

  it('merges overlapping candidates into one finding of the most specific kind', () => {
    // Prepare: the value of token= is also a JWT, and the URL password is also the start of user@host.
    const line = `token=${JWT} https://x-access-token:${GITHUB}@github.com/acme/orders.git`;
    // Act
    const findings = scanSecrets(line);
    // Assess
    expect(findings.map((f) => f.kind)).toEqual([SECRET_KINDS.jwt, SECRET_KINDS.apiKey]);
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
  });

  it('returns findings sorted by start and disjoint', () => {
    // Prepare
    const line = `a@example.com ${AWS_KEY} password=x1 b@example.com pwd=y2`;
    // Act
    const findings = scanSecrets(line);
    // Assess
    expect(findings).toHaveLength(5);
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
  });
});

describe('Function: secretPlaceholder', () => {
  it('names the kind in angle brackets', () => {
    // Act
    const placeholders = Object.values(SECRET_KINDS).map(secretPlaceholder);
    // Assess
    expect(placeholders).toContain('<AWS_ACCESS_KEY>');
    expect(placeholders).toContain('<JWT>');
    expect(placeholders).toContain('<PASSWORD>');
    expect(placeholders).toContain('<EMAIL>');
  });
});
