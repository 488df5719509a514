import type { Route53SolverAuth } from "../issuer/spec";

/** Where a solver finds the access key: a Secret and the two keys in it. */
export interface Route53SecretRef {
    name: string;
    accessKeyIdKey: string;
    secretAccessKeyKey: string;
}

/**
 * How each Route53 solver authenticates. With a Secret, it reads the access key from it; without
 * one (IRSA, Pod Identity), cert-manager uses its pod's ambient credentials and the solver names
 * no secret at all. `role` makes cert-manager assume that role first (zones in another account).
 */
export function route53SolverAuth(secretRef: Route53SecretRef | undefined, assumeRoleArn: string | undefined): Route53SolverAuth {
    return {
        ...(secretRef
            ? {
                  accessKeyIDSecretRef: { name: secretRef.name, key: secretRef.accessKeyIdKey },
                  secretAccessKeySecretRef: { name: secretRef.name, key: secretRef.secretAccessKeyKey },
              }
            : {}),
        ...(assumeRoleArn !== undefined ? { role: assumeRoleArn } : {}),
    };
}
