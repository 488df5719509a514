import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { caaRecordInputs, caaRecordValues, caaSetsOnTheWayProblem, CaaPlan, CaaRecordSetPlan, nameRegexOf } from "./spec";

export interface CaaRecordsArgs {
    /** The records to create and what they allow. */
    plan: CaaPlan;
    /** The hosted zone of every public zone a record set goes to, by domain. */
    hostedZoneIds: ReadonlyMap<string, pulumi.Input<string>>;
    /**
     * This stack's ACME account URI (the ClusterIssuer's `status.acme.uri`), for a plan that pins it;
     * the records wait for it, so for the issuer to be Ready.
     */
    accountUri?: pulumi.Input<string | undefined>;
    /** The AWS region of the provider that writes the records in the zones' account (with `plan.roleArn`). */
    region: pulumi.Input<string>;
}

/**
 * CAA record sets (RFC 8659) at the apexes of the hosts' public zones, saying which CA may issue for
 * them and how (see `caaRecordValues`). An existing CAA record set is never taken over: Route53
 * answers "already exists" and `pulumi up` stops until it is imported or deleted.
 */
export class CaaRecords extends pulumi.ComponentResource {
    /** The record sets, by zone domain: what must wait until the CA's policy is in DNS. */
    public readonly resources: Readonly<Record<string, aws.route53.Record>>;

    constructor(name: string, args: CaaRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:CaaRecords", name, {}, opts);
        const { plan } = args;
        const provider = plan.roleArn
            ? new aws.Provider(
                  `${name}-provider`,
                  { region: args.region, assumeRoles: [{ roleArn: plan.roleArn, sessionName: "istio-acme-ingress-caa" }] },
                  { parent: this },
              )
            : undefined;
        const accountUri = plan.pinAccount
            ? pulumi.output(args.accountUri).apply((uri) => {
                  if (!uri) {
                      throw new Error(
                          "route53.caa.pinAccount: the ClusterIssuer reports no status.acme.uri, the ACME account its CAA records name; " +
                              "check `kubectl describe clusterissuer` (is it Ready?)",
                      );
                  }
                  return uri;
              })
            : undefined;
        const resources: Record<string, aws.route53.Record> = {};
        for (const set of plan.recordSets) {
            const hostedZoneId = args.hostedZoneIds.get(set.zone.domain);
            if (hostedZoneId === undefined) throw new Error(`CAA records for ${set.zone.domain}, which is not among the zones given`);
            const values = accountUri ? accountUri.apply((uri) => caaRecordValues(plan, set, uri)) : caaRecordValues(plan, set);
            const records = this.afterCheckingTheWay(name, set, hostedZoneId, values, provider);
            resources[set.key] = new aws.route53.Record(
                `${name}-${set.key}`,
                caaRecordInputs<pulumi.Input<string>, pulumi.Input<string[]>>(set, { hostedZoneId, records, ttl: plan.ttl }),
                { parent: this, provider },
            );
        }
        this.resources = resources;
        this.registerOutputs({ zones: plan.recordSets.map((set) => set.zone.domain) });
    }

    /**
     * `values`, once the zone is known to hold no CAA set between a host and the apex (which a CA
     * would read instead): the names are listed from Route53 (`route53:ListResourceRecordSets`, the
     * right every record read needs) with each `up` and preview, and a set found stops both.
     */
    private afterCheckingTheWay(
        name: string,
        set: CaaRecordSetPlan,
        hostedZoneId: pulumi.Input<string>,
        values: pulumi.Input<string[]>,
        provider: aws.Provider | undefined,
    ): pulumi.Input<string[]> {
        if (set.namesOnTheWay.length === 0) return values;
        const existing = aws.route53.getRecordsOutput(
            { zoneId: hostedZoneId, nameRegex: nameRegexOf(set.namesOnTheWay.map((entry) => entry.name)) },
            { parent: this, provider },
        );
        return pulumi.all([existing.resourceRecordSets, values]).apply(([recordSets, checked]) => {
            const problem = caaSetsOnTheWayProblem(set, recordSets);
            if (problem) throw new Error(`${name}: ${problem}`);
            return checked;
        });
    }
}
