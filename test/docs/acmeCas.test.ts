import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ACME_CAS, ACME_SERVER_KEYWORDS } from "../../components/config/defaults";
import { REPO_ROOT } from "../../tools/synth/synth";

/**
 * docs/acme.md's CA table is what a user chooses a CA by; the program checks configs against
 * `ACME_CAS`. They must say the same.
 */
const page = readFileSync(join(REPO_ROOT, "docs", "acme.md"), "utf8");

/** The table rows, by keyword: the cells after the keyword, without their backquotes. */
function tableRows(): Map<string, string[]> {
    const rows = new Map<string, string[]>();
    const section = page.slice(page.indexOf("## The CAs known by keyword"), page.indexOf("## External Account Binding"));
    for (const line of section.split("\n")) {
        const match = /^\| `([a-z-]+)` +\|(.*)\|$/.exec(line);
        if (match)
            rows.set(
                match[1],
                match[2].split("|").map((cell) => cell.trim().replace(/`/g, "")),
            );
    }
    return rows;
}

describe("docs/acme.md's CA table", () => {
    const rows = tableRows();

    it("has one row per acme.server keyword, in the enum's order", () => {
        assert.deepEqual([...rows.keys()], ACME_SERVER_KEYWORDS);
    });

    it("cites every source the program's facts come from", () => {
        const sources = new Set(ACME_SERVER_KEYWORDS.flatMap((keyword) => ACME_CAS[keyword].sources));
        assert.deepEqual(
            [...sources].filter((url) => !page.includes(`(${url})`)),
            [],
        );
    });

    for (const keyword of ACME_SERVER_KEYWORDS) {
        it(`${keyword}: the name, directory, External Account Binding, CAA domain and profiles the program uses`, () => {
            const ca = ACME_CAS[keyword];
            const [name, directory, eab, caa, profiles] = rows.get(keyword) ?? [];
            const documentedProfiles = Object.keys(ca.profiles);
            assert.deepEqual(
                { name, directory, eab, caa, profiles },
                {
                    name: ca.name,
                    directory: ca.directoryUrl,
                    eab: ca.externalAccountBinding ? "required" : "no",
                    caa: ca.caaDomain,
                    profiles: documentedProfiles.length > 0 ? documentedProfiles.join(", ") : "none documented",
                },
            );
        });
    }
});
