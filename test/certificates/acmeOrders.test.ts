import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { SynthResult } from "../../tools/synth/engine";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../../tools/synth/synth";
import { acmeOrderProblems } from "../models/acmeOrders";
import { metadata, minimalArgs, ofType, one, spec, synthComponent, transitiveDependencies } from "../support/harness";

const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const GATEWAY = "kubernetes:networking.istio.io/v1:Gateway";

const project = readProjectFile();
const stacks = readdirSync(project.stackConfigDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined);

interface Server {
    port: { number: number };
    hosts: string[];
    tls?: { credentialName?: string };
}
const httpsServers = (gateway: SynthResult["resources"][number]) =>
    (spec(gateway).servers as Server[]).filter((server) => server.port.number === 443);
/** Istio Gateway hosts may be written `namespace/host`. */
const bare = (host: string) => host.slice(host.indexOf("/") + 1);

describe("every Certificate is an order the ACME CA accepts", () => {
    for (const stack of stacks) {
        it(`example stack ${stack}`, async () => {
            const result = await synthStack(stack, readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name));
            assert.ok(ofType(result, CERTIFICATE).length > 0);
            assert.deepEqual(acmeOrderProblems(result), []);
        });
    }

    it("the check fails the way Boulder would on a Certificate listing a name beside its wildcard", async () => {
        const result = await synthComponent(minimalArgs({ gateways: [{ name: "web", hosts: ["*.apps.example.com"] }] }));
        (spec(one(result, CERTIFICATE)).dnsNames as string[]).push("x.apps.example.com");
        assert.deepEqual(acmeOrderProblems(result), [
            'Certificate istio-ingress/web: the ACME CA refuses its order: Domain name "x.apps.example.com" is redundant with a wildcard domain in the same request. Remove one or the other from the certificate request.',
        ]);
    });

    describe('hosts: ["*.apps.example.com", "x.apps.example.com"]', () => {
        let result: SynthResult;
        before(async () => {
            result = await synthComponent(
                minimalArgs({ gateways: [{ name: "web", hosts: ["*.apps.example.com", "x.apps.example.com", "www.example.com"] }] }),
            );
        });

        it("the Certificate names only the wildcard (and the names it does not cover)", () => {
            assert.deepEqual(spec(one(result, CERTIFICATE)).dnsNames, ["*.apps.example.com", "www.example.com"]);
        });

        it("the Gateway still serves the covered host, in the HTTPS server whose certificate covers it (TLS by SNI)", () => {
            const [server] = httpsServers(one(result, GATEWAY));
            assert.equal(server.tls?.credentialName, spec(one(result, CERTIFICATE)).secretName);
            assert.ok(server.hosts.map(bare).includes("x.apps.example.com"));
        });
    });
});

describe("Gateways wait for their Certificates", () => {
    let result: SynthResult;
    before(async () => {
        const hosts = Array.from({ length: 101 }, (_, i) => `h${i}.example.com`);
        result = await synthComponent(
            minimalArgs({
                gateways: [
                    { name: "web", hosts },
                    { name: "api", hosts: ["api.example.com"] },
                ],
            }),
        );
    });

    it("each Gateway waits for every Certificate whose secret it reads, and for no other gateway's", () => {
        const certificates = ofType(result, CERTIFICATE);
        for (const gateway of ofType(result, GATEWAY)) {
            const credentials = new Set(httpsServers(gateway).map((server) => server.tls?.credentialName));
            const own = certificates.filter((c) => credentials.has(spec(c).secretName as string));
            assert.equal(own.length, credentials.size, `${metadata(gateway).name}: a Certificate for each credentialName`);
            for (const certificate of certificates) {
                const waits = gateway.dependencies.includes(certificate.urn);
                assert.equal(
                    waits,
                    own.includes(certificate),
                    `${metadata(gateway).name} ${waits ? "waits" : "does not wait"} for Certificate ${metadata(certificate).name}`,
                );
            }
        }
        const count = (name: string) =>
            ofType(result, CERTIFICATE).filter((c) => one(result, GATEWAY, `ingress-gateways-${name}`).dependencies.includes(c.urn)).length;
        assert.deepEqual([count("web"), count("api")], [2, 1]);
    });

    it("a Certificate never waits for a Gateway", () => {
        const gateways = new Set(ofType(result, GATEWAY).map((g) => g.urn));
        for (const certificate of ofType(result, CERTIFICATE)) {
            const waitedFor = [...transitiveDependencies(result, certificate)].filter((urn) => gateways.has(urn));
            assert.deepEqual(waitedFor, [], `Certificate ${metadata(certificate).name}`);
        }
    });
});
