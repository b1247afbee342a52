/** Escaping for the HTML reports: text and attributes, JSON inside a script element, and URL paths. */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @example escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Serialises a value as JSON that can sit inside `<script type="application/json">` unchanged: `<`, `>` and `&`
 * become `\u003c`, `\u003e` and `\u0026`, so no `</script` or `<!--` in the data can end or bend the element, and
 * U+2028 and U+2029 are escaped too, so the text also stays valid if someone pastes it into JavaScript.
 * `JSON.parse` of the element's text gives the value back.
 * @example embedJson({ log: '</script><script>alert(1)</script>' })
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Makes a script's source safe to inline in `<script>`: a `</script` inside it (in a string or a comment) would
 * end the element early, so its slash is escaped, which means the same in a JavaScript string and a regex.
 */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * Turns a relative path with `/` separators into a relative URL: each segment is percent-encoded, so `a:b.log`
 * does not read as a URL scheme and `#` or `?` stay part of the name.
 * @example relativeHref('api/app#1.log.dashboard.html') // 'api/app%231.log.dashboard.html'
 */
export function relativeHref(path: string): string {
  return path.split('/').map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment))).join('/');
}
