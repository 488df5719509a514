/**
 * What an ACME CA would answer the order of each Certificate a synth declares: cert-manager orders
 * a Certificate's `dnsNames` as they are, so an order the CA refuses is a Certificate that never
 * becomes Ready, and a `pulumi up` that fails after its wait. The rules are Boulder's, from
 * components/certificates/acmeOrderRules.ts (tested there against Boulder's own cases); Let's
 * Encrypt's whole rule set applies where the Certificate's ClusterIssuer is Let's Encrypt.
 */
import { isLetsEncrypt, orderRefusal } from "../../components/certificates/acmeOrderRules";
import { maxNamesPerCertificate } from "../../components/config/acme";
import type { SynthResult } from "../../tools/synth/engine";

const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";

type JsonObject = Record<string, unknown>;
const obj = (value: unknown): JsonObject => (value !== null && typeof value === "object" ? (value as JsonObject) : {});
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** One line per Certificate whose order the CA would refuse, with the CA's error. */
export function acmeOrderProblems(result: SynthResult): string[] {
    const issuers = new Map(
        result.resources
            .filter((r) => r.type === CLUSTER_ISSUER)
            .map((r) => [String(obj(r.inputs.metadata).name), obj(obj(r.inputs.spec).acme)]),
    );
    return result.resources
        .filter((r) => r.type === CERTIFICATE)
        .flatMap((certificate) => {
            const spec = obj(certificate.inputs.spec);
            const acme = issuers.get(String(obj(spec.issuerRef).name)) ?? {};
            const server = acme.server;
            const rules = typeof server === "string" && !isLetsEncrypt(server) ? "anyCa" : "letsEncrypt";
            // A profile may cap an order's names below 100 (its `maxNames`, ra.NewOrder).
            const profile = typeof acme.profile === "string" ? acme.profile : undefined;
            const maxNames = typeof server === "string" ? maxNamesPerCertificate(server, profile) : undefined;
            const refusal = orderRefusal(strings(spec.dnsNames), rules, maxNames);
            const metadata = obj(certificate.inputs.metadata);
            return refusal === undefined
                ? []
                : [`Certificate ${String(metadata.namespace)}/${String(metadata.name)}: the ACME CA refuses its order: ${refusal}`];
        });
}

/** Throws listing every Certificate whose order the CA would refuse. */
export function assertAcmeOrders(result: SynthResult): void {
    const problems = acmeOrderProblems(result);
    if (problems.length > 0) throw new Error(`${problems.length} refused ACME orders:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}
