// Turns overlapping annotation spans into a properly nested tree, so the text can be rendered
// once with every highlight as an element around exactly its characters.
//
// Spans nest when one contains another (an entity inside a quote). When two spans cross (a quote
// that ends inside an entity), the later one is cut at the boundary of the enclosing one and
// continued after it; its pieces share the span and carry `part` numbers, so a consumer can
// join them back. Empty spans are dropped. Pure and DOM-free: tested in Node.

/**
 * @typedef {{ start: number, end: number, rank: number }} Layered
 *   `rank` orders spans with the same range: lower ranks are outer.
 * @typedef {{ span: Layered | null, start: number, end: number, part: number, children: Node[] }} Node
 */

/** Builds the tree of `spans` over `[0, length)`. The root has `span: null`. */
export function nest(length, spans) {
  const order = (a, b) => a.start - b.start || b.end - a.end || a.span.rank - b.span.rank;
  const queue = spans
    .filter((s) => s.end > s.start && s.start >= 0 && s.end <= length)
    .map((s) => ({ span: s, start: s.start, end: s.end, part: 0, children: [] }))
    .sort(order);
  const root = { span: null, start: 0, end: length, part: 0, children: [] };
  const stack = [root];
  const split = new Set(); // spans that were cut
  const pieces = new Map(); // span → pieces numbered so far
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    while (stack.length > 1 && stack[stack.length - 1].end <= node.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (node.end > parent.end) {
      // Crossing: keep the piece inside the parent, queue the rest in order.
      const rest = { span: node.span, start: parent.end, end: node.end, part: 0, children: [] };
      node.end = parent.end;
      let j = i + 1;
      while (j < queue.length && order(queue[j], rest) <= 0) j++;
      queue.splice(j, 0, rest);
      split.add(node.span);
    }
    if (split.has(node.span)) {
      node.part = (pieces.get(node.span) ?? 0) + 1;
      pieces.set(node.span, node.part);
    }
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

/** Walks the tree in text order, calling `text(start, end)` for plain runs and
 * `open(node)` / `close(node)` around each span; returns nothing. */
export function walk(node, { text, open, close }) {
  let at = node.start;
  for (const child of node.children) {
    if (child.start > at) text(at, child.start);
    open(child);
    walk(child, { text, open, close });
    close(child);
    at = child.end;
  }
  if (node.end > at) text(at, node.end);
}
