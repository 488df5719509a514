/**
 * A model of how an ACME CA decides, from public DNS, whether CAA lets it issue for a name: RFC 8659
 * (CAA) with RFC 8657's `accounturi` and `validationmethods` parameters, as Let's Encrypt's Boulder
 * applies them (va/caa.go: `getCAA`, `selectCAA`, `filterCAA`, `validateCAA`, `parseCAARecord`,
 * `caaAccountURIMatches`, `caaValidationMethodMatches`). Written from the RFCs and read against
 * Boulder; nothing is copied from either.
 *
 * - https://www.rfc-editor.org/rfc/rfc8659#section-3 (the relevant record set: climb to the first non-empty CAA set)
 * - https://www.rfc-editor.org/rfc/rfc8659#section-4.1 (flags: the issuer critical flag; property syntax)
 * - https://www.rfc-editor.org/rfc/rfc8659#section-4.2 (`issue`: issuer-domain-name and parameters; ";" forbids)
 * - https://www.rfc-editor.org/rfc/rfc8659#section-4.3 (`issuewild`: only for wildcards, and then instead of `issue`)
 * - https://www.rfc-editor.org/rfc/rfc8657#section-3 (`accounturi`), #section-4 (`validationmethods`)
 */

/** One CAA resource record: flags, property tag, property value (RFC 8659 section 4.1). */
export interface CaaRecord {
    flags: number;
    tag: string;
    value: string;
}

/** What public DNS answers at a name: its CAA set, or a CNAME (an alias, which the resolver follows). */
export interface DnsNode {
    caa?: readonly CaaRecord[];
    cname?: string;
}

/** Public DNS as a CA's resolver sees it: names (lower case, no trailing dot) to what is there. */
export type PublicDns = ReadonlyMap<string, DnsNode>;

/** One issuance the CA is asked for: one identifier of an order, and how its control was proven. */
export interface CaaRequest {
    /** The identifier: a name or a wildcard `*.name`. */
    name: string;
    /** The CA's own issuer domain name (its CAA identity), e.g. "letsencrypt.org". */
    issuerDomain: string;
    /** The requesting ACME account's URI. */
    accountUri: string;
    /** The ACME challenge type that proved control, e.g. "dns-01". */
    validationMethod: string;
}

export interface CaaDecision {
    permitted: boolean;
    /** The name whose CAA set was relevant; undefined when no set was found (anyone may issue). */
    relevantAt?: string;
    /** Why, in the words a CA's error would use. */
    reason: string;
}

/**
 * Parses one record in the presentation format Route53 takes and shows (RFC 8659 section 4.1.1):
 * `flags tag "value"`, e.g. `0 issue "letsencrypt.org; validationmethods=dns-01"`. Throws on
 * anything else, as Route53 refuses it.
 */
export function parseCaaPresentation(text: string): CaaRecord {
    const match = /^(\d{1,3}) ([A-Za-z0-9]+) "([^"]*)"$/.exec(text);
    if (!match || Number(match[1]) > 255) throw new Error(`not a CAA record in presentation format: ${text}`);
    return { flags: Number(match[1]), tag: match[2], value: match[3] };
}

const MAX_ALIASES = 16;

/**
 * CAA(X) of RFC 8659 section 3: the CAA set a query for X returns, following a CNAME at X (and at
 * its target...) as a resolver does (RFC 1034 section 4.3.2). The set is the target's own; the
 * target's parents are not searched (RFC 6844's errata did so; RFC 8659 does not).
 */
export function caaAt(dns: PublicDns, name: string): { records: readonly CaaRecord[]; answeredBy: string } {
    let current = name;
    for (let hops = 0; hops <= MAX_ALIASES; hops++) {
        const node = dns.get(current);
        if (node?.cname === undefined) return { records: node?.caa ?? [], answeredBy: current };
        current = node.cname.toLowerCase().replace(/\.$/, "");
    }
    throw new Error(`CNAME chain from ${name} is longer than ${MAX_ALIASES}: the lookup fails, and the CA does not issue`);
}

/**
 * RelevantCAASet of RFC 8659 section 3: climb from the name (a wildcard's base domain, `x` of `*.x`)
 * towards the root, and take the first non-empty CAA set; none at all means no restriction.
 */
export function relevantCaaSet(
    dns: PublicDns,
    identifier: string,
): { name: string; answeredBy: string; records: readonly CaaRecord[] } | undefined {
    const labels = identifier.toLowerCase().replace(/^\*\./, "").split(".");
    for (let i = 0; i < labels.length; i++) {
        const name = labels.slice(i).join(".");
        const { records, answeredBy } = caaAt(dns, name);
        if (records.length > 0) return { name, answeredBy, records };
    }
    return undefined;
}

