/**
 * The upstream files the schema tests validate against: where each comes from and the sha256 it
 * must have (as listed in ../shared/upstream/README.md). `localPath` is relative to the fixture
 * root (../shared/upstream, .cache/upstream or $ISTIO_ACME_INGRESS_UPSTREAM); all use the same layout.
 *
 * Istio has one fixture set per minor version: its CRD schemas and chart value keys change in
 * minor releases, not in patches, so a chart version is checked against the set of its minor.
 * cert-manager likewise, by minor.
 */

/** Names a fixture root to use instead of ../shared/upstream and .cache/upstream (and to fetch into). */
export const UPSTREAM_ENV = "ISTIO_ACME_INGRESS_UPSTREAM";

/** Where a fixture set was taken: always fetched by commit, so a moved tag or branch cannot change it. */
export interface UpstreamSource {
    /** GitHub `owner/name`. */
    repo: string;
    /** The release tag at `commit`, when the files come from a tag. */
    tag?: string;
    /** The branch, when the files come from a branch commit rather than a tag. */
    branch?: string;
    commit: string;
}

export interface FixtureSet {
    /** What the set is called in test titles and messages, e.g. "Istio 1.31 (release-1.31 at a8d70121)". */
    label: string;
    /** The minor version whose charts and CRDs this set checks, e.g. "1.31" or "v1.21". */
    minor: string;
    /** Directory under the fixture root. */
    dir: string;
    source: UpstreamSource;
}

export interface UpstreamFile extends UpstreamSource {
    /** Path inside the repository at `commit`. */
    upstreamPath: string;
    localPath: string;
    sha256: string;
    /**
     * Set when the file is one document (the CRD with this `metadata.name`) of a multi-document
     * upstream file, whose own sha256 is `sourceSha256`.
     */
    slice?: { documentName: string; sourceSha256: string };
}

/** "1.31.1" -> "1.31", "v1.21.1" -> "v1.21"; undefined for anything else. */
export function minorOf(version: string): string | undefined {
    return /^(v?\d+\.\d+)\.\d+(-[0-9A-Za-z.-]+)?$/.exec(version)?.[1];
}

const shortCommit = (commit: string) => commit.slice(0, 8);

export const CERT_MANAGER_FIXTURES: FixtureSet = {
    label: "cert-manager v1.21.1",
    minor: "v1.21",
    dir: "cert-manager/v1.21.1",
    source: { repo: "cert-manager/cert-manager", tag: "v1.21.1", commit: "24e33194fb39488eff2bbf10c6dc640f407cad44" },
};

const GATEWAY_API_REPO = "kubernetes-sigs/gateway-api";

/**
 * The Gateway API standard channel, one set per release: every file of `config/crd/standard/` at
 * its tag (the CRDs and the safe-upgrades admission policy, the documents of the release asset
 * `standard-install.yaml`). Oldest first: v1.5.1 is what Istio 1.30 is built against and the oldest
 * bundle the config lets the program install; v1.6.1 Istio 1.31's.
 */
export const GATEWAY_API_BUNDLES: readonly FixtureSet[] = [
    {
        label: "Gateway API v1.5.1",
        minor: "v1.5",
        dir: "gateway-api/v1.5.1",
        source: { repo: GATEWAY_API_REPO, tag: "v1.5.1", commit: "e7677b70ae75d14a4448fba94870e7deea6cf0ad" },
    },
    {
        label: "Gateway API v1.6.1",
        minor: "v1.6",
        dir: "gateway-api/v1.6.1",
        source: { repo: GATEWAY_API_REPO, tag: "v1.6.1", commit: "8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3" },
    },
];

/** The release of a Gateway API fixture set, e.g. "v1.6.1". */
export const bundleVersionOf = (set: FixtureSet): string => set.source.tag ?? set.minor;

/** The newest Gateway API set: what a check without a named bundle uses. */
export const GATEWAY_API_FIXTURES: FixtureSet = GATEWAY_API_BUNDLES[GATEWAY_API_BUNDLES.length - 1];

const ISTIO_1_30: UpstreamSource = { repo: "istio/istio", tag: "1.30.3", commit: "56df41f63e513f834c9a3af33d8aed82d1d961f2" };
/** The 1.31.0 release day's commit of release-1.31: the stored snapshot has no 1.31 tags (see ../shared/upstream/README.md). */
const ISTIO_1_31: UpstreamSource = { repo: "istio/istio", branch: "release-1.31", commit: "a8d7012191ebf42bacd48fa72b32a05828e4c564" };

