/**
 * Renders the synth difference between a pull request's base and head as one Markdown comment.
 * Pure functions only; tools/pr/cli.ts runs synth and git and feeds them.
 */
import { rateLimitReport, renderRateLimits } from "./rateLimits";
import { recordSetReplacements, renderRecordSetReplacements } from "./recordSets";
import { replacementCauses, SynthResource } from "./replacements";

/** Hidden in the comment so the workflow finds and updates it instead of adding another. */
export const COMMENT_MARKER = "<!-- istio-acme-ingress:synth-diff -->";
/** GitHub rejects comments over 65,536 characters; stay well below. */
export const DEFAULT_MAX_CHARS = 60_000;

export interface ResourceChanges {
    added: string[];
    removed: string[];
    /** Updated in place. */
    changed: string[];
    /** Kept by URN, but the provider deletes and creates it (a Kubernetes object renamed or moved), with why. */
    replaced: Array<{ urn: string; causes: string[] }>;
    unchanged: number;
}

export interface StackDiff {
    stack: string;
    /** `resources.json` of the base, or undefined where the stack does not exist there (or synth failed). */
    baseResources?: string;
    headResources?: string;
    /** Unified diff of the synth files (`git diff --no-index` output); empty when they are the same. */
    diff: string;
    /** Set when synth failed on one side. */
    error?: string;
}

function resourcesByUrn(json: string | undefined): Map<string, { resource: SynthResource; text: string }> {
    if (json === undefined) return new Map();
    const parsed = JSON.parse(json) as { resources?: SynthResource[] };
    return new Map((parsed.resources ?? []).map((resource) => [resource.urn, { resource, text: JSON.stringify(resource) }]));
}

/** Which resources (by URN) the head adds, removes, replaces or updates compared with the base. */
export function compareResources(baseJson: string | undefined, headJson: string | undefined): ResourceChanges {
    const base = resourcesByUrn(baseJson);
    const head = resourcesByUrn(headJson);
    const changes: ResourceChanges = { added: [], removed: [], changed: [], replaced: [], unchanged: 0 };
    for (const [urn, after] of head) {
        const before = base.get(urn);
        if (before === undefined) changes.added.push(urn);
        else if (before.text === after.text) changes.unchanged++;
        else {
            const causes = replacementCauses(before.resource, after.resource);
            if (causes.length > 0) changes.replaced.push({ urn, causes });
            else changes.changed.push(urn);
        }
    }
    for (const urn of base.keys()) if (!head.has(urn)) changes.removed.push(urn);
    return changes;
}

/** `urn:pulumi:dev::project::a$b$kubernetes:core/v1:Secret::name` -> `kubernetes:core/v1:Secret::name` */
export function shortUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) return urn;
    const type = parts[2].split("$").pop() ?? parts[2];
    return `${type}::${parts.slice(3).join("::")}`;
}

function summaryLine(changes: ResourceChanges): string {
    const { added, removed, changed, replaced, unchanged } = changes;
    return `+${added.length} to create, ~${changed.length} to update, +-${replaced.length} to replace, -${removed.length} to delete, ${unchanged} unchanged`;
}

function resourceList(changes: ResourceChanges): string {
    const lines = [
        ...changes.added.map((urn) => `+ ${shortUrn(urn)}`),
        ...changes.changed.map((urn) => `~ ${shortUrn(urn)}`),
        ...changes.replaced.map(({ urn, causes }) => `+- ${shortUrn(urn)} (replace: ${causes.join(", ")})`),
        ...changes.removed.map((urn) => `- ${shortUrn(urn)}`),
    ];
    return lines.length === 0 ? "" : ["```", ...lines, "```"].join("\n");
}

