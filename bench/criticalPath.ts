/** A step of a deployment: how long it waits once started, and the IDs of the steps it waits for. */
export interface WeightedNode {
    id: string;
    weight: number;
    dependsOn: readonly string[];
}

export interface CriticalPath {
    /** The longest weighted chain, first step first. */
    path: string[];
    /** The sum of its weights: the least time a fully parallel deployment can take. */
    total: number;
    /** The sum of all weights: what one-at-a-time deployment takes. */
    sequentialTotal: number;
}

/**
 * The longest weighted chain through a dependency graph (a DAG). Dependencies on IDs that are not
 * nodes are ignored. Ties go to the node listed first. Throws on a cycle.
 */
export function criticalPath(nodes: readonly WeightedNode[]): CriticalPath {
    const byId = new Map(nodes.map((node) => [node.id, node]));
    if (byId.size !== nodes.length) throw new Error("node IDs must be unique");
    // finish[id] = the node's weight plus the longest finish among what it waits for.
    const finish = new Map<string, { total: number; via?: string }>();
    const visiting = new Set<string>();
    const finishOf = (node: WeightedNode): number => {
        const known = finish.get(node.id);
        if (known) return known.total;
        if (visiting.has(node.id)) throw new Error(`dependency cycle through ${node.id}`);
        visiting.add(node.id);
        let best: { total: number; via?: string } = { total: 0 };
        for (const id of node.dependsOn) {
            const dep = byId.get(id);
            if (!dep) continue;
            const total = finishOf(dep);
            if (best.via === undefined || total > best.total) best = { total, via: id };
        }
        visiting.delete(node.id);
        finish.set(node.id, { total: best.total + node.weight, via: best.via });
        return best.total + node.weight;
    };
    let end: WeightedNode | undefined;
    for (const node of nodes) if (end === undefined || finishOf(node) > finishOf(end)) end = node;
    const path: string[] = [];
    for (let id = end?.id; id !== undefined; id = finish.get(id)?.via) path.unshift(id);
    return {
        path,
        total: end ? finishOf(end) : 0,
        sequentialTotal: nodes.reduce((sum, node) => sum + node.weight, 0),
    };
}
