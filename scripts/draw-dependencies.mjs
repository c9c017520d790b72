// Redraws docs/dependencies.md: the module dependency diagram (mermaid), generated from the code by
// dependency-cruiser with each module and top-level folder collapsed to one node.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const r = spawnSync(
  'node_modules/.bin/depcruise',
  [
    'src',
    '--config',
    '.dependency-cruiser.cjs',
    '--include-only',
    '^src',
    '--exclude',
    '\\.test\\.tsx?$|^src/testing',
    '--output-type',
    'mermaid',
    '--collapse',
    '^src/(modules/[^/]+|[^/]+)',
  ],
  { encoding: 'utf8' },
);
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(1);
}
writeFileSync(
  'docs/dependencies.md',
  `# Module dependencies\n\nGenerated from the code by \`node scripts/draw-dependencies.mjs\` (dependency-cruiser): an arrow is an import,\nwith each module and top-level folder collapsed to one box. Modules import one another only through their\n\`index.ts\` surface; \`npm test\` fails on a cycle or on an import past a surface (\`.dependency-cruiser.cjs\`).\n\n\`\`\`mermaid\n${r.stdout.trim()}\n\`\`\`\n`,
);
console.log('docs/dependencies.md redrawn');