/** One set per Istio minor, oldest first. */
export const ISTIO_FIXTURES: readonly FixtureSet[] = [
    { label: "Istio 1.30.3 (tag 1.30.3)", minor: "1.30", dir: "istio/1.30.3", source: ISTIO_1_30 },
    { label: `Istio 1.31 (release-1.31 at ${shortCommit(ISTIO_1_31.commit)})`, minor: "1.31", dir: "istio/1.31", source: ISTIO_1_31 },
];

/** The versions of the fixtures that exist once; Istio's exist per minor (`ISTIO_FIXTURES`). */
export const UPSTREAM_VERSIONS = {
    certManager: "v1.21.1",
    gatewayApi: bundleVersionOf(GATEWAY_API_FIXTURES),
} as const;

export function istioFixturesFor(version: string): FixtureSet | undefined {
    const minor = minorOf(version);
    return ISTIO_FIXTURES.find((set) => set.minor === minor);
}

export function certManagerFixturesFor(version: string): FixtureSet | undefined {
    return minorOf(version) === CERT_MANAGER_FIXTURES.minor ? CERT_MANAGER_FIXTURES : undefined;
}

/** The fixtures a program with these chart versions is checked against, as test titles name them. */
export function fixturesLabel(istioVersion: string, certManagerVersion: string): string {
    const istio = istioFixturesFor(istioVersion)?.label ?? `no Istio fixtures for ${istioVersion}`;
    const certManager = certManagerFixturesFor(certManagerVersion)?.label ?? `no cert-manager fixtures for ${certManagerVersion}`;
    return `${istio}, ${certManager}, ${gatewayApiBundlesLabel()}`;
}

/** "Gateway API v1.5.1 and v1.6.1": every Gateway API object is checked against each bundle. */
export function gatewayApiBundlesLabel(): string {
    const versions = GATEWAY_API_BUNDLES.map(bundleVersionOf);
    return `Gateway API ${versions.slice(0, -1).join(", ")}${versions.length > 1 ? " and " : ""}${versions[versions.length - 1]}`;
}

const fileOf = (set: FixtureSet, upstreamPath: string, localName: string, sha256: string): UpstreamFile => ({
    ...set.source,
    upstreamPath,
    localPath: `${set.dir}/${localName}`,
    sha256,
});

const ISTIO_CRD_ALL = "manifests/charts/base/files/crd-all.gen.yaml";

interface IstioHashes {
    crdAll: string;
    gatewaysCrd: string;
    virtualServicesCrd: string;
    baseValues: string;
    istiodValues: string;
    gatewayValues: string;
    gatewayValuesSchema: string;
}

function istioFiles(set: FixtureSet, hashes: IstioHashes): UpstreamFile[] {
    const crd = (name: string, documentName: string, sha256: string): UpstreamFile => ({
        ...fileOf(set, ISTIO_CRD_ALL, `crds/${name}.yaml`, sha256),
        slice: { documentName, sourceSha256: hashes.crdAll },
    });
    return [
        crd("gateways", "gateways.networking.istio.io", hashes.gatewaysCrd),
        crd("virtualservices", "virtualservices.networking.istio.io", hashes.virtualServicesCrd),
        fileOf(set, "manifests/charts/base/values.yaml", "charts/base/values.yaml", hashes.baseValues),
        fileOf(set, "manifests/charts/istio-control/istio-discovery/values.yaml", "charts/istiod/values.yaml", hashes.istiodValues),
        fileOf(set, "manifests/charts/gateway/values.yaml", "charts/gateway/values.yaml", hashes.gatewayValues),
        fileOf(set, "manifests/charts/gateway/values.schema.json", "charts/gateway/values.schema.json", hashes.gatewayValuesSchema),
    ];
}

