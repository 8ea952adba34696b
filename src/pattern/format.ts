// The canonical text of a pattern: single spaces around operators, upper-case keywords, property
// names quoted only when they must be (`hashes.'SHA-256'`), numbers in canonical form, timestamps
// always as `t'…'`, and the fewest parentheses that keep the tree: an operand is parenthesised
// only when its operator binds no tighter than the one around it (§9.7: qualifiers bind
// tightest, then AND, then OR, then FOLLOWEDBY; inside brackets AND before OR). Parsing the text
// again gives the same tree (format.test.ts checks this on the corpus and on generated patterns).
import type { ComparisonExpression, Constant, ConstantSet, ObjectPath, ObservationExpression, PathStep } from './ast.js';
import { KEYWORDS } from './lexer.js';

const BARE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const OBSERVATION_RANK: Readonly<Record<ObservationExpression['kind'], number>> = {
  followedby: 1, 'observation-or': 2, 'observation-and': 3, within: 4, repeats: 4, 'start-stop': 4, observation: 5,
};
const OBSERVATION_WORD = { followedby: 'FOLLOWEDBY', 'observation-or': 'OR', 'observation-and': 'AND' } as const;

/** Writes a pattern (or any observation expression) as canonical pattern text. */
export function formatPattern(node: ObservationExpression): string {
  switch (node.kind) {
    case 'observation':
      return `[${formatComparison(node.comparison)}]`;
    case 'followedby':
    case 'observation-or':
    case 'observation-and': {
      const rank = OBSERVATION_RANK[node.kind];
      return node.operands.map((o) => (OBSERVATION_RANK[o.kind] <= rank ? `(${formatPattern(o)})` : formatPattern(o))).join(` ${OBSERVATION_WORD[node.kind]} `);
    }
    case 'within':
    case 'repeats':
    case 'start-stop': {
      const inner = OBSERVATION_RANK[node.expression.kind] < 4 ? `(${formatPattern(node.expression)})` : formatPattern(node.expression);
      const qualifier = node.kind === 'within' ? `WITHIN ${node.seconds.text} SECONDS`
        : node.kind === 'repeats' ? `REPEATS ${node.times.text} TIMES`
          : `START ${formatConstant(node.startTime)} STOP ${formatConstant(node.stopTime)}`;
      return `${inner} ${qualifier}`;
    }
  }
}

function comparisonRank(node: ComparisonExpression): number {
  return node.kind === 'or' ? 1 : node.kind === 'and' ? 2 : 3;
}

/** Writes a comparison expression (what goes between the brackets). */
export function formatComparison(node: ComparisonExpression): string {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const rank = comparisonRank(node);
      return node.operands.map((o) => (comparisonRank(o) <= rank ? `(${formatComparison(o)})` : formatComparison(o))).join(node.kind === 'and' ? ' AND ' : ' OR ');
    }
    case 'exists':
      return `${node.negated ? 'NOT ' : ''}EXISTS ${formatPath(node.path)}`;
    case 'comparison':
      return `${formatPath(node.path)} ${node.negated ? 'NOT ' : ''}${node.operator} ${node.value.kind === 'set' ? formatSet(node.value) : formatConstant(node.value)}`;
  }
}

function formatSet(set: ConstantSet): string {
  return `(${set.items.map(formatConstant).join(', ')})`;
}

function quote(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function formatName(name: string): string {
  return BARE_NAME_RE.test(name) && !KEYWORDS.has(name) && name !== 'true' && name !== 'false' ? name : quote(name);
}

function formatStep(step: PathStep, first: boolean): string {
  switch (step.kind) {
    case 'property':
      return `${first ? '' : '.'}${formatName(step.name)}`;
    case 'index':
      return `[${step.index}]`;
    case 'any-index':
      return '[*]';
  }
}

/** Writes an object path: `file:hashes.'SHA-256'`, `network-traffic:dst_ref.value`, `x:list[*]`. */
export function formatPath(path: ObjectPath): string {
  return `${path.objectType}:${path.steps.map((s, i) => formatStep(s, i === 0)).join('')}`;
}

/** Writes a constant in its canonical form. */
export function formatConstant(c: Constant): string {
  switch (c.kind) {
    case 'string':
      return quote(c.value);
    case 'integer':
    case 'float':
      return c.text;
    case 'boolean':
      return c.value ? 'true' : 'false';
    case 'timestamp':
      return `t'${c.value}'`;
    case 'hex':
      return `h'${c.value}'`;
    case 'binary':
      return `b'${c.value}'`;
  }
}
