import { coveringWildcard, MAX_NAMES_PER_ORDER } from "./acmeOrderRules";

/** One Certificate to request and the HTTPS server that serves it. */
export interface CertificateGroup {
    /** Name of the Certificate object. */
    name: string;
    /** The Secret it writes, which the HTTPS server reads. */
    secretName: string;
    /** The names on the certificate: the group's hosts less those a wildcard among them covers. */
    dnsNames: string[];
    /** The hosts its HTTPS server serves, in config order: every `dnsNames` entry and each name its wildcards cover. */
    hosts: string[];
}

/** The name of a gateway's `index`th certificate (from 0): the first keeps the gateway's name. */
export function certificateName(gatewayName: string, index: number): string {
    return index === 0 ? gatewayName : `${gatewayName}-${index + 1}`;
}

/**
 * Splits a gateway's hosts into Certificates of at most `maxNames` names each, so that hosts keep
 * their certificate as hosts are added:
 *
 * - A host that a wildcard of the same gateway covers (`x.apps.example.com` beside
 *   `*.apps.example.com`) is not a name of any certificate: an ACME CA refuses an order listing both
 *   (Boulder's `wildcardOverlap`). It is served by its wildcard's HTTPS server, whose certificate
 *   covers it, and takes no place in a group.
 * - The other hosts fill the groups in config order, `maxNames` each: the first group is named
 *   after the gateway, the next ones `<gateway>-2`, `<gateway>-3`, ... Appending hosts changes only
 *   the last group, or adds one; the full groups before it, their names and their secrets stay.
 */
export function certificateGroups(gatewayName: string, hosts: readonly string[], maxNames = MAX_NAMES_PER_ORDER): CertificateGroup[] {
    if (!Number.isInteger(maxNames) || maxNames < 1) throw new RangeError(`maxNames must be a positive integer, got ${maxNames}`);
    const all = new Set(hosts);
    const groupOfName = new Map<string, number>();
    const groups: CertificateGroup[] = [];
    for (const host of hosts) {
        if (groupOfName.has(host) || coveringWildcard(host, all) !== undefined) continue;
        const index = Math.floor(groupOfName.size / maxNames);
        if (index === groups.length) {
            const name = certificateName(gatewayName, index);
            groups.push({ name, secretName: `${name}-tls`, dnsNames: [], hosts: [] });
        }
        groups[index].dnsNames.push(host);
        groupOfName.set(host, index);
    }
    const served = new Set<string>();
    for (const host of hosts) {
        if (served.has(host)) continue;
        served.add(host);
        const index = groupOfName.get(host) ?? groupOfName.get(coveringWildcard(host, all) ?? "");
        if (index === undefined) throw new Error(`host ${host} fell into no certificate group`);
        groups[index].hosts.push(host);
    }
    return groups;
}
