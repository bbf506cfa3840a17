/** Finds words written straight into TSX (text, and the attributes people read) instead of coming from `t()`. */
import { parseAst } from 'rolldown/parseAst';

const READ_ATTRIBUTES = new Set([
  'title',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'placeholder',
  'alt',
  'label',
]);
const HAS_WORD = /\p{L}{2,}/u;

export interface HardCoded {
  line: number;
  text: string;
}

type Node = { type: string; start: number; [key: string]: unknown };

function literalsIn(node: Node | null | undefined, out: Node[]): void {
  if (!node) return;
  switch (node.type) {
    case 'Literal':
      if (typeof node.value === 'string') out.push(node);
      return;
    case 'TemplateLiteral':
      for (const quasi of node.quasis as Node[]) out.push({ ...quasi, value: (quasi.value as { raw: string }).raw });
      for (const e of node.expressions as Node[]) literalsIn(e, out);
      return;
    case 'ConditionalExpression':
      literalsIn(node.consequent as Node, out);
      literalsIn(node.alternate as Node, out);
      return;
    case 'LogicalExpression':
    case 'BinaryExpression':
      literalsIn(node.left as Node, out);
      literalsIn(node.right as Node, out);
      return;
    case 'JSXExpressionContainer':
      literalsIn(node.expression as Node, out);
      return;
  }
}

export function findHardCodedWords(source: string, allowed: ReadonlySet<string> = new Set()): HardCoded[] {
  const ast = parseAst(source, { lang: 'tsx' }) as unknown as Node;
  const found: Node[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const n = node as Node;
    if (n.type === 'JSXText') found.push(n);
    if (n.type === 'JSXElement' || n.type === 'JSXFragment') {
      for (const child of (n.children as Node[]) ?? [])
        if (child.type === 'JSXExpressionContainer') literalsIn(child, found);
    }
    if (n.type === 'JSXAttribute') {
      const name = (n.name as { name?: string }).name;
      if (name && READ_ATTRIBUTES.has(name)) literalsIn(n.value as Node, found);
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'type' && typeof value === 'object') visit(value);
  };
  visit(ast);
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  return found
    .map((n) => ({ line: lineOf(n.start), text: String(n.value).trim() }))
    .filter(({ text }) => HAS_WORD.test(text) && !allowed.has(text));
}
