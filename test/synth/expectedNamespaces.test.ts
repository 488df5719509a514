import * as assert from "node:assert/strict";
import { expectedNamespaces, renderSummary } from "../../tools/synth/render";
import { namespacesStack } from "../namespaces/fixture";
import { synthYaml } from "../support/harness";


describe("synth: the namespaces a stack expects to exist", () => {
    for (const api of ["istio", "gateway-api"]) {
        it(`${api}: lists the routes' and their backends' namespaces, not those the component creates, in one summary line`, async () => {
            const result = await synthYaml(namespacesStack(api));
            // The API server refuses a VirtualService or HTTPRoute in a namespace that does not exist.
            assert.deepEqual(expectedNamespaces(result.resources), ["team-api", "team-shop"]);
            const summary = renderSummary(result).split("\n");
            assert.equal(summary[1], "Namespaces that must exist before `pulumi up` (the stack does not create them): team-api, team-shop");
        });
    }
});
