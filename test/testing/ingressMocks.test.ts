import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ingressMocks } from "../../testing/placeholders";

type Answer = { id: string | undefined; state: Record<string, unknown> };

const resource = async (mocks: pulumi.runtime.Mocks, args: Partial<pulumi.runtime.MockResourceArgs> & { type: string }): Promise<Answer> =>
    mocks.newResource({ name: "r", inputs: {}, ...args });
const call = async (mocks: pulumi.runtime.Mocks, token: string, inputs: Record<string, unknown> = {}) =>
    (await mocks.call({ token, inputs })) as Record<string, unknown>;

const EXTERNAL = { "service.beta.kubernetes.io/aws-load-balancer-type": "external" };
const gatewayRelease = (annotations: Record<string, string>) => ({
    type: "kubernetes:helm.sh/v3:Release",
    name: "ingress-istio-gateway",
    inputs: { name: "istio-ingressgateway", namespace: "istio-ingress", values: { service: { annotations } } },
});
const gatewayServiceRead = {
    type: "kubernetes:core/v1:Service",
    name: "ingress-istio-gateway-service",
    id: "istio-ingress/istio-ingressgateway",
};
const hostnameOf = (answer: Answer) =>
    (answer.state.status as { loadBalancer: { ingress: Array<{ hostname: string }> } }).loadBalancer.ingress[0].hostname;

describe("ingressMocks() (istio-acme-ingress/testing)", () => {
    it("answers every lookup the component makes as AWS would", async () => {
        const mocks = ingressMocks();
        assert.match(String((await call(mocks, "aws:route53/getZone:getZone", { name: "example.com" })).zoneId), /^Z[0-9A-Z]{20}$/);
        // AWS's canonical zones of ca-central-1 (https://docs.aws.amazon.com/general/latest/gr/elb.html).
        assert.equal(
            (await call(mocks, "aws:lb/getHostedZoneId:getHostedZoneId", { loadBalancerType: "network", region: "ca-central-1" })).id,
            "Z2EPGBW3API2WT",
        );
        assert.equal((await call(mocks, "aws:elb/getHostedZoneId:getHostedZoneId", { region: "ca-central-1" })).id, "ZQSVJUPU6J1EY");
        assert.equal((await call(mocks, "aws:index/getPartition:getPartition")).partition, "aws");
        assert.match(
            String((await call(mocks, "aws:eks/getCluster:getCluster", { name: "prod" })).arn),
            /^arn:aws:eks:[a-z0-9-]+:\d{12}:cluster\/prod$/,
        );
    });

    it("reads the gateway's Service back with the load balancer its Helm release's annotations select", async () => {
        const nlb = ingressMocks();
        await resource(nlb, gatewayRelease(EXTERNAL));
        assert.match(
            hostnameOf(await resource(nlb, gatewayServiceRead)),
            /^k8s-istioing-istioing-[0-9a-f]{10}-[0-9a-f]{16}\.elb\.[a-z0-9-]+\.amazonaws\.com$/,
        );

        // Each set remembers its own releases: another set reads a Service without annotations, a Classic Load Balancer.
        const classic = ingressMocks();
        assert.match(hostnameOf(await resource(classic, gatewayServiceRead)), /^a[0-9a-f]{31}-\d{10}\.[a-z0-9-]+\.elb\.amazonaws\.com$/);
    });

    it("gives provider-computed attributes to the resources it knows, even beside your own mocks", async () => {
        const yours: pulumi.runtime.Mocks = {
            newResource: () => ({ id: "yours", state: { mine: true } }),
            call: () => ({ mine: true }),
        };
        const user = await resource(ingressMocks(yours), {
            type: "aws:iam/user:User",
            name: "u",
            inputs: { name: "cert-manager", path: "/p/" },
        });
        assert.equal(user.state.arn, "arn:aws:iam::123456789012:user/p/cert-manager");
        assert.equal(user.state.mine, undefined);
    });

    it("leaves the rest of your program to your own mocks: lookups and resources of other types", async () => {
        const yours: pulumi.runtime.Mocks = {
            newResource: (args) => ({
                id: `${args.name}-yours`,
                state: { ...(args.inputs as Record<string, unknown>), arn: "arn:aws:s3:::bucket" },
            }),
            call: (args) => ({ token: args.token }),
        };
        const mocks = ingressMocks(yours);
        assert.deepEqual(await call(mocks, "aws:index/getAvailabilityZones:getAvailabilityZones"), {
            token: "aws:index/getAvailabilityZones:getAvailabilityZones",
        });
        assert.deepEqual(await resource(mocks, { type: "aws:s3/bucket:Bucket", name: "b", inputs: { bucket: "b" } }), {
            id: "b-yours",
            state: { bucket: "b", arn: "arn:aws:s3:::bucket" },
        });
    });

    it("without your mocks, gives other resources their inputs as state and refuses other lookups by name", async () => {
        const mocks = ingressMocks();
        assert.deepEqual(await resource(mocks, { type: "aws:s3/bucket:Bucket", name: "b", inputs: { bucket: "b" } }), {
            id: "b-id",
            state: { bucket: "b" },
        });
        await assert.rejects(
            async () => call(mocks, "aws:index/getAvailabilityZones:getAvailabilityZones"),
            /ingressMocks\(\) has no answer for the lookup aws:index\/getAvailabilityZones:getAvailabilityZones: answer it in your own mocks/,
        );
    });
});
