"""IstioAcmeIngress from Python: the gateway-api example stack (stacks/Pulumi.gateway-api.yaml) as a program."""

import pulumi
import pulumi_istio_acme_ingress as istio_acme_ingress

ingress = istio_acme_ingress.IstioAcmeIngress(
    "ingress",
    acme=istio_acme_ingress.AcmeArgsArgs(
        # A member that accepts an output takes a secret too.
        email=pulumi.Output.secret("ops@example.com"),
        server=istio_acme_ingress.AcmeServer.STAGING,
    ),
    route53=istio_acme_ingress.Route53ArgsArgs(
        credentials=istio_acme_ingress.Route53CredentialsConfigArgs(
            mode=istio_acme_ingress.CredentialsMode.POD_IDENTITY,
            cluster_name="platform",
        ),
        zones=[istio_acme_ingress.ZoneArgsArgs(domain="example.com", hosted_zone_id="Z0123456789ABCDEFGHIJ")],
    ),
    istio=istio_acme_ingress.IstioArgsArgs(
        api=istio_acme_ingress.IstioApi.GATEWAY_API,
        service_annotations={
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        },
    ),
    gateway_api=istio_acme_ingress.GatewayApiArgsArgs(install_crds=True),
    gateways=[
        istio_acme_ingress.GatewayArgsArgs(
            name="web",
            hosts=["www.example.com", "shop.example.com", "*.apps.example.com"],
        ),
        istio_acme_ingress.GatewayArgsArgs(
            name="internal",
            namespace="istio-ingress",
            https_redirect=False,
            hosts=["status.example.com"],
        ),
    ],
    routes=[
        istio_acme_ingress.RouteArgsArgs(
            name="www",
            namespace="web",
            gateway="web",
            hosts=["www.example.com"],
            http=[istio_acme_ingress.HttpRouteArgsArgs(destination=istio_acme_ingress.DestinationArgsArgs(host="www", port=80))],
        ),
        istio_acme_ingress.RouteArgsArgs(
            name="shop",
            namespace="shop",
            gateway="web",
            hosts=["shop.example.com"],
            http=[
                istio_acme_ingress.HttpRouteArgsArgs(
                    match=istio_acme_ingress.UriMatchArgsArgs(prefix="/api"),
                    destinations=[
                        istio_acme_ingress.WeightedDestinationArgsArgs(host="cart-v1", port=8080, weight=90),
                        istio_acme_ingress.WeightedDestinationArgsArgs(host="cart-v2", port=8080, weight=10),
                    ],
                ),
                istio_acme_ingress.HttpRouteArgsArgs(
                    match=istio_acme_ingress.UriMatchArgsArgs(exact="/healthz"),
                    destination=istio_acme_ingress.DestinationArgsArgs(host="health.platform.svc.cluster.local", port=8081),
                ),
                istio_acme_ingress.HttpRouteArgsArgs(destination=istio_acme_ingress.DestinationArgsArgs(host="storefront", port=80)),
            ],
        ),
        istio_acme_ingress.RouteArgsArgs(
            name="apps",
            namespace="apps",
            gateway="web",
            hosts=["*.apps.example.com"],
            http=[
                istio_acme_ingress.HttpRouteArgsArgs(
                    match=istio_acme_ingress.UriMatchArgsArgs(regex="^/v[0-9]+/.*"),
                    destination=istio_acme_ingress.DestinationArgsArgs(host="api.apps.svc.cluster.local", port=8080),
                ),
                istio_acme_ingress.HttpRouteArgsArgs(
                    match=istio_acme_ingress.UriMatchArgsArgs(prefix="/assets"),
                    destination=istio_acme_ingress.DestinationArgsArgs(host="web", port=80),
                ),
            ],
        ),
        istio_acme_ingress.RouteArgsArgs(
            name="status",
            gateway="internal",
            hosts=["status.example.com"],
            http=[
                istio_acme_ingress.HttpRouteArgsArgs(
                    destination=istio_acme_ingress.DestinationArgsArgs(host="status.monitoring.svc.cluster.local", port=8080)
                )
            ],
        ),
    ],
)

pulumi.export("loadBalancerAddresses", ingress.load_balancer_addresses)
pulumi.export("certificates", ingress.certificates)
pulumi.export("dnsRecords", ingress.dns_records)
pulumi.export("roleArn", ingress.role_arn)
