import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IstioAcmeIngressArgs } from "../../../components/args";
import { GATEWAY_API_VERSIONS } from "../../../components/gatewayApi/crds/apiVersions";
import { bundleVersionOf, GATEWAY_API_BUNDLES, minorOf } from "../../../tools/schemas/sources";
import type { SynthResult } from "../../../tools/synth/engine";
import { declaredObjects } from "../../../tools/synth/render";
import { readEngineConfig } from "../../../tools/synth/stackConfig";
import { readProjectFile, REPO_ROOT, synthStack } from "../../../tools/synth/synth";
import {
    GatewayApiKind,
    ISTIOD_WATCHES,
    OLDEST_SUPPORTED_BUNDLE,
    SERVED_BEFORE_FIXTURES,
    servedInFixture,
} from "../../models/gatewayApiVersions";
import { minimalArgs, synthComponent } from "../../support/harness";
import { upstreamSchemasOrPending } from "../../support/upstreamSchemas";

const GROUP = "gateway.networking.k8s.io";
const KINDS = Object.keys(GATEWAY_API_VERSIONS) as GatewayApiKind[];

/** A gateway-api config with a cross-namespace destination (a ReferenceGrant), at an Istio version. */
const crossNamespace = (version: string): IstioAcmeIngressArgs =>
    minimalArgs({
        istio: { api: "gateway-api", version },
        routes: [
            {
                name: "web",
                namespace: "web",
                gateway: "web",
                hosts: ["www.example.com"],
                http: [{ destination: { host: "api.backend.svc.cluster.local", port: 8080 } }],
            },
        ],
    });

/** `Kind` -> every apiVersion the result writes it in. */
function emittedVersions(result: SynthResult): Map<string, Set<string>> {
    const versions = new Map<string, Set<string>>();
    for (const object of declaredObjects(result.resources)) {
        const apiVersion = String(object.apiVersion);
        if (!apiVersion.startsWith(`${GROUP}/`)) continue;
        const kind = String(object.kind);
        versions.set(kind, (versions.get(kind) ?? new Set()).add(apiVersion.slice(GROUP.length + 1)));
    }
    return versions;
}

describe("Gateway API versions written", () => {
    const results = new Map<string, SynthResult>();
    before(async () => {
        const project = readProjectFile();
        const config = readEngineConfig(join(project.stackConfigDir, "Pulumi.gateway-api.yaml"), project.name);
        results.set("stacks/Pulumi.gateway-api.yaml", await synthStack("gateway-api", config, project.name));
        for (const version of ["1.30.3", "1.31.1"])
            results.set(`Istio ${version}, a cross-namespace destination`, await synthComponent(crossNamespace(version)));
    });

    it("are the ones GATEWAY_API_VERSIONS names, and every kind is written", () => {
        for (const [title, result] of results) {
            const emitted = emittedVersions(result);
            assert.deepEqual([...emitted.keys()].sort(), [...KINDS].sort(), title);
            for (const kind of KINDS)
                assert.deepEqual([...(emitted.get(kind) ?? [])], [GATEWAY_API_VERSIONS[kind].split("/")[1]], `${title}: ${kind}`);
        }
    });

    it("are the versions istiod of each supported Istio minor watches (ReferenceGrant: v1beta1)", () => {
        for (const [minor, watched] of Object.entries(ISTIOD_WATCHES)) {
            for (const kind of KINDS) assert.equal(GATEWAY_API_VERSIONS[kind], `${GROUP}/${watched[kind]}`, `Istio ${minor}: ${kind}`);
        }
        for (const [title, result] of results) {
            const istio = result.resources.find(
                (r) => r.type === "kubernetes:helm.sh/v3:Release" && String(r.inputs.chart).endsWith("/base"),
            );
            const minor = minorOf(String(istio?.inputs.version)) ?? "";
            assert.ok(ISTIOD_WATCHES[minor], `${title}: no model of what Istio ${minor} watches`);
        }
    });

    it(`are served by every standard-channel release from ${OLDEST_SUPPORTED_BUNDLE} to v1.4.1 (ReferenceGrant v1 only from v1.5.0)`, () => {
        const oldest = Object.keys(SERVED_BEFORE_FIXTURES).indexOf(OLDEST_SUPPORTED_BUNDLE);
        assert.ok(oldest >= 0);
        for (const [release, served] of Object.entries(SERVED_BEFORE_FIXTURES).slice(oldest)) {
            for (const kind of KINDS) {
                const version = GATEWAY_API_VERSIONS[kind].split("/")[1];
                assert.ok(served[kind].includes(version), `${release} serves ${kind} ${served[kind].join(", ")}, not ${version}`);
            }
        }
    });

    it("are served by each fixture release (v1.5.1, v1.6.1), read from its CRDs", function () {
        const { root } = upstreamSchemasOrPending(this);
        for (const set of GATEWAY_API_BUNDLES) {
            for (const kind of KINDS) {
                const version = GATEWAY_API_VERSIONS[kind].split("/")[1];
                assert.ok(servedInFixture(root, set.dir, kind).includes(version), `${bundleVersionOf(set)}: ${kind} ${version}`);
            }
        }
    });

    it("docs/gateway-api-crds.md states the range: the oldest supported release and each tested one", () => {
        const docs = readFileSync(join(REPO_ROOT, "docs", "gateway-api-crds.md"), "utf8");
        for (const release of [OLDEST_SUPPORTED_BUNDLE, ...GATEWAY_API_BUNDLES.map(bundleVersionOf)])
            assert.ok(docs.includes(release), release);
        assert.ok(docs.includes(GATEWAY_API_VERSIONS.ReferenceGrant), "names the ReferenceGrant version");
    });
});
