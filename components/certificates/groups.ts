import { MAX_NAMES_PER_CERTIFICATE } from "../config/defaults";

/** One Certificate to request: its object name, the Secret it writes, and its DNS names. */
export interface CertificateGroup {
    name: string;
    secretName: string;
    dnsNames: string[];
}

/**
 * Splits a gateway's hosts into Certificates of at most `maxNames` names each, in config order,
 * so that appending a host changes one certificate only. One group keeps the gateway's name;
 * several are numbered from 1.
 */
export function certificateGroups(gatewayName: string, hosts: readonly string[], maxNames = MAX_NAMES_PER_CERTIFICATE): CertificateGroup[] {
    if (!Number.isInteger(maxNames) || maxNames < 1) throw new RangeError(`maxNames must be a positive integer, got ${maxNames}`);
    const chunks: string[][] = [];
    for (let start = 0; start < hosts.length; start += maxNames) chunks.push(hosts.slice(start, start + maxNames));
    return chunks.map((dnsNames, index) => {
        const name = chunks.length === 1 ? gatewayName : `${gatewayName}-${index + 1}`;
        return { name, secretName: `${name}-tls`, dnsNames };
    });
}
