import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../../tools/synth/synth";
import { assertCrossReferences, crossReferenceProblems, observingEngineInputs, SecretKeys, secretKeysSeen } from "./crossReferences";

const project = readProjectFile();
const stacks = readdirSync(project.stackConfigDir)
    .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
    .map((file) => file.replace(/^Pulumi\./, "").replace(/\.yaml$/, ""));

async function synthExample(stack: string): Promise<{ result: SynthResult; secretKeys: SecretKeys }> {
    const config = readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name);
    const { value, seen } = await observingEngineInputs(() => synthStack(stack, config, project.name));
    return { result: value, secretKeys: secretKeysSeen(seen) };
}

type Json = Record<string, unknown>;
type List = Json[];

/** The inputs of the first resource whose type ends with `kind` and whose name contains `name`. */
function inputsOf(result: SynthResult, kind: string, name = ""): Json {
    const found = result.resources.find((r: SynthResource) => r.type.endsWith(`:${kind}`) && r.name.includes(name));
    if (!found) throw new Error(`no ${kind} ${name} in the result`);
    return found.inputs;
}
const specOf = (result: SynthResult, kind: string, name = "") => inputsOf(result, kind, name).spec as Json;
const servers = (result: SynthResult, name: string) => specOf(result, "Gateway", name).servers as List;
const solvers = (result: SynthResult) => (specOf(result, "ClusterIssuer").acme as Json).solvers as List;
const route53Of = (solver: Json) => (solver.dns01 as Json).route53 as Json;

interface Breakage {
    what: string;
    breaks: (result: SynthResult) => void;
    reported: RegExp;
}