/** sha256 of every file of `config/crd/standard/` at each Gateway API fixture release (../shared/upstream/README.md). */
const STANDARD_CHANNEL_SHA256: Record<string, Record<string, string>> = {
    "v1.5.1": {
        "gateway.networking.k8s.io_backendtlspolicies.yaml": "9b8818172153d72f9c84032db0be0a4a657277d13f5bbc22226ad9481ff57971",
        "gateway.networking.k8s.io_gatewayclasses.yaml": "234ad4b2757ee1b3596a4187bb98df071c5bbdd9e1806f692f2dbf8387e6bef4",
        "gateway.networking.k8s.io_gateways.yaml": "7416e8300eb4d8c0a71a23445609075bbacbe8bc80104584b019cfe1ebe77c31",
        "gateway.networking.k8s.io_grpcroutes.yaml": "979f4125d44d3df24659ba00d1d04ff8e76c45423193e8aae82dd5810d7827df",
        "gateway.networking.k8s.io_httproutes.yaml": "682203b109baecb18d38073a578f7bc2c17d22fe9b0c27bf030850abe014c370",
        "gateway.networking.k8s.io_listenersets.yaml": "9221468d19fdfbb0026113b1ef64abac64f27607975aff2410361b8b38f0e0bb",
        "gateway.networking.k8s.io_referencegrants.yaml": "a8902c486eed0b7339f5bb8a476ccaba0918eb038048402bdc01cbb69b0fbb51",
        "gateway.networking.k8s.io_tlsroutes.yaml": "818e4827c469a40e2527a2851591e656782c50fea8dd44812c900d219da09345",
        "gateway.networking.k8s.io_vap_safeupgrades.yaml": "981a4da92706cb567c051e006ff229429947f054b90cd0719c297abe14f958a1",
    },
    "v1.6.1": {
        "gateway.networking.k8s.io_backendtlspolicies.yaml": "0d48c9e4b53dd9510cf615b9b1192d9d7afb07a1cc0498c9515627cb1c075419",
        "gateway.networking.k8s.io_gatewayclasses.yaml": "53710048ba26f8620eed59d5e51b157ecf040daf5c6eef31a4b991e0808c4be5",
        "gateway.networking.k8s.io_gateways.yaml": "25b885f5870b8fff1ae82efa2628b2761cef3745900c2aecf8fb76629a01255a",
        "gateway.networking.k8s.io_grpcroutes.yaml": "53a8d029da8f07e55d3fa58a5cf6de5950dab19fbb8d6a8082fb5e51ca5ef6fc",
        "gateway.networking.k8s.io_httproutes.yaml": "a424a0d6c953b162e71d1d97bb7e75012d8f1ac264e7274f2763d1b96ab39852",
        "gateway.networking.k8s.io_listenersets.yaml": "bf4d4b02564999b2558b96e31465129895db9b3a8adfb90adb9c80eac52a3a70",
        "gateway.networking.k8s.io_referencegrants.yaml": "8c645e9333cfa67790cc2a53e0c00076f88b2bd4230d2b49688c78bc34f9b2c3",
        "gateway.networking.k8s.io_tcproutes.yaml": "d5104d0cf30e924f5e3c9e2e76abd46876401c34ca33b9e79321523eee78c7f6",
        "gateway.networking.k8s.io_tlsroutes.yaml": "bb8b67926e5d9652cbfd2e19063b7c1d9e78806c9dd671608f57baef2f2e3bbb",
        "gateway.networking.k8s.io_udproutes.yaml": "4b80684c2bf8ef4b0a2a3ab45164ac9f96258fc69912645ff50ced595b0aa6de",
        "gateway.networking.k8s.io_vap_safeupgrades.yaml": "afb0ea1b3cc2e9344d93b0926fbe741aeb48ab4439f9f7b4b77b9ac94faf6c2e",
    },
};

const [istio130, istio131] = ISTIO_FIXTURES;

