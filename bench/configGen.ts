import { stringify } from "yaml";

export const ZONES = 20;
export const HOSTS_PER_GATEWAY = 20;

const zoneDomain = (zone: number): string => `zone-${zone}.bench.example.com`;
const hostName = (host: number): string => `host-${host}.${zoneDomain(host % ZONES)}`;
const gatewayName = (gateway: number): string => `gw-${gateway}`;

/**
 * The stack config for a benchmark of `hosts` hosts: spread round-robin over 20 zones, one gateway
 * per 20 hosts, one route per host. Pure: the same count gives the same config.
 */
export function benchStackConfig(hosts: number): { config: Record<string, unknown> } {
    if (!Number.isInteger(hosts) || hosts < 1) throw new RangeError(`hosts must be a positive integer, got ${hosts}`);
    const gatewayCount = Math.ceil(hosts / HOSTS_PER_GATEWAY);
    const gateways = Array.from({ length: gatewayCount }, (_, g) => ({
        name: gatewayName(g),
        hosts: Array.from({ length: Math.min(HOSTS_PER_GATEWAY, hosts - g * HOSTS_PER_GATEWAY) }, (_, i) =>
            hostName(g * HOSTS_PER_GATEWAY + i),
        ),
    }));
    const routes = Array.from({ length: hosts }, (_, h) => ({
        name: `route-${h}`,
        gateway: gatewayName(Math.floor(h / HOSTS_PER_GATEWAY)),
        hosts: [hostName(h)],
        http: [{ match: { prefix: "/" }, destination: { host: `svc-${h}.apps.svc.cluster.local`, port: 8080 } }],
    }));
    return {
        config: {
            "aws:region": "ca-central-1",
            "istio-acme-ingress:acme": { email: "ops@example.com", server: "staging" },
            "istio-acme-ingress:route53": { zones: Array.from({ length: ZONES }, (_, z) => ({ domain: zoneDomain(z) })) },
            "istio-acme-ingress:gateways": gateways,
            "istio-acme-ingress:routes": routes,
        },
    };
}

/** The same config as the text of a `Pulumi.<stack>.yaml`. */
export function benchStackYaml(hosts: number): string {
    return stringify(benchStackConfig(hosts), { lineWidth: 0 });
}
