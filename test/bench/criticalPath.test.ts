import { strict as assert } from "node:assert";
import { criticalPath, WeightedNode } from "../../bench/criticalPath";

const node = (id: string, weight: number, ...dependsOn: string[]): WeightedNode => ({ id, weight, dependsOn });

describe("criticalPath", () => {
    it("takes the heaviest chain, not the one with most steps", () => {
        const result = criticalPath([
            node("a", 1),
            node("b", 1, "a"),
            node("c", 1, "b"),
            node("d", 1, "c"),
            node("helm", 90),
            node("cert", 60, "helm"),
        ]);
        assert.deepEqual(result.path, ["helm", "cert"]);
        assert.equal(result.total, 150);
        assert.equal(result.sequentialTotal, 154);
    });

    it("follows the heavier branch where chains join", () => {
        const result = criticalPath([node("iam", 5), node("ns", 1), node("release", 90, "ns"), node("secret", 1, "iam", "release")]);
        assert.deepEqual(result.path, ["ns", "release", "secret"]);
        assert.equal(result.total, 92);
    });

    it("is found whatever the order of the nodes", () => {
        const result = criticalPath([node("c", 60, "b"), node("b", 90, "a"), node("a", 1)]);
        assert.deepEqual(result.path, ["a", "b", "c"]);
        assert.equal(result.total, 151);
    });

    it("ignores dependencies on unknown nodes and handles an empty graph", () => {
        assert.deepEqual(criticalPath([node("a", 2, "elsewhere")]).path, ["a"]);
        assert.deepEqual(criticalPath([]), { path: [], total: 0, sequentialTotal: 0 });
    });

    it("fails on a cycle and on duplicate IDs", () => {
        assert.throws(() => criticalPath([node("a", 1, "b"), node("b", 1, "a")]), /cycle/);
        assert.throws(() => criticalPath([node("a", 1), node("a", 2)]), /unique/);
    });
});