/** Hand-made breakages of the dev stack's result, one per kind of reference. */
const BREAKAGES: Breakage[] = [
    {
        what: "a Gateway credentialName that no Certificate writes",
        breaks: (r) => void ((servers(r, "web-gateway")[0].tls as Json).credentialName = "missing-tls"),
        reported: /Gateway istio-ingress\/web-gateway: servers\[0\]\.tls\.credentialName "missing-tls" is the secretName of no Certificate/,
    },
    {
        what: "a Certificate outside the gateway namespace",
        breaks: (r) => void ((inputsOf(r, "Certificate", "web-gateway").metadata as Json).namespace = "default"),
        reported: /credentialName "web-gateway-tls" is the secretName of no Certificate in the gateway namespace istio-ingress/,
    },
    {
        what: "the gateway Helm release in another namespace than the Certificates",
        breaks: (r) => void (inputsOf(r, "Release", "istio-gateway").namespace = "gateways"),
        reported: /is the secretName of no Certificate in the gateway namespace gateways/,
    },
    {
        what: "a gateway host its certificate does not cover",
        breaks: (r) => void (specOf(r, "Certificate", "web-gateway").dnsNames = ["my.domain.com", "*.apps.domain.com"]),
        reported: /servers\[0\] host "subnet\.domain\.com" is not covered by Certificate istio-ingress\/web-gateway/,
    },
    {
        what: "a wildcard gateway host under a one-level wildcard certificate (RFC 6125)",
        breaks: (r) => void (specOf(r, "Certificate", "web-gateway").dnsNames = ["my.domain.com", "subnet.domain.com", "*.domain.com"]),
        reported: /host "\*\.apps\.domain\.com" is not covered by Certificate/,
    },
    {
        what: "a plain HTTP server host that none of the gateway's certificates covers",
        breaks: (r) => void (servers(r, "web-gateway")[1].hosts = ["my.domain.com", "shop.domain.com"]),
        reported: /Gateway istio-ingress\/web-gateway: host "shop\.domain\.com" is covered by none of the gateway's certificates/,
    },
    {
        what: "a VirtualService on a Gateway that does not exist",
        breaks: (r) => void (specOf(r, "VirtualService", "domain-http").gateways = ["istio-ingress/no-such-gateway"]),
        reported: /VirtualService istio-ingress\/domain-http: gateway "istio-ingress\/no-such-gateway" resolves to no Gateway/,
    },
    {
        what: "a VirtualService naming its Gateway without a namespace from another namespace",
        breaks: (r) => {
            (inputsOf(r, "VirtualService", "domain-http").metadata as Json).namespace = "web";
            specOf(r, "VirtualService", "domain-http").gateways = ["web-gateway"];
        },
        reported: /VirtualService web\/domain-http: gateway "web-gateway" resolves to no Gateway/,
    },
    {
        what: "a Gateway server host without a namespace (Istio admits VirtualServices from every namespace)",
        breaks: (r) => void ((servers(r, "web-gateway")[0].hosts as string[])[0] = "my.domain.com"),
        reported: /Gateway istio-ingress\/web-gateway: servers\[0\] host "my\.domain\.com" admits VirtualServices from any namespace/,
    },
    {
        what: "a Gateway server host in namespace *",
        breaks: (r) => void ((servers(r, "web-gateway")[1].hosts as string[])[0] = "*/my.domain.com"),
        reported: /Gateway istio-ingress\/web-gateway: servers\[1\] host "\*\/my\.domain\.com" admits VirtualServices from any namespace/,
    },
    {
        what: "a VirtualService in a namespace its Gateway does not admit (Istio binds it to no server)",
        breaks: (r) => void ((inputsOf(r, "VirtualService", "domain-http").metadata as Json).namespace = "intruder"),
        reported:
            /VirtualService intruder\/domain-http: host "my\.domain\.com" binds to no HTTPS server of its gateways from namespace intruder \(server hosts: istio-ingress\/my\.domain\.com/,
    },
    {
        what: "a VirtualService host its Gateway does not serve",
        breaks: (r) => void (specOf(r, "VirtualService", "domain-http").hosts = ["shop.domain.com"]),
        reported: /VirtualService istio-ingress\/domain-http: host "shop\.domain\.com" is served by none of its gateways/,
    },
    {
        what: "a two-level VirtualService host under a one-level wildcard Gateway host (RFC 6125)",
        breaks: (r) => void (specOf(r, "VirtualService", "apps").hosts = ["a.b.apps.domain.com"]),
        reported: /VirtualService istio-ingress\/apps: host "a\.b\.apps\.domain\.com" is served by none of its gateways/,
    },
    {
        what: "a solver secret ref naming a Secret that does not exist",
        breaks: (r) => void ((route53Of(solvers(r)[0]).accessKeyIDSecretRef as Json).name = "no-such-secret"),
        reported:
            /solvers\[0\]\.dns01\.route53\.accessKeyIDSecretRef names Secret "no-such-secret", which is not in the cert-manager namespace/,
    },
    {
        what: "the credentials Secret outside the cert-manager namespace",
        breaks: (r) => void ((inputsOf(r, "Secret", "route53").metadata as Json).namespace = "default"),
        reported: /names Secret "route53-dns01-credentials", which is not in the cert-manager namespace cert-manager/,
    },
    {
        what: "a solver secret ref naming a key the Secret does not have",
        breaks: (r) => void ((route53Of(solvers(r)[1]).secretAccessKeySecretRef as Json).key = "secret-key"),
        reported:
            /solvers\[1\]\.dns01\.route53\.secretAccessKeySecretRef key "secret-key" is not a key of Secret cert-manager\/route53-dns01-credentials/,
    },
    {
        what: "a Certificate whose issuerRef names another ClusterIssuer",
        breaks: (r) => void ((specOf(r, "Certificate", "other-gateway").issuerRef as Json).name = "letsencrypt-prod"),
        reported: /Certificate istio-ingress\/other-gateway: issuerRef ClusterIssuer "letsencrypt-prod" names no ClusterIssuer/,
    },
    {
        what: "a Certificate whose issuerRef is a namespaced Issuer",
        breaks: (r) => void ((specOf(r, "Certificate", "other-gateway").issuerRef as Json).kind = "Issuer"),
        reported: /Certificate istio-ingress\/other-gateway: issuerRef Issuer "letsencrypt-staging" names no ClusterIssuer/,
    },
    {
        what: "a zone with two solvers",
        breaks: (r) => void (((solvers(r)[1].selector as Json).dnsZones as string[])[0] = "domain.com"),
        reported: /zone "domain\.com" has 2 solvers; it must have exactly one/,
    },
    {
        what: "a zone with no solver",
        breaks: (r) => void solvers(r).pop(),
        reported:
            /Certificate istio-ingress\/other-gateway: dnsName "www\.otherdomain\.com" lies in no zone a solver of ClusterIssuer letsencrypt-staging selects/,
    },
    {
        what: "a ClusterIssuer whose spec shows only as [secret] (a secret email makes the whole spec secret)",
        breaks: (r) => void (inputsOf(r, "ClusterIssuer").spec = "[secret]"),
        reported: /ClusterIssuer letsencrypt-staging: spec shows only as "\[secret\]"; its references cannot be verified/,
    },
    {
        what: "a Route53 record in another zone than its host's",
        breaks: (r) => void (inputsOf(r, "Record", "www.otherdomain.com").zoneId = route53Of(solvers(r)[0]).hostedZoneID),
        reported:
            /Route53 record www\.otherdomain\.com A \(ingress-records-www\.otherdomain\.com-A\): is in zone domain\.com .*, but its deepest zone is otherdomain\.com/,
    },
    {
        what: "an alias through another region's canonical zone",
        breaks: (r) => void ((inputsOf(r, "Record", "my.domain.com").aliases as List)[0].zoneId = "Z35SXDOTRQ7X7K"),
        reported: /aliases a classic load balancer in ca-central-1 through zone Z35SXDOTRQ7X7K, not its canonical zone ZQSVJUPU6J1EY/,
    },
    {
        what: "a record pointing at another load balancer than the gateway's",
        breaks: (r) =>
            void ((inputsOf(r, "Record", "subnet.domain.com").aliases as List)[0].name = "old-1234567890.ca-central-1.elb.amazonaws.com"),
        reported: /Route53 records point at "old-1234567890\.ca-central-1\.elb\.amazonaws\.com", not at the gateway's load balancer/,
    },
    {
        what: "a CNAME at a zone apex",
        breaks: (r) => {
            const record = inputsOf(r, "Record", "www.otherdomain.com");
            Object.assign(record, { name: "otherdomain.com", type: "CNAME", ttl: 300, records: ["lb.example.net"], aliases: undefined });
        },
        reported: /Route53 record otherdomain\.com CNAME .*: is a CNAME at the apex of zone otherdomain\.com, which Route53 refuses/,
    },
    {
        what: "a gateway host without a record",
        breaks: (r) =>
            void r.resources.splice(
                r.resources.findIndex((x) => x.name === "ingress-records-wildcard.apps.domain.com-A"),
                1,
            ),
        reported: /Gateway istio-ingress\/web-gateway: host "\*\.apps\.domain\.com" has no Route53 record/,
    },
];

describe("cross-reference check", () => {
    for (const stack of stacks) {
        it(`finds no broken reference in the ${stack} stack`, async () => {
            const { result, secretKeys } = await synthExample(stack);
            assertCrossReferences(result, { secretKeys });
        });
    }

    describe("on hand-broken copies of the dev stack's result", () => {
        let dev: { result: SynthResult; secretKeys: SecretKeys };
        before(async () => {
            dev = await synthExample("dev");
        });

        for (const breakage of BREAKAGES) {
            it(`reports ${breakage.what}`, () => {
                const broken = structuredClone(dev.result);
                breakage.breaks(broken);
                assert.throws(() => assertCrossReferences(broken, { secretKeys: dev.secretKeys }), breakage.reported);
            });
        }

        it("reports every breakage of one result in one run", () => {
            const broken = structuredClone(dev.result);
            const independent = BREAKAGES.filter((b) =>
                /credentialName that|on a Gateway that|key the Secret|another ClusterIssuer/.test(b.what),
            );
            assert.equal(independent.length, 4);
            for (const breakage of independent) breakage.breaks(broken);
            const problems = crossReferenceProblems(broken, { secretKeys: dev.secretKeys }).join("\n");
            for (const breakage of independent) assert.match(problems, breakage.reported);
        });

        it("does not take a key of a Secret whose data shows only as [secret] on trust", () => {
            assert.throws(
                () => assertCrossReferences(dev.result),
                /accessKeyIDSecretRef key "access-key-id" cannot be verified: Secret cert-manager\/route53-dns01-credentials shows its data only as "\[secret\]"/,
            );
        });
    });
});
