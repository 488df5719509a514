import * as assert from "node:assert/strict";
import { join } from "node:path";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../../tools/synth/synth";
import { assertCrossReferences, crossReferenceProblems, observingEngineInputs, SecretKeys, secretKeysSeen } from "./crossReferences";

type Json = Record<string, unknown>;

const project = readProjectFile();

function find(result: SynthResult, type: string, name: string): SynthResource {
    const found = result.resources.find((r) => r.type === `kubernetes:${type}` && r.name === name);
    if (!found) throw new Error(`no ${type} ${name} in the result`);
    return found;
}
const GATEWAY = "gateway.networking.k8s.io/v1:Gateway";
const ROUTE = "gateway.networking.k8s.io/v1:HTTPRoute";
const GRANT = "gateway.networking.k8s.io/v1beta1:ReferenceGrant";
const CERTIFICATE = "cert-manager.io/v1:Certificate";

const specOf = (result: SynthResult, type: string, name: string) => find(result, type, name).inputs.spec as Json;
const metadataOf = (result: SynthResult, type: string, name: string) => find(result, type, name).inputs.metadata as Json;
const listener = (result: SynthResult, gateway: string, name: string) =>
    (specOf(result, GATEWAY, `ingress-gateways-${gateway}`).listeners as Json[]).find((l) => l.name === name) as Json;
const parentRefs = (result: SynthResult, route: string) => specOf(result, ROUTE, `ingress-routes-${route}`).parentRefs as Json[];

interface Breakage {
    what: string;
    breaks: (result: SynthResult) => void;
    reported: RegExp;
}

/** Hand-made breakages of the gateway-api stack's result, one per kind of Gateway API reference. */
const BREAKAGES: Breakage[] = [
    {
        what: "a listener certificateRef that no Certificate writes",
        breaks: (r) => void (((listener(r, "web", "https.www.example.com").tls as Json).certificateRefs as Json[])[0].name = "missing-tls"),
        reported:
            /Gateway istio-ingress\/web: listener https\.www\.example\.com certificateRef Secret "missing-tls" is the Secret of no Certificate in namespace istio-ingress/,
    },
    {
        what: "a Certificate outside its Gateway's namespace",
        breaks: (r) => void (metadataOf(r, CERTIFICATE, "ingress-certificates-web").namespace = "web"),
        reported:
            /listener https\.www\.example\.com certificateRef Secret "web-tls" is the Secret of no Certificate in namespace istio-ingress/,
    },
    {
        what: "a listener hostname its certificate does not cover",
        breaks: (r) => void (specOf(r, CERTIFICATE, "ingress-certificates-web").dnsNames = ["www.example.com", "*.apps.example.com"]),
        reported: /listener https\.shop\.example\.com hostname "shop\.example\.com" is not covered by Certificate istio-ingress\/web/,
    },
    {
        what: "a parentRef to a Gateway that does not exist",
        breaks: (r) => void (parentRefs(r, "www")[0].name = "nope"),
        reported: /HTTPRoute web\/www: parentRefs\[0\] names no Gateway istio-ingress\/nope/,
    },
    {
        what: "a sectionName that is no listener",
        breaks: (r) => void (parentRefs(r, "www")[0].sectionName = "https.nope.example.com"),
        reported:
            /HTTPRoute web\/www: parentRefs\[0\] sectionName "https\.nope\.example\.com" is no listener of Gateway istio-ingress\/web/,
    },
    {
        what: "a route from a namespace its listener does not admit",
        breaks: (r) => void (metadataOf(r, ROUTE, "ingress-routes-www").namespace = "intruder"),
        reported:
            /HTTPRoute intruder\/www: listener https\.www\.example\.com of Gateway istio-ingress\/web does not admit routes from namespace intruder/,
    },
    {
        what: "a route on the HTTP listener of a redirecting gateway (only the redirect's namespace is admitted)",
        breaks: (r) => void parentRefs(r, "www").push({ ...parentRefs(r, "www")[0], sectionName: "http" }),
        reported: /HTTPRoute web\/www: listener http of Gateway istio-ingress\/web does not admit routes from namespace web/,
    },
    {
        what: "a route whose hostnames match none of its listener's",
        breaks: (r) => void (specOf(r, ROUTE, "ingress-routes-www").hostnames = ["shop.example.com"]),
        reported: /HTTPRoute web\/www: no hostname \(shop\.example\.com\) matches listener https\.www\.example\.com/,
    },
    {
        what: "a cross-namespace backendRef without its ReferenceGrant",
        breaks: (r) => void r.resources.splice(r.resources.indexOf(find(r, GRANT, "ingress-routes-grant-platform-shop-backends")), 1),
        reported:
            /HTTPRoute shop\/shop: rules\[1\]\.backendRefs\[0\] Service platform\/health is in another namespace and no ReferenceGrant there allows it/,
    },
    {
        what: "a ReferenceGrant for another Service",
        breaks: (r) => void ((specOf(r, GRANT, "ingress-routes-grant-platform-shop-backends").to as Json[])[0].name = "other"),
        reported: /Service platform\/health is in another namespace and no ReferenceGrant there allows it/,
    },
    {
        what: "a ReferenceGrant from another namespace",
        breaks: (r) => void ((specOf(r, GRANT, "ingress-routes-grant-platform-shop-backends").from as Json[])[0].namespace = "web"),
        reported: /Service platform\/health is in another namespace and no ReferenceGrant there allows it/,
    },
    {
        what: "a host's Route53 record pointing at another Gateway's load balancer",
        breaks: (r) => {
            const record = r.resources.find((x) => x.type === "aws:route53/record:Record" && x.inputs.name === "status.example.com");
            const www = r.resources.find((x) => x.type === "aws:route53/record:Record" && x.inputs.name === "www.example.com");
            if (!record || !www) throw new Error("no records in the result");
            record.inputs.aliases = www.inputs.aliases;
        },
        reported:
            /Route53 record status\.example\.com \(ingress-records-status\.example\.com-A\) points at "[^"]+", not at Gateway istio-ingress\/internal's load balancer/,
    },
    {
        what: "a listener host without a Route53 record",
        breaks: (r) =>
            void r.resources.splice(
                r.resources.findIndex((x) => x.type === "aws:route53/record:Record" && x.inputs.name === "shop.example.com"),
                1,
            ),
        reported: /Gateway istio-ingress\/web: host "shop\.example\.com" has no Route53 record/,
    },
];

describe("cross-reference check, Kubernetes Gateway API", () => {
    let stack: { result: SynthResult; secretKeys: SecretKeys };
    before(async () => {
        const config = readEngineConfig(join(project.stackConfigDir, "Pulumi.gateway-api.yaml"), project.name);
        const { value, seen } = await observingEngineInputs(() => synthStack("gateway-api", config, project.name));
        stack = { result: value, secretKeys: secretKeysSeen(seen) };
    });

    it("finds no broken reference in the gateway-api stack", () => {
        assertCrossReferences(stack.result, { secretKeys: stack.secretKeys });
    });

    for (const breakage of BREAKAGES) {
        it(`reports ${breakage.what}`, () => {
            const broken = structuredClone(stack.result);
            breakage.breaks(broken);
            const problems = crossReferenceProblems(broken, { secretKeys: stack.secretKeys });
            assert.ok(problems.length > 0, "no problem reported");
            assert.match(problems.join("\n"), breakage.reported);
        });
    }
});
