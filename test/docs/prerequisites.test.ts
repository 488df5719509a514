import * as assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { FIXTURE_PATHS } from "../../tools/schemas/sources";
import { REPO_ROOT } from "../../tools/synth/synth";
import { locateUpstream } from "../support/upstreamSchemas";
import { sectionOf } from "./readmeSections";

/**
 * What a real cluster needs before the first `pulumi up`, stated where a user reads before installing:
 * the README's "Before you deploy" section. Each fact is tied to what the program deploys, so a change there
 * that the README does not follow fails here.
 */
const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const install = sectionOf(readme, "## Before you deploy");

const AWS_LBC_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-type";

describe("README prerequisites", () => {
    it("has a Before you deploy section to check", () => {
        assert.ok(install.length > 100, "README's '## Before you deploy' section is empty");
    });

    it("names the AWS Load Balancer Controller, which every stack selecting it with its annotation needs", () => {
        const stacksDir = join(REPO_ROOT, "stacks");
        const selecting = readdirSync(stacksDir)
            .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
            .filter((file) => {
                const config = (parse(readFileSync(join(stacksDir, file), "utf8")) as { config?: Record<string, unknown> }).config ?? {};
                const istio = config["istio-acme-ingress:istio"] as { serviceAnnotations?: Record<string, string> } | undefined;
                return istio?.serviceAnnotations?.[AWS_LBC_ANNOTATION] === "external";
            });
        assert.ok(selecting.length > 0, "no example stack selects the AWS Load Balancer Controller");
        assert.match(install, /AWS Load Balancer Controller/);
        assert.match(install, new RegExp(`${AWS_LBC_ANNOTATION.replace(/\./g, "\\.")}: external`));
        assert.match(install, /600 s/, "says what happens without it: the release waits its whole timeout");
    });

    it("names the control-plane-to-node ports of both webhooks: istiod's 15017 and cert-manager's chart port", function () {
        const upstream = locateUpstream();
        if (!upstream.available) this.skip();
        const schema = JSON.parse(readFileSync(join(upstream.root, FIXTURE_PATHS.certManagerValuesSchema), "utf8")) as {
            $defs: Record<string, { default?: unknown }>;
        };
        const certManagerPort = schema.$defs["helm-values.webhook.securePort"]?.default;
        assert.equal(typeof certManagerPort, "number");
        assert.match(install, new RegExp(`TCP ${String(certManagerPort)} for cert-manager's webhook`));
        assert.match(install, /TCP 15017 for istiod's/);
    });
});