/** Property tags this CA knows (RFC 8659 sections 4.2-4.4; RFC 9495 `issuemail`; BIMI's `issuevmc`). */
const KNOWN_TAGS = new Set(["issue", "issuewild", "iodef", "issuemail", "issuevmc"]);

/**
 * The issuer critical flag is bit 0, of value 128 (RFC 8659 section 4.1). Boulder also takes the
 * bit of value 1 for it, since many records set that one by mistake (`filterCAA`): so does this model.
 */
function critical(record: CaaRecord): boolean {
    return (record.flags & (128 | 1)) !== 0;
}

interface ParsedValue {
    issuerDomain: string;
    parameters: Array<{ tag: string; value: string }>;
}

/**
 * An `issue`/`issuewild` value (RFC 8659 section 4.2): `issuer-domain-name *(";" tag "=" value)`, a
 * parameter value without whitespace or ";". Undefined when malformed: such a record authorizes nobody.
 */
function parseValue(value: string): ParsedValue | undefined {
    const [domain, ...rest] = value.split(";");
    const parameters: ParsedValue["parameters"] = [];
    if (!(rest.length === 1 && rest[0].trim() === "")) {
        for (const parameter of rest) {
            const eq = parameter.indexOf("=");
            if (eq < 0) return undefined;
            const tag = parameter.slice(0, eq).trim();
            const val = parameter.slice(eq + 1).trim();
            if (!/^[A-Za-z0-9]+(-*[A-Za-z0-9]+)*$/.test(tag) || !/^[\x21-\x3a\x3c-\x7e]*$/.test(val)) return undefined;
            parameters.push({ tag, value: val });
        }
    }
    return { issuerDomain: domain.trim(), parameters };
}

/** RFC 8657 section 3: a property with `accounturi` authorizes only that account; two of them, none (Boulder). */
function accountMatches(parameters: ParsedValue["parameters"], accountUri: string): boolean {
    const uris = parameters.filter((p) => p.tag === "accounturi").map((p) => p.value);
    if (uris.length === 0) return true;
    return uris.length === 1 && uris[0] === accountUri;
}

/**
 * RFC 8657 section 4: a property with `validationmethods` authorizes only the ACME methods it lists
 * (comma-separated challenge type labels); a malformed list or two of the parameter, none (Boulder).
 */
function methodMatches(parameters: ParsedValue["parameters"], method: string): boolean {
    const lists = parameters.filter((p) => p.tag === "validationmethods").map((p) => p.value);
    if (lists.length === 0) return true;
    if (lists.length > 1) return false;
    const methods = lists[0].split(",");
    if (!methods.every((m) => /^[A-Za-z0-9-]+$/.test(m))) return false;
    return methods.includes(method);
}

/** Whether the CA may issue for one identifier of an order, by RFC 8659 section 3 and 4 and RFC 8657. */
export function caaDecision(dns: PublicDns, request: CaaRequest): CaaDecision {
    const relevant = relevantCaaSet(dns, request.name);
    if (relevant === undefined) return { permitted: true, reason: "no CAA record set on the way to the root: any CA may issue" };
    const at = { relevantAt: relevant.name };
    const unknownCritical = relevant.records.find((record) => !KNOWN_TAGS.has(record.tag.toLowerCase()) && critical(record));
    if (unknownCritical) {
        return {
            permitted: false,
            ...at,
            reason: `CAA at ${relevant.name} has a critical property this CA does not know: ${unknownCritical.tag}`,
        };
    }
    const wildcard = request.name.startsWith("*.");
    const issue = relevant.records.filter((record) => record.tag.toLowerCase() === "issue");
    const issuewild = relevant.records.filter((record) => record.tag.toLowerCase() === "issuewild");
    // RFC 8659 section 4.3: issuewild is ignored for a name that is no wildcard, and for a wildcard replaces issue when present.
    const applicable = wildcard && issuewild.length > 0 ? issuewild : issue;
    if (applicable.length === 0) return { permitted: true, ...at, reason: `CAA at ${relevant.name} does not restrict this kind of name` };
    for (const record of applicable) {
        const parsed = parseValue(record.value);
        if (!parsed || parsed.issuerDomain !== request.issuerDomain) continue;
        if (!accountMatches(parsed.parameters, request.accountUri)) continue;
        if (!methodMatches(parsed.parameters, request.validationMethod)) continue;
        return {
            permitted: true,
            ...at,
            reason: `CAA at ${relevant.name} authorizes ${request.issuerDomain}: ${record.tag} "${record.value}"`,
        };
    }
    return {
        permitted: false,
        ...at,
        reason: `CAA record for ${relevant.name} prevents issuance of ${request.name} by ${request.issuerDomain} (account ${request.accountUri}, ${request.validationMethod})`,
    };
}