/** A code fence longer than any backtick run inside, so the diff cannot close it early. */
function fenced(text: string, language: string): string {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    return `${fence}${language}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/** Cuts `diff` to at most `limit` characters at a line end, saying how many lines were left out. */
export function truncateDiff(diff: string, limit: number): { text: string; truncated: boolean } {
    if (diff.length <= limit) return { text: diff, truncated: false };
    const cut = diff.lastIndexOf("\n", limit);
    const kept = diff.slice(0, cut > 0 ? cut : limit);
    const omitted = diff
        .slice(kept.length)
        .split("\n")
        .filter((line) => line !== "").length;
    return { text: `${kept}\n… ${omitted} more lines not shown`, truncated: true };
}

export interface RenderOptions {
    maxChars?: number;
    /** Where the full diff can be read, e.g. the workflow run's artifact page. */
    fullDiffUrl?: string;
    baseRef?: string;
    headRef?: string;
}

/** The whole comment: a summary table, then per stack the resource changes and the (possibly truncated) file diff. */
export function renderComment(stacks: StackDiff[], options: RenderOptions = {}): string {
    const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    const rows = stacks.map((stack) => ({ stack, changes: compareResources(stack.baseResources, stack.headResources) }));
    const range = options.baseRef && options.headRef ? ` (\`${options.baseRef}\` → \`${options.headRef}\`)` : "";
    const summary = [
        COMMENT_MARKER,
        `## Synth diff${range}`,
        "",
        "What `npm run synth` declares for each example stack, offline under Pulumi's mock engine. Not a `pulumi preview`: no cloud state is read.",
        "",
        "| Stack | Resources |",
        "| --- | --- |",
        ...rows.map(({ stack, changes }) => `| \`${stack.stack}\` | ${stack.error ? `synth failed` : summaryLine(changes)} |`),
        "",
    ].join("\n");

    const changed = rows.filter(({ stack }) => stack.error !== undefined || stack.diff.trim() !== "");
    if (changed.length === 0) return `${summary}\nNo stack changes.\n`;
    const replaced = renderRecordSetReplacements(recordSetReplacements(stacks));
    const header = `${summary}\n${renderRateLimits(rateLimitReport(stacks))}${replaced === "" ? "" : `\n${replaced}`}`;

    // Share what is left after the fixed parts equally between the stacks whose files changed.
    const fixed = rows.map(({ stack, changes }) => sectionHead(stack, changes)).join("").length;
    const budget = Math.max(500, Math.floor((maxChars - header.length - fixed - 400) / changed.length));
    let anyTruncated = false;
    const sections = rows.map(({ stack, changes }) => {
        const head = sectionHead(stack, changes);
        if (stack.diff.trim() === "") return head;
        const { text, truncated } = truncateDiff(stack.diff, budget);
        anyTruncated ||= truncated;
        return `${head}<details><summary>File diff${truncated ? " (truncated)" : ""}</summary>\n\n${fenced(text, "diff")}\n\n</details>\n\n`;
    });
    const note = anyTruncated
        ? `\n> Some diffs were too long for one comment and are cut short.${options.fullDiffUrl ? ` The full diff: ${options.fullDiffUrl}` : ""}\n`
        : "";
    return capLength(`${header}\n${sections.join("")}${note}`, maxChars);
}

/** Last resort when the resource lists alone are too long: cut, and say so. */
function capLength(comment: string, maxChars: number): string {
    if (comment.length <= maxChars) return comment;
    const note = "\n\n> This comment was cut short: the change is too large to show here.\n";
    return comment.slice(0, maxChars - note.length) + note;
}

function sectionHead(stack: StackDiff, changes: ResourceChanges): string {
    if (stack.error !== undefined) return `### \`${stack.stack}\`\n\n${fenced(stack.error, "text")}\n\n`;
    if (stack.diff.trim() === "") return "";
    const list = resourceList(changes);
    return `### \`${stack.stack}\`: ${summaryLine(changes)}\n\n${list === "" ? "Resources unchanged; their rendering changed.\n\n" : `${list}\n\n`}`;
}
