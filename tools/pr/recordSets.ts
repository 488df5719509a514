/**
 * Which Route53 record sets a change replaces because their routing changes: a record that keeps its
 * resource but gains, loses or changes its set identifier or routing policy. The AWS provider updates
 * such a record by deleting the old record set and creating the new one in one change batch
 * (terraform-provider-aws internal/service/route53/record.go, resourceRecordUpdate), and while other
 * stacks write the same names, Route53 refuses a record set whose policy differs from theirs. Pure
 * functions only; tools/pr/synthDiff.ts renders the result.
 */
import type { StackResources } from "./rateLimits";

const RECORD = "aws:route53/record:Record";

/** One record set the change replaces. */
export interface RecordSetReplacement {
    stack: string;
    name: string;
    type: string;
    /** `simple`, or `<policy> <set identifier>`, before and after. */
    from: string;
    to: string;
}

type JsonObject = Record<string, unknown>;
const obj = (value: unknown): JsonObject =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};

/** `simple`, or the routing policy and set identifier of a record's inputs. */
export function routingOf(inputs: JsonObject): string {
    const policy = ["weighted", "latency", "failover"].find((p) => Array.isArray(inputs[`${p}RoutingPolicies`]));
    if (typeof inputs.setIdentifier !== "string") return "simple";
    return `${policy ?? (inputs.multivalueAnswerRoutingPolicy === true ? "multivalue" : "routed")} ${inputs.setIdentifier}`;
}

function recordsOf(json: string | undefined): Map<string, JsonObject> {
    if (json === undefined) return new Map();
    const resources = ((JSON.parse(json) as { resources?: unknown[] }).resources ?? []).map(obj);
    return new Map(resources.filter((r) => r.type === RECORD).map((r) => [String(r.urn), obj(r.inputs)]));
}

/** Every record of every stack whose routing (policy or set identifier) the head changes. */
export function recordSetReplacements(stacks: readonly StackResources[]): RecordSetReplacement[] {
    return stacks.flatMap((stack) => {
        const base = recordsOf(stack.baseResources);
        return [...recordsOf(stack.headResources)].flatMap(([urn, head]): RecordSetReplacement[] => {
            const before = base.get(urn);
            if (before === undefined) return [];
            const from = routingOf(before);
            const to = routingOf(head);
            return from === to ? [] : [{ stack: stack.stack, name: String(head.name), type: String(head.type), from, to }];
        });
    });
}

/** The Markdown section of the pull-request comment; empty when nothing is replaced. */
export function renderRecordSetReplacements(replacements: readonly RecordSetReplacement[]): string {
    if (replacements.length === 0) return "";
    const stacks = [...new Set(replacements.map((r) => r.stack))];
    const lines = replacements.map((r) => `- \`${r.stack}\` ${r.name} ${r.type}: ${r.from} → ${r.to}`);
    return [
        "### Route53 record sets replaced",
        "",
        `Their routing changes, so the AWS provider replaces each record set: it deletes the old one and creates the new one in one change batch, which Route53 applies whole (the name keeps answering). Route53 refuses a record set whose routing policy differs from the other record sets of its name and type: apply ${stacks.map((s) => `\`${s}\``).join(", ")} before any other stack writes these names with the new policy, and while none writes them with the old one (docs/several-clusters.md).`,
        "",
        ...lines,
        "",
    ].join("\n");
}
