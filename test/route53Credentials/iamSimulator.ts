import { createValidatedPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { runSimulation, runUnsafeSimulation, type EvaluationResult, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../components/route53Credentials/policy";
import type { TrustPolicyDocument } from "../../components/route53Credentials/trust";

/**
 * IAM's decision on one request, by @cloud-copilot/iam-simulate, which implements AWS's policy
 * evaluation logic (identity and resource policies, same- and cross-account, service and federated
 * principals, condition operators and set qualifiers):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/** One request as an AWS service receives it: who asks, for what, on what, and its request context. */
export interface IamRequest {
    /** A service principal (`pods.eks.amazonaws.com`), an OIDC provider ARN (web identity), a user ARN or a role session ARN. */
    principal: string;
    action: string;
    resource: string;
    /** The account that owns the resource (a role's trust policy is its resource policy). */
    resourceAccount: string;
    /** The condition keys the service sets for this request, with their values. */
    context: Record<string, string | string[]>;
}

export interface IamPolicies {
    /** The policies attached to the principal; none for a service or a web identity. */
    identity?: PolicyDocument[];
    /** The resource's policy: a role's trust policy. */
    resource?: TrustPolicyDocument;
}

export interface EvaluateOptions {
    /**
     * Condition keys AWS documents outside the Service Authorization Reference, which the simulator
     * reads for the list of keys each action has and otherwise drops: the keys an OIDC provider's
     * claims give (`<issuer>:sub`, `<issuer>:aud`),
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
     */
    keysOutsideReference?: string[];
}

/**
 * Evaluates the request against the policies. Fails, rather than deciding, when a policy is one IAM
 * would refuse to store, or when the request names a condition key that AWS never sends for that
 * action (the simulator would silently drop it, and a test would pass or fail for the wrong reason).
 */
export async function evaluate(request: IamRequest, policies: IamPolicies, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    const simulation: Simulation = {
        request: {
            principal: request.principal,
            action: request.action,
            resource: { resource: request.resource, accountId: request.resourceAccount },
            contextVariables: request.context,
        },
        identityPolicies: (policies.identity ?? []).map((policy, index) => ({ name: `identity-${index}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: policies.resource,
    };
    const checked = await runSimulation(simulation, {});
    if (checked.resultType === "error") throw new Error(`IAM would refuse this simulation's input: ${JSON.stringify(checked.errors)}`);
    if (checked.resultType !== "single") throw new Error(`expected one resource, ${request.resource} matched ${checked.results.length}`);

    const dropped = checked.result.ignoredContextKeys ?? [];
    const allowed = new Set(options.keysOutsideReference ?? []);
    const unknown = dropped.filter((key) => !allowed.has(key));
    if (unknown.length > 0) throw new Error(`${request.action} has no condition key ${unknown.join(", ")}: AWS never sends it`);
    if (dropped.length === 0) return checked.overallResult;

    // Keys documented outside the reference: evaluate the request with every key as given. The
    // trust policy goes in already validated, as runUnsafeSimulation loads it without a name.
    if (!policies.resource) throw new Error("keys outside the reference are only read by trust policies here");
    return runUnsafeSimulation(
        { ...simulation, resourcePolicy: createValidatedPolicy(policies.resource, validateTrustPolicy, { name: "trust-policy" }) },
        {},
    );
}