export const UPSTREAM_FILES: readonly UpstreamFile[] = [
    fileOf(
        CERT_MANAGER_FIXTURES,
        "deploy/crds/cert-manager.io_certificates.yaml",
        "crds/cert-manager.io_certificates.yaml",
        "7ad91029c00ec959d54215b19d3b1a9b7e0247eaa60f987151c2b70d8661f8af",
    ),
    fileOf(
        CERT_MANAGER_FIXTURES,
        "deploy/crds/cert-manager.io_clusterissuers.yaml",
        "crds/cert-manager.io_clusterissuers.yaml",
        "30008001b78aafb8e110af61359561104b5fafc3a4dc6ac0013245d0ee3fe4ca",
    ),
    fileOf(
        CERT_MANAGER_FIXTURES,
        "deploy/crds/cert-manager.io_issuers.yaml",
        "crds/cert-manager.io_issuers.yaml",
        "05e37efb02777e0362d24269fa103c2fc11419f9c85e31854ef873e5d9e5c5cc",
    ),
    fileOf(
        CERT_MANAGER_FIXTURES,
        "deploy/charts/cert-manager/values.schema.json",
        "values.schema.json",
        "47730ad9154f6cde7a081de7541f88e085ff92a5e5fd65a41a3d0223ff735bea",
    ),
    fileOf(
        CERT_MANAGER_FIXTURES,
        "deploy/charts/cert-manager/values.yaml",
        "values.yaml",
        "4d818a0facf6c8462fcd316f40bcc1c693f3a4aa0a2ad445bf4c54fa950203cf",
    ),
    ...istioFiles(istio130, {
        crdAll: "dcb43ff6b9af2f629b80b6a82597f5a91db259c757e66cc5353ac007da28351a",
        gatewaysCrd: "bf3ee81005c2c22ef0585abfdac7b8349fed4f7e4903cc9785efbef3a117c1c3",
        virtualServicesCrd: "96d416eae273d101e527d3bd366a3f7fa18866830abe4ad8d12e019c783f361e",
        baseValues: "3543b89cb620ad6f8cfab3910cdf3e5d1f4af8d73d30cb73b3b36c65d3da6f56",
        istiodValues: "d6b9d64100f695973a1b87a2cedfce597669807d77fd14d00149d56538dd43a1",
        gatewayValues: "fa272809ac6991894a9ed0ad8c84995af0a65a1262ed040bf9b987f7ca8ca7b5",
        gatewayValuesSchema: "6a58a62ea7417ed4e7dd18d25d0a674ce888a18d4b44fc832e876e2d7aa7c1f6",
    }),
    ...istioFiles(istio131, {
        crdAll: "c0ad59e008658765412badb836e73a523a355e3d792a32ad3c0711a728be5aff",
        gatewaysCrd: "044e1e803019fa68cac8abe51726174e5bbf8e9cfd38b71825115ce2bb480d21",
        virtualServicesCrd: "6a3623504b3c60fefef43588bbfc7ac32a7a4108e5b21e6edb0e6e092708742e",
        baseValues: "f92dd6226e623b340ead3a2762548a1d629a9fe2ae11a457205193aa10cb6ac6",
        istiodValues: "d6b9d64100f695973a1b87a2cedfce597669807d77fd14d00149d56538dd43a1",
        gatewayValues: "d42c4a0b692d5b39abd36021a5144891e5f139bffba690ec9749f700d898eb03",
        gatewayValuesSchema: "a0e4ef9777d3a2ad99cd4099099d44fdae9bdd2b97a6e074262a0def0eae758e",
    }),
    ...GATEWAY_API_BUNDLES.flatMap((set) =>
        Object.entries(STANDARD_CHANNEL_SHA256[bundleVersionOf(set)]).map(([file, sha256]) =>
            fileOf(set, `config/crd/standard/${file}`, `standard/${file}`, sha256),
        ),
    ),
];

const crdsUnder = (dir: string) => UPSTREAM_FILES.filter((file) => file.localPath.startsWith(`${dir}/crds/`)).map((file) => file.localPath);

/** The files of one Istio fixture set, by role. */
export interface IstioFixturePaths {
    crds: string[];
    gatewayValuesSchema: string;
    valuesDefaults: { base: string; istiod: string };
}

/** Local paths of the files the validators read, by role. */
export const FIXTURE_PATHS = {
    /** CRDs whose schema does not depend on the Istio version or a Gateway API release: cert-manager's. */
    crds: crdsUnder(CERT_MANAGER_FIXTURES.dir),
    /** The standard channel of each Gateway API release, by release ("v1.6.1"), oldest first. */
    gatewayApiBundles: Object.fromEntries(
        GATEWAY_API_BUNDLES.map((set): [string, string[]] => [
            bundleVersionOf(set),
            UPSTREAM_FILES.filter((file) => file.localPath.startsWith(`${set.dir}/standard/`)).map((file) => file.localPath),
        ]),
    ) as Record<string, string[]>,
    certManagerValuesSchema: `${CERT_MANAGER_FIXTURES.dir}/values.schema.json`,
    /** By Istio minor version. */
    istio: Object.fromEntries(
        ISTIO_FIXTURES.map((set): [string, IstioFixturePaths] => [
            set.minor,
            {
                crds: crdsUnder(set.dir),
                gatewayValuesSchema: `${set.dir}/charts/gateway/values.schema.json`,
                valuesDefaults: { base: `${set.dir}/charts/base/values.yaml`, istiod: `${set.dir}/charts/istiod/values.yaml` },
            },
        ]),
    ) as Record<string, IstioFixturePaths>,
} as const;

/** The raw URL of a file at its commit (never at a tag or branch name, which can move). */
export function rawGitHubUrl(file: Pick<UpstreamFile, "repo" | "commit" | "upstreamPath">): string {
    return `https://raw.githubusercontent.com/${file.repo}/${file.commit}/${file.upstreamPath}`;
}
