/**
 * The External Secrets Operator release the project installs, and the names it fixes. The chart's
 * values schema and the CRDs of this release are ESO's files: the tests read them from the team's
 * shared folder (`../shared/schemas/external-secrets/`); this repository keeps no copy.
 */

/** The Helm chart: pinned, so that an upgrade is a reviewed change. */
export const ESO_CHART = {
  repository: "https://charts.external-secrets.io",
  chart: "external-secrets",
  version: "2.9.0",
  appVersion: "v2.9.0",
} as const;

/** The only API version ESO 2.9.0 serves for its stores and ExternalSecrets (v1beta1 stopped being served in v0.17.0). */
export const ESO_API_VERSION = "external-secrets.io/v1";

/** Namespace of the operator. */
export const ESO_NAMESPACE = "external-secrets";

/** Service account of the operator (the IRSA trust names exactly this pair). */
export const ESO_SERVICE_ACCOUNT = "external-secrets";
