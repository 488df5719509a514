/**
 * The upstream files the schema tests validate against: where each comes from and the sha256 it
 * must have (as listed in ../shared/upstream/README.md). `localPath` is relative to the fixture
 * root (../shared/upstream or .cache/upstream); both use the same layout.
 */

export const UPSTREAM_VERSIONS = {
    certManager: "v1.21.1",
    istio: "1.30.3",
    gatewayApi: "v1.6.1",
} as const;

export interface UpstreamFile {
    /** GitHub `owner/name`. */
    repo: string;
    tag: string;
    /** Path inside the repository at `tag`. */
    upstreamPath: string;
    localPath: string;
    sha256: string;
    /**
     * Set when the file is one document (the CRD with this `metadata.name`) of a multi-document
     * upstream file, whose own sha256 is `sourceSha256`.
     */
    slice?: { documentName: string; sourceSha256: string };
}

const CERT_MANAGER = { repo: "cert-manager/cert-manager", tag: UPSTREAM_VERSIONS.certManager } as const;
const ISTIO = { repo: "istio/istio", tag: UPSTREAM_VERSIONS.istio } as const;
const GATEWAY_API = { repo: "kubernetes-sigs/gateway-api", tag: UPSTREAM_VERSIONS.gatewayApi } as const;

const certManagerDir = `cert-manager/${UPSTREAM_VERSIONS.certManager}`;
const istioDir = `istio/${UPSTREAM_VERSIONS.istio}`;
const gatewayApiDir = `gateway-api/${UPSTREAM_VERSIONS.gatewayApi}`;

const ISTIO_CRD_ALL = "manifests/charts/base/files/crd-all.gen.yaml";
const ISTIO_CRD_ALL_SHA256 = "dcb43ff6b9af2f629b80b6a82597f5a91db259c757e66cc5353ac007da28351a";

export const UPSTREAM_FILES: readonly UpstreamFile[] = [
    {
        ...CERT_MANAGER,
        upstreamPath: "deploy/crds/cert-manager.io_certificates.yaml",
        localPath: `${certManagerDir}/crds/cert-manager.io_certificates.yaml`,
        sha256: "7ad91029c00ec959d54215b19d3b1a9b7e0247eaa60f987151c2b70d8661f8af",
    },
    {
        ...CERT_MANAGER,
        upstreamPath: "deploy/crds/cert-manager.io_clusterissuers.yaml",
        localPath: `${certManagerDir}/crds/cert-manager.io_clusterissuers.yaml`,
        sha256: "30008001b78aafb8e110af61359561104b5fafc3a4dc6ac0013245d0ee3fe4ca",
    },
    {
        ...CERT_MANAGER,
        upstreamPath: "deploy/crds/cert-manager.io_issuers.yaml",
        localPath: `${certManagerDir}/crds/cert-manager.io_issuers.yaml`,
        sha256: "05e37efb02777e0362d24269fa103c2fc11419f9c85e31854ef873e5d9e5c5cc",
    },
    {
        ...CERT_MANAGER,
        upstreamPath: "deploy/charts/cert-manager/values.schema.json",
        localPath: `${certManagerDir}/values.schema.json`,
        sha256: "47730ad9154f6cde7a081de7541f88e085ff92a5e5fd65a41a3d0223ff735bea",
    },
    {
        ...CERT_MANAGER,
        upstreamPath: "deploy/charts/cert-manager/values.yaml",
        localPath: `${certManagerDir}/values.yaml`,
        sha256: "4d818a0facf6c8462fcd316f40bcc1c693f3a4aa0a2ad445bf4c54fa950203cf",
    },
    {
        ...ISTIO,
        upstreamPath: ISTIO_CRD_ALL,
        localPath: `${istioDir}/crds/gateways.yaml`,
        sha256: "bf3ee81005c2c22ef0585abfdac7b8349fed4f7e4903cc9785efbef3a117c1c3",
        slice: { documentName: "gateways.networking.istio.io", sourceSha256: ISTIO_CRD_ALL_SHA256 },
    },
    {
        ...ISTIO,
        upstreamPath: ISTIO_CRD_ALL,
        localPath: `${istioDir}/crds/virtualservices.yaml`,
        sha256: "96d416eae273d101e527d3bd366a3f7fa18866830abe4ad8d12e019c783f361e",
        slice: { documentName: "virtualservices.networking.istio.io", sourceSha256: ISTIO_CRD_ALL_SHA256 },
    },
    {
        ...ISTIO,
        upstreamPath: "manifests/charts/base/values.yaml",
        localPath: `${istioDir}/charts/base/values.yaml`,
        sha256: "3543b89cb620ad6f8cfab3910cdf3e5d1f4af8d73d30cb73b3b36c65d3da6f56",
    },
    {
        ...ISTIO,
        upstreamPath: "manifests/charts/istio-control/istio-discovery/values.yaml",
        localPath: `${istioDir}/charts/istiod/values.yaml`,
        sha256: "d6b9d64100f695973a1b87a2cedfce597669807d77fd14d00149d56538dd43a1",
    },
    {
        ...ISTIO,
        upstreamPath: "manifests/charts/gateway/values.yaml",
        localPath: `${istioDir}/charts/gateway/values.yaml`,
        sha256: "fa272809ac6991894a9ed0ad8c84995af0a65a1262ed040bf9b987f7ca8ca7b5",
    },
    {
        ...ISTIO,
        upstreamPath: "manifests/charts/gateway/values.schema.json",
        localPath: `${istioDir}/charts/gateway/values.schema.json`,
        sha256: "6a58a62ea7417ed4e7dd18d25d0a674ce888a18d4b44fc832e876e2d7aa7c1f6",
    },
    {
        ...GATEWAY_API,
        upstreamPath: "config/crd/standard/gateway.networking.k8s.io_gateways.yaml",
        localPath: `${gatewayApiDir}/crds/gateway.networking.k8s.io_gateways.yaml`,
        sha256: "25b885f5870b8fff1ae82efa2628b2761cef3745900c2aecf8fb76629a01255a",
    },
    {
        ...GATEWAY_API,
        upstreamPath: "config/crd/standard/gateway.networking.k8s.io_httproutes.yaml",
        localPath: `${gatewayApiDir}/crds/gateway.networking.k8s.io_httproutes.yaml`,
        sha256: "a424a0d6c953b162e71d1d97bb7e75012d8f1ac264e7274f2763d1b96ab39852",
    },
];

/** Local paths of the files the validators read, by role. */
export const FIXTURE_PATHS = {
    crds: UPSTREAM_FILES.filter((file) => file.localPath.includes("/crds/")).map((file) => file.localPath),
    certManagerValuesSchema: `${certManagerDir}/values.schema.json`,
    istioGatewayValuesSchema: `${istioDir}/charts/gateway/values.schema.json`,
    istioValuesDefaults: {
        base: `${istioDir}/charts/base/values.yaml`,
        istiod: `${istioDir}/charts/istiod/values.yaml`,
    },
} as const;

export function rawGitHubUrl(file: Pick<UpstreamFile, "repo" | "tag" | "upstreamPath">): string {
    return `https://raw.githubusercontent.com/${file.repo}/${file.tag}/${file.upstreamPath}`;
}
