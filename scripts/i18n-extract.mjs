// Extracts every translatable English source string from src/ and compares it with the sv_SE catalogs.
//   node scripts/i18n-extract.mjs           report missing and unused keys per catalog (exit 1 when any)
//   node scripts/i18n-extract.mjs --write   add missing keys (empty: still missing) and drop unused ones
// A string is translatable when it is the first argument of t()/rc.t() or of a refusal helper (refused, invalid,
// refuse, validationFailed, conflict, notFound, forbidden), a literal `label`, `comment`, `title`, `single`, `done`, `message`,
// `submit`, `qty` or `header` property or default (manifests and view tables translate those at render time), or a constant named in a t() argument (t(A ? B : C)).
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TARGET_LOCALES = ['sv_SE'];

const STRING = String.raw`'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|\x60((?:[^\x60\\$]|\\.|\$(?!\{))*)\x60`;
const CALL = new RegExp(String.raw`(?<![\w$])(?:t|refused|invalid|refuse|validationFailed|conflict|notFound|forbidden)\(\s*(?:${STRING})`, 'g');
const PROP = new RegExp(String.raw`(?<![\w$])(?:label|comment|title|single|done|message|submit|qty|header)\s*[:=]\s*(?:${STRING})`, 'g');
// A setting's default text (it has a space: codes and numbers do not) is shown translated until a merchant changes it.
const DEFAULT_TEXT = new RegExp(String.raw`(?<![\w$])default:\s*(?:${STRING})`, 'g');
// An action-log action name ("Save", "Request Session"): the report shows it translated.
const ACTION_NAME = /(?<![\w$])action:\s*'([A-Z][A-Za-z -]*)'/g;
const T_ARGS = /(?<![\w$])t\(([^()'"`]*)\)/g;
const CONSTANT = /(?<![\w$.])[A-Z][A-Z0-9_]{2,}(?![\w$])/g;
const constDef = (name) => new RegExp(String.raw`(?<![\w$])${name}\s*=\s*(?:${STRING})`, 'g');
// A constant table of labels (STATE_LABELS = { pending: 'Pending', … }, or `as const`): its values are the strings.
const tableDef = (name) => new RegExp(String.raw`(?<![\w$])${name}\b[^=\n]*=\s*\{([\s\S]*?)\n\}(?: as const)?;`, 'g');
// Paths, ids and codes in such a table are not text: text has a capital letter or a space.
const isText = (s) => !s.startsWith('/') && /[A-Z ]/.test(s) && !/^[\w.]+\.[\w.]+$/.test(s);
const TABLE_VALUE = new RegExp(String.raw`:\s*(?:${STRING})`, 'g');

const unescaped = (s) => s.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
const literalOf = (m, from) => unescaped(m[from] ?? m[from + 1] ?? m[from + 2] ?? '');

/** Which catalog folder a source file's strings belong to: its module, the shared UI, or the shared HTTP one. */
export function catalogDirOf(file) {
  const rel = relative(join(ROOT, 'src'), file).split(sep);
  if (rel[0] === 'modules' && rel.length > 2) return join('src', 'modules', rel[1], 'i18n');
  if (rel[0] === 'ui') return join('src', 'ui', 'i18n');
  return join('src', 'http', 'i18n');
}

function sourceFiles(dir = join(ROOT, 'src'), out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'testing' && e.name !== 'i18n') sourceFiles(p, out);
    } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Catalog folder → set of English keys used by the code that belongs to it. */
export function extract() {
  const files = sourceFiles();
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const constants = new Set();
  for (const text of texts.values()) for (const m of text.matchAll(T_ARGS)) for (const c of m[1].matchAll(CONSTANT)) constants.add(c[0]);
  const byDir = new Map();
  const add = (file, key) => {
    if (!key.trim() || !/[A-Za-z]/.test(key)) return;
    const dir = catalogDirOf(file);
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir).add(key);
  };
  for (const [file, text] of texts) {
    for (const m of text.matchAll(CALL)) add(file, literalOf(m, 1));
    for (const m of text.matchAll(PROP)) add(file, literalOf(m, 1));
    for (const m of text.matchAll(ACTION_NAME)) add(file, m[1]);
    for (const m of text.matchAll(DEFAULT_TEXT)) if (literalOf(m, 1).includes(' ')) add(file, literalOf(m, 1));
    for (const name of constants) {
      for (const m of text.matchAll(constDef(name))) add(file, literalOf(m, 1));
      for (const m of text.matchAll(tableDef(name))) for (const v of m[1].matchAll(TABLE_VALUE)) if (isText(literalOf(v, 1))) add(file, literalOf(v, 1));
    }
  }
  return byDir;
}

export function readCatalog(dir, locale) {
  const file = join(ROOT, dir, `${locale}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/** Per catalog folder and locale: keys the code uses that the catalog lacks (or leaves empty), and keys no code uses. */
export function compare(byDir = extract()) {
  const report = [];
  for (const [dir, keys] of [...byDir].sort()) {
    for (const locale of TARGET_LOCALES) {
      const catalog = readCatalog(dir, locale);
      const missing = [...keys].filter((k) => !catalog[k]).sort();
      const unused = Object.keys(catalog).filter((k) => !keys.has(k));
      report.push({ dir, locale, keys: keys.size, missing, unused });
    }
  }
  return report;
}

function write(byDir) {
  for (const [dir, keys] of byDir) {
    for (const locale of TARGET_LOCALES) {
      const catalog = readCatalog(dir, locale);
      const next = {};
      for (const k of [...keys].sort((a, b) => a.localeCompare(b, 'en'))) next[k] = catalog[k] ?? '';
      mkdirSync(join(ROOT, dir), { recursive: true });
      writeFileSync(join(ROOT, dir, `${locale}.json`), `${JSON.stringify(next, null, 2)}\n`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const byDir = extract();
  if (process.argv.includes('--write')) write(byDir);
  let problems = 0;
  let total = 0;
  for (const r of compare(byDir)) {
    total += r.keys;
    problems += r.missing.length + r.unused.length;
    console.log(`${r.dir}/${r.locale}.json: ${r.keys} keys, ${r.missing.length} missing, ${r.unused.length} unused`);
    for (const k of r.missing) console.log(`  missing: ${JSON.stringify(k)}`);
    for (const k of r.unused) console.log(`  unused:  ${JSON.stringify(k)}`);
  }
  const unique = new Set([...byDir.values()].flatMap((s) => [...s])).size;
  console.log(`${total} keys in ${byDir.size} catalogs (${unique} distinct English strings)`);
  process.exit(problems ? 1 : 0);
}
