#!/usr/bin/env node
// The CLI's source is TypeScript run by Node 22's type stripping. `npx loganomaly` and `npm run` put the Node 22
// from the `node` dev dependency first on PATH; a bare `node` older than that gets a clear message instead.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `loganomaly needs Node.js 22.18 or later (this is ${process.version}).\n` +
      'Run it through npm, which uses the Node 22 installed with the project: npx loganomaly …',
  );
  process.exit(1);
}
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
