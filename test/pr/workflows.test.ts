import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

const WORKFLOWS = resolve(__dirname, "..", "..", ".github", "workflows");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
}
interface Job {
    if?: string;
    permissions?: Record<string, string>;
    steps?: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

function load(file: string): { text: string; workflow: Workflow } {
    const text = readFileSync(join(WORKFLOWS, file), "utf8");
    return { text, workflow: parse(text) as Workflow };
}

const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));
const stepsOf = (job: Job) => job.steps ?? [];
const usesOf = (job: Job, action: string) => stepsOf(job).filter((step) => step.uses?.startsWith(`${action}@`));

describe("GitHub workflows", function () {
    it("exist: pull-request.yml and deploy-dev.yml", function () {
        assert.deepEqual([...files].sort(), ["deploy-dev.yml", "pull-request.yml"]);
    });

    for (const file of files) {
        describe(file, function () {
            const { text, workflow } = load(file);

            it("pins every action to a full commit SHA, with the release in a comment", function () {
                const lines = text.split("\n").filter((line) => /^\s*(-\s+)?uses:/.test(line));
                assert.ok(lines.length > 0);
                for (const line of lines) assert.match(line, /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/, line);
            });

            it("grants nothing at the top and declares each job's permissions", function () {
                assert.deepEqual(workflow.permissions, {});
                for (const [name, job] of Object.entries(workflow.jobs)) assert.ok(job.permissions, `job ${name} has no permissions`);
            });

            it("asks for id-token only where it assumes an AWS role, and for pull-requests: write only where it comments", function () {
                for (const [name, job] of Object.entries(workflow.jobs)) {
                    const oidc = usesOf(job, "aws-actions/configure-aws-credentials").length > 0;
                    assert.equal(job.permissions?.["id-token"] === "write", oidc, `job ${name}: id-token`);
                    const comments =
                        usesOf(job, "actions/github-script").length > 0 ||
                        usesOf(job, "pulumi/actions").some((step) => step.with?.["comment-on-pr"] === true);
                    assert.equal(job.permissions?.["pull-requests"] === "write", comments, `job ${name}: pull-requests`);
                    assert.ok(!Object.values(job.permissions ?? {}).includes("write") || oidc || comments, `job ${name} writes`);
                }
            });
        });
    }

    describe("pull-request.yml", function () {
        const { workflow } = load("pull-request.yml");
        const runs = (job: string) => stepsOf(workflow.jobs[job]).flatMap((step) => (step.run ? [step.run] : []));

        it("runs on every pull request", function () {
            assert.deepEqual(Object.keys(workflow.on), ["pull_request"]);
            assert.equal(workflow.on.pull_request, null);
        });

        it("installs, lints and tests, with the upstream schema fixtures and without them", function () {
            assert.deepEqual(runs("check"), [
                "npm ci --no-audit --no-fund",
                "npm run lint",
                "npm run schemas:fetch",
                "npm test",
                'ISTIO_ACME_INGRESS_UPSTREAM="$RUNNER_TEMP/no-upstream-fixtures" npm test',
            ]);
        });

        it(".ci/run tests once more with the fixtures hidden", function () {
            const script = readFileSync(join(__dirname, "..", "..", ".ci", "run"), "utf8");
            const commands = script.split("\n").filter((line) => /^\S/.test(line) && !line.startsWith("#"));
            assert.ok(commands.includes("npm test"), "the normal run");
            assert.ok(commands.includes('ISTIO_ACME_INGRESS_UPSTREAM="$no_fixtures" npm test'), "the run without fixtures");
            assert.ok(commands.includes('no_fixtures="$(mktemp -d)"'), "an empty folder");
        });

        it("synths base and head and posts one comment, found again by its marker", function () {
            const refs = usesOf(workflow.jobs["synth-diff"], "actions/checkout").map((step) => step.with?.ref);
            assert.deepEqual(refs, ["${{ github.event.pull_request.head.sha }}", "${{ github.event.pull_request.base.sha }}"]);
            assert.ok(runs("synth-diff").some((run) => run.includes("tools/pr/cli.ts --base ../base --head .")));
            const script = String(usesOf(workflow.jobs.comment, "actions/github-script")[0].with?.script);
            assert.match(script, /<!-- istio-acme-ingress:synth-diff -->/);
            assert.match(script, /updateComment/);
        });

        it("previews each stack with Pulumi's action and its PR comment, only with cloud credentials", function () {
            const preview = workflow.jobs.preview;
            assert.equal(preview.if, "needs.plan.outputs.cloud == 'true'");
            const pulumi = usesOf(preview, "pulumi/actions")[0].with ?? {};
            assert.equal(pulumi.command, "preview");
            assert.equal(pulumi.diff, true);
            assert.equal(pulumi["comment-on-pr"], true);
        });
    });

    describe("deploy-dev.yml", function () {
        const { workflow } = load("deploy-dev.yml");

        it("runs pulumi up for dev on a push to main, only when the repository variable enables it", function () {
            assert.deepEqual(workflow.on, { push: { branches: ["main"] } });
            const [job] = Object.values(workflow.jobs);
            assert.equal(job.if, "vars.DEPLOY_DEV == 'true'");
            const pulumi = usesOf(job, "pulumi/actions")[0].with ?? {};
            assert.equal(pulumi.command, "up");
            assert.match(String(pulumi["stack-name"]), /'dev'/);
        });
    });
});
