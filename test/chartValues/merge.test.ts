import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isPlainMap, mergeChartValues } from "../../components/helm";

/**
 * Helm's rule for several values files, which pass-through values follow (helm/helm v3.21.4
 * pkg/cli/values/options.go `mergeMaps`, and its TestMergeValues in options_test.go, whose cases
 * the first four tests restate): where both sides hold a map they merge key by key, otherwise the
 * later value replaces the earlier one.
 */
describe("chart values merged as Helm merges values files", () => {
    const nested = { foo: "bar", baz: { cool: "stuff" } };
    const anotherNested = { foo: "bar", baz: { cool: "things", awesome: "stuff" } };
    const flat = { foo: "bar", baz: "stuff" };

    it("a map replaces a scalar", () => {
        assert.deepEqual(mergeChartValues(flat, nested), nested);
    });

    it("a scalar replaces a map", () => {
        assert.deepEqual(mergeChartValues(nested, flat), flat);
    });

    it("two maps merge key by key, the later value winning", () => {
        assert.deepEqual(mergeChartValues(nested, anotherNested), anotherNested);
    });

    it("keys of either side are kept", () => {
        assert.deepEqual(mergeChartValues({ testing: "fun" }, anotherNested), { testing: "fun", ...anotherNested });
    });

    it("a list replaces a list whole: tolerations are never merged item by item", () => {
        const ours = { tolerations: [{ key: "a", operator: "Exists" }], resources: { requests: { cpu: "100m", memory: "128Mi" } } };
        const theirs = { tolerations: [{ key: "b", operator: "Exists" }], resources: { requests: { cpu: "500m" } } };
        assert.deepEqual(mergeChartValues(ours, theirs), {
            tolerations: [{ key: "b", operator: "Exists" }],
            resources: { requests: { cpu: "500m", memory: "128Mi" } },
        });
    });

    it("null replaces ours and reaches Helm, which then removes the chart's default (pkg/chartutil/coalesce.go)", () => {
        assert.deepEqual(mergeChartValues({ autoscaling: { enabled: true, minReplicas: 2 } }, { autoscaling: { minReplicas: null } }), {
            autoscaling: { enabled: true, minReplicas: null },
        });
    });

    it("changes neither side", () => {
        const ours = { service: { type: "LoadBalancer" } };
        const theirs = { service: { externalTrafficPolicy: "Local" } };
        mergeChartValues(ours, theirs);
        assert.deepEqual(ours, { service: { type: "LoadBalancer" } });
        assert.deepEqual(theirs, { service: { externalTrafficPolicy: "Local" } });
    });

    it("takes a Pulumi output whole, as a value known at deploy time", () => {
        const arn = pulumi.output("arn:aws:iam::123456789012:role/x");
        const merged = mergeChartValues({ podAnnotations: { a: "b" } }, { podAnnotations: arn });
        assert.equal(merged.podAnnotations, arn);
        assert.equal(isPlainMap(arn), false);
        assert.equal(isPlainMap(Object.create(null)), true);
    });
});
