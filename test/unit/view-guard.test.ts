/**
 * Guards against the convention creeping back: markup in functions/views is written only in `html`
 * tagged templates (views/html.ts), never built from plain strings, and nothing calls an `esc()`.
 * Reads the sources with the TypeScript parser, so comments and Korean text do not confuse it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { layout } from '../../functions/views/components/layout';
import { html, join, SafeHtml } from '../../functions/views/html';

const ROOT = path.resolve(__dirname, '../..');
const VIEWS = path.join(ROOT, 'functions/views');
/** Everything that serves HTML: the functions' views and the ops console (which uses the same tag). */
const HTML_SOURCES = [VIEWS, path.join(ROOT, 'local/console')];
/** Views that make no HTML: the certificate's words (a PDF) and the export's columns (CSV/XLSX). */
const NOT_HTML = new Set(['certificate-text.ts', 'export-columns.ts', 'time.ts']);
/** The one module that may turn escaped text into markup. */
const TAG_MODULE = 'html.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return sources(file);
    return entry.endsWith('.ts') ? [file] : [];
  });
}

/** A tag's start or end: `<p>`, `</td>`, `<input ` ... (not `<${` nor `a < b`). */
const MARKUP = /<\/?[a-zA-Z][a-zA-Z0-9]*(?:[\s>/]|$)/;

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

function findings(file: string, text = readFileSync(file, 'utf8')): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const name = path.relative(ROOT, file);
  const out: Finding[] = [];
  const report = (node: ts.Node, what: string) =>
    out.push({ file: name, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, what });
  const isHtmlTagged = (node: ts.Node) =>
    ts.isTaggedTemplateExpression(node.parent) && node.parent.tag.getText() === 'html';
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && /^(esc|escMultiline|escapeHtml)$/.test(node.expression.getText()))
      report(node, `${node.expression.getText()}() call`);
    if (ts.isStringLiteral(node) && MARKUP.test(node.text) && path.basename(file) !== TAG_MODULE)
      report(node, `markup in a string literal: ${node.text.slice(0, 40)}`);
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const raw = node.getText();
      if (!isHtmlTagged(node) && MARKUP.test(raw))
        report(node, `markup in an untagged template: ${raw.slice(0, 40)}`);
      if (isHtmlTagged(node) && ts.isTemplateExpression(node)) {
        // Every interpolated attribute value is double-quoted: `name="${value}"`, never `name=${value}`.
        const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
        parts.slice(0, -1).forEach((part) => {
          if (/=\s*$/.test(part)) report(node, 'unquoted attribute value in an html template');
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('views and the ops console are written in html templates only', () => {
  const files = HTML_SOURCES.flatMap(sources).filter((file) => !NOT_HTML.has(path.basename(file)));

  it('finds the views', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('has no raw-string HTML, no esc() and no unquoted attribute', () => {
    expect(files.flatMap((file) => findings(file))).toEqual([]);
  });

  it('catches each of those', () => {
    const bad = path.join(VIEWS, '__guard-sample__.ts');
    const sample = `const a = '<p>' + name + '</p>';
const b = \`<td>\${name}</td>\`;
const c = esc(name);
const d = html\`<p class=\${name}>x</p>\`;
const e = html\`<p class="\${name}">\${name}</p>\`;`;
    expect(findings(bad, sample).map((finding) => finding.line)).toEqual([1, 1, 2, 3, 4]);
  });
});

describe('markup is a type of its own (checked by tsc -p tsconfig.json)', () => {
  it('takes no string where markup is expected, and nothing outside html.ts makes markup', () => {
    const misuse = () => {
      // @ts-expect-error a string is not markup: the page body must be SafeHtml.
      layout('title', '<p>x</p>');
      // @ts-expect-error nor a list of strings.
      join(['<p>x</p>']);
      // @ts-expect-error SafeHtml has no public constructor.
      new SafeHtml('<p>x</p>');
      // @ts-expect-error nor does a look-alike object pass for it.
      layout('title', { toString: () => '<p>x</p>' });
    };
    expect(typeof misuse).toBe('function');
    expect(String(layout('t', html`<p>${'<b>'}</p>`))).toContain('<p>&lt;b&gt;</p>');
  });
});
