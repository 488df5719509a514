import * as pulumi from "@pulumi/pulumi";
import type { IstioAcmeIngressArgs } from "../components/args";
import { field } from "../components/config/raw";
import { likelyMeant } from "../components/config/spelling";
import { ConfigProblem, formatProblems, validateIngressConfig } from "../components/config/validate";

export const PROJECT = "istio-acme-ingress";

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Sections whose leaf values may be `secure:`; they reach the component as secret outputs. */
const SECRET_CAPABLE: Record<string, (section: Record<string, unknown>) => Record<string, unknown>> = {
    acme: (acme) => ({
        ...acme,
        ...(typeof acme.email === "string" ? { email: pulumi.secret(acme.email) } : {}),
        ...(isRecord(acme.externalAccountBinding) && typeof acme.externalAccountBinding.hmacKey === "string"
            ? { externalAccountBinding: { ...acme.externalAccountBinding, hmacKey: pulumi.secret(acme.externalAccountBinding.hmacKey) } }
            : {}),
    }),
    route53: (route53) => ({
        ...route53,
        ...(typeof route53.region === "string" ? { region: pulumi.secret(route53.region) } : {}),
        ...(Array.isArray(route53.zones)
            ? {
                  zones: route53.zones.map((zone: unknown) =>
                      zone !== null && typeof zone === "object" && typeof (zone as Record<string, unknown>).hostedZoneId === "string"
                          ? { ...zone, hostedZoneId: pulumi.secret((zone as Record<string, string>).hostedZoneId) }
                          : zone,
                  ),
              }
            : {}),
    }),
};

/**
 * Values that are keys, by section: a stack config must give them `secure:` (encrypted in
 * `Pulumi.<stack>.yaml`, which is committed), never in clear.
 */
const SECRET_ONLY: Record<string, ReadonlyArray<readonly string[]>> = {
    acme: [["externalAccountBinding", "hmacKey"]],
};

function clearKeyProblems(name: string, section: unknown): ConfigProblem[] {
    return (SECRET_ONLY[name] ?? [])
        .filter((path) => typeof path.reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), section) === "string")
        .map((path) => {
            const key = [name, ...path].join(".");
            return {
                propertyPath: `${PROJECT}:${key}`,
                reason: `is a key and must be a secret: set it with pulumi config set --secret --path '${key}' <value>`,
            };
        });
}

/** The SDK knows which config keys are secret but keeps the function out of its typings. */
function isSecretKey(key: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
    return runtime.isConfigSecret?.(key) ?? false;
}

function parseValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/**
 * Reads every `istio-acme-ingress:*` key of the stack config into the component's args, with
 * `route53.region` defaulting to `aws:region`. Throws a `RunError` (no stack trace) listing every
 * problem, with the key paths as they are written in `Pulumi.<stack>.yaml`.
 */
export function readStackConfig(): IstioAcmeIngressArgs {
    const raw: Record<string, unknown> = {};
    const extra: ConfigProblem[] = [];
    const all = pulumi.runtime.allConfig();
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(`${PROJECT}:`)) {
            const namespace = key.split(":")[0];
            if (likelyMeant(namespace, [PROJECT])) {
                extra.push({
                    propertyPath: key,
                    reason: `is in no project's namespace (did you mean "${PROJECT}:${key.slice(namespace.length + 1)}"?)`,
                });
            }
            continue;
        }
        const name = key.slice(PROJECT.length + 1);
        let parsed = parseValue(value);
        const makeSecret = SECRET_CAPABLE[name];
        if (!isSecretKey(key)) extra.push(...clearKeyProblems(name, parsed));
        else if (makeSecret && isRecord(parsed)) parsed = makeSecret(parsed);
        raw[name] = parsed;
    }

    const route53 = raw.route53;
    if (route53 !== null && typeof route53 === "object" && !Array.isArray(route53) && !("region" in route53)) {
        const awsRegion = new pulumi.Config("aws").get("region");
        if (awsRegion) raw.route53 = { ...route53, region: awsRegion };
        else extra.push({ propertyPath: `${PROJECT}:route53.region`, reason: "is required when aws:region is not set" });
    }

    // Latency record sets name the cluster's region: aws:region, unless route53.routing.region says.
    const routing = field(route53, "routing");
    if (
        field(routing, "policy") === "latency" &&
        field(routing, "region") === undefined &&
        new pulumi.Config("aws").get("region") === undefined
    ) {
        extra.push({
            propertyPath: `${PROJECT}:route53.routing.region`,
            reason: "is required when aws:region is not set: latency record sets name the region of their load balancer",
        });
    }

    const result = validateIngressConfig(raw);
    const inProject = (result.ok ? [] : result.problems).map((p) => ({ ...p, propertyPath: `${PROJECT}:${p.propertyPath}` }));
    const problems = [...inProject, ...extra];
    if (problems.length > 0) throw new pulumi.RunError(formatProblems(problems));
    return raw as unknown as IstioAcmeIngressArgs;
}
