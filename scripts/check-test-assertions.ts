/**
 * Fails when a test under `test/` can pass without asserting anything.
 *
 * The rule (a static check, run by `npm test` before jest): every `it(…)` /
 * `test(…)` block — including `.each`, `.only`, `.skip` and `.concurrent`
 * forms — must, in its own body, call one of
 *   - `expect(…)` or `expect.<anything>(…)`,
 *   - a function whose name starts with `assert` (node:assert and our own),
 *   - a shared assertion helper from {@link ASSERTION_HELPERS} (e.g.
 *     `caught()`, which fails the test when the promise resolves),
 *   - or a function declared in the same file (function declaration or a
 *     `const` arrow/function) that itself satisfies this rule, transitively.
 * Blocks without a callback (`it.todo('…')`) are not checked. A `return`
 * before the assertion is not detected: that is what code review is for.
 *
 * Usage: `tsx scripts/check-test-assertions.ts [dir]` (default `test`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Helpers from test/support that fail the test on their own when the expectation does not hold. */
const ASSERTION_HELPERS = new Set(['caught']);
const TEST_FUNCTIONS = new Set(['it', 'test']);

/** A test block that asserts nothing: where it is and its title. */
interface Finding {
  file: string;
  line: number;
  title: string;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return /\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** `it`, `it.each(…)`, `test.only`, … → true when the callee chain starts at `it` or `test`. */
function isTestCallee(expr: ts.Expression): boolean {
  if (ts.isIdentifier(expr)) return TEST_FUNCTIONS.has(expr.text);
  if (ts.isPropertyAccessExpression(expr)) return isTestCallee(expr.expression);
  if (ts.isCallExpression(expr)) return isTestCallee(expr.expression);
  return false;
}

/** The name a call goes to: `expect` for `expect(x).toBe(…)` and `expect.assertions(1)`, `helper` for `helper(…)`. */
function rootName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return rootName(expr.expression);
  if (ts.isCallExpression(expr)) return rootName(expr.expression);
  if (ts.isAwaitExpression(expr) || ts.isParenthesizedExpression(expr)) return rootName(expr.expression);
  return undefined;
}

/** Names of the functions `node` calls anywhere inside it. */
function calledNames(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const name = rootName(n.expression);
      if (name) names.add(name);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

/** Functions declared in the file, by name, with their bodies. */
function localFunctions(source: ts.SourceFile): Map<string, ts.Node> {
  const found = new Map<string, ts.Node>();
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) && n.name && n.body) found.set(n.name.text, n.body);
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer
      && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) {
      found.set(n.name.text, n.initializer.body);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

function asserts(node: ts.Node, locals: Map<string, ts.Node>, seen: Set<string>): boolean {
  for (const name of calledNames(node)) {
    if (name === 'expect' || name.startsWith('assert') || ASSERTION_HELPERS.has(name)) return true;
    const body = locals.get(name);
    if (body && !seen.has(name)) {
      seen.add(name);
      if (asserts(body, locals, seen)) return true;
    }
  }
  return false;
}

/** Every test block of `file` that asserts nothing. */
export function findUnassertedTests(file: string, text = readFileSync(file, 'utf8')): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const locals = localFunctions(source);
  const findings: Finding[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && isTestCallee(n.expression)) {
      const callback = n.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) as ts.ArrowFunction | ts.FunctionExpression | undefined;
      if (callback && !asserts(callback.body, locals, new Set())) {
        const title = n.arguments[0] && ts.isStringLiteralLike(n.arguments[0]) ? n.arguments[0].text : n.arguments[0]?.getText(source) ?? '?';
        findings.push({ file, line: source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1, title });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return findings;
}

function main(): void {
  const dir = process.argv[2] ?? 'test';
  const findings = testFiles(dir).flatMap((f) => findUnassertedTests(f));
  for (const f of findings) process.stderr.write(`${relative(process.cwd(), f.file)}:${f.line}: test "${f.title}" asserts nothing\n`);
  if (findings.length > 0) {
    process.stderr.write(`${findings.length} test(s) without an assertion; see the rule in scripts/check-test-assertions.ts\n`);
    process.exit(1);
  }
  process.stdout.write(`check-test-assertions: every test block under ${dir}/ asserts\n`);
}

if (require.main === module) main();
