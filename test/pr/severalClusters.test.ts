import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { ACME_SERVERS } from "../../components/config/defaults";
import { rateLimitReport, renderRateLimits, StackResources } from "../../tools/pr/rateLimits";
import { recordSetReplacements, renderRecordSetReplacements } from "../../tools/pr/recordSets";
import { renderComment } from "../../tools/pr/synthDiff";
import { renderFiles, REPO_ROOT } from "../../tools/synth/synth";
import { synthYaml } from "../support/harness";

/*
 * The pull-request comment for changes to stacks that serve the same hosts from several clusters: each
 * stack's certificates counted (https://letsencrypt.org/docs/rate-limits/, "New Certificates per Exact Set
 * of Identifiers" and "Non-ARI Renewals"), and the record sets a change of routing replaces.
 */
const committed = (stack: string) => readFileSync(join(REPO_ROOT, "synth", stack, "resources.json"), "utf8");

async function shopEuWithout(routing: boolean): Promise<string> {
    const document = parse(readFileSync(join(REPO_ROOT, "stacks", "Pulumi.shop-eu.yaml"), "utf8")) as {
        config: Record<string, Record<string, unknown>>;
    };
    const route53 = { ...document.config["istio-acme-ingress:route53"] };
    if (!routing) delete route53.routing;
    document.config["istio-acme-ingress:route53"] = route53;
    return renderFiles(await synthYaml(stringify(document), "shop-eu"))["resources.json"];
}

describe("the pull-request comment for several clusters", function () {
    this.timeout(120_000);

    it("counts each stack's certificate for the same names: the first new, the second a renewal of it", () => {
        const stacks: StackResources[] = [
            { stack: "shop-eu", headResources: committed("shop-eu") },
            { stack: "shop-us", headResources: committed("shop-us") },
        ];
        const report = rateLimitReport(stacks);
        assert.deepEqual(
            report.issuances.map((issuance) => [issuance.stack, issuance.certificate, issuance.names.join(","), issuance.newNameSet]),
            [
                ["shop-eu", "istio-ingress/shop", "shop.domain.com,www.shop.domain.com", true],
                ["shop-us", "istio-ingress/shop", "shop.domain.com,www.shop.domain.com", false],
            ],
        );
        assert.deepEqual(report.domains, [
            { server: ACME_SERVERS.production, registeredDomain: "domain.com", newCertificates: 1, renewals: 1 },
        ]);
        assert.deepEqual(report.shared, [
            { server: ACME_SERVERS.production, names: ["shop.domain.com", "www.shop.domain.com"], stacks: ["shop-eu", "shop-us"] },
        ]);
        assert.deepEqual(report.warnings, []);
        assert.match(
            renderRateLimits(report),
            /Names that several stacks hold, one cluster each: .*\n\n- shop\.domain\.com, www\.shop\.domain\.com \(Let's Encrypt\): `shop-eu`, `shop-us`/,
        );
    });

    it("warns when a change issues names that 3 or more stacks hold, though it issues them once", () => {
        const head = committed("shop-eu");
        const stacks: StackResources[] = [
            { stack: "shop-ap", headResources: head },
            { stack: "shop-eu", baseResources: head, headResources: head },
            { stack: "shop-us", baseResources: head, headResources: head },
        ];
        assert.deepEqual(rateLimitReport(stacks).warnings, [
            "3 stacks hold certificates for the same names (shop.domain.com, www.shop.domain.com; shop-ap, shop-eu, shop-us): issuing them all in one week nears Let's Encrypt's limit of 5 per exact set of names per 7 days",
        ]);
    });

    it("says which record sets a switch from simple to latency replaces, and in which order to apply the stacks", async () => {
        const stacks: StackResources[] = [
            { stack: "shop-eu", baseResources: await shopEuWithout(false), headResources: committed("shop-eu") },
            { stack: "shop-us", baseResources: committed("shop-us"), headResources: committed("shop-us") },
        ];
        const replaced = recordSetReplacements(stacks);
        assert.deepEqual(replaced, [
            { stack: "shop-eu", name: "shop.domain.com", type: "A", from: "simple", to: "latency istio-acme-ingress-shop-eu" },
            { stack: "shop-eu", name: "www.shop.domain.com", type: "A", from: "simple", to: "latency istio-acme-ingress-shop-eu" },
        ]);
        const section = renderRecordSetReplacements(replaced);
        assert.match(section, /^### Route53 record sets replaced\n/);
        assert.match(section, /in one change batch/);
        assert.match(section, /apply `shop-eu` before any other stack writes these names with the new policy/);
        assert.match(section, /- `shop-eu` shop\.domain\.com A: simple → latency istio-acme-ingress-shop-eu/);
        const comment = renderComment(stacks.map((stack) => ({ ...stack, diff: "+changed\n" })));
        assert.ok(comment.includes(section), "the comment carries the section");

        const unchanged = [{ stack: "shop-eu", baseResources: committed("shop-eu"), headResources: committed("shop-eu") }];
        assert.deepEqual(recordSetReplacements(unchanged), []);
        assert.equal(renderRecordSetReplacements([]), "");
    });
});
