import type { Resource } from "./resource.js";
import type { Connection } from "./connections.js";

/**
 * Dependency cycles among workloads: for every strongly connected group of two or more, one cycle
 * through it, as the connections that form it, starting at the workload applied first. Tarjan's
 * algorithm, iterative, linear in workloads and connections.
 */
export function dependencyCycles(connections: readonly Connection[]): Connection[][] {
  const edges = new Map<Resource, Map<Resource, Connection>>();
  for (const c of connections) {
    let out = edges.get(c.from);
    if (!out) edges.set(c.from, (out = new Map()));
    if (!out.has(c.to)) out.set(c.to, c);
  }
  const index = new Map<Resource, number>();
  const low = new Map<Resource, number>();
  const onStack = new Set<Resource>();
  const stack: Resource[] = [];
  const groups: Resource[][] = [];
  let next = 0;

  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: Resource; targets: Resource[]; i: number }> = [];
    const enter = (node: Resource) => {
      index.set(node, next);
      low.set(node, next);
      next++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: [...(edges.get(node)?.keys() ?? [])], i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.targets.length) {
        const t = frame.targets[frame.i++];
        if (!index.has(t)) enter(t);
        else if (onStack.has(t)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(t)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: Resource[] = [];
        let n: Resource;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          group.push(n);
        } while (n !== frame.node);
        if (group.length > 1) groups.push(group);
      }
    }
  }

  return groups.map((group) => cycleThrough(group, edges));
}

/** A shortest cycle from the group's first-applied workload back to it, staying inside the group. */
function cycleThrough(group: Resource[], edges: Map<Resource, Map<Resource, Connection>>): Connection[] {
  const members = new Set(group);
  const head = group.reduce((a, b) => (b.id < a.id ? b : a));
  const via = new Map<Resource, Connection>();
  const queue: Resource[] = [head];
  for (let q = 0; q < queue.length; q++) {
    for (const [to, c] of edges.get(queue[q]) ?? []) {
      if (!members.has(to) || via.has(to)) continue;
      via.set(to, c);
      if (to === head) {
        const path: Connection[] = [];
        let at: Resource = head;
        do {
          const step = via.get(at)!;
          path.unshift(step);
          at = step.from;
        } while (at !== head);
        return path;
      }
      queue.push(to);
    }
  }
  return [];
}
