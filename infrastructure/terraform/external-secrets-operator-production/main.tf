# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

data "aws_eks_cluster_auth" "cluster_auth_B5B9EFD2" {
  name = "qualisys-production"
}

resource "kubernetes_namespace_v1" "namespace" {
  metadata {
    labels = {
      "pod-security.kubernetes.io/enforce"         = "restricted"
      "pod-security.kubernetes.io/enforce-version" = "latest"
      "pod-security.kubernetes.io/audit"           = "restricted"
      "pod-security.kubernetes.io/warn"            = "restricted"
      "app.kubernetes.io/managed-by"               = "cdktf"
    }
    name = "external-secrets"
  }
}

resource "helm_release" "external-secrets" {
  atomic           = true
  chart            = "external-secrets"
  create_namespace = false
  name             = "external-secrets"
  namespace        = "external-secrets"
  repository       = "https://charts.external-secrets.io"
  timeout          = 600
  values = [
    "{\"installCRDs\":true,\"leaderElect\":true,\"replicaCount\":2,\"resources\":{\"requests\":{\"cpu\":\"50m\",\"memory\":\"128Mi\"},\"limits\":{\"memory\":\"256Mi\"}},\"securityContext\":{\"enabled\":true,\"allowPrivilegeEscalation\":false,\"readOnlyRootFilesystem\":true,\"runAsNonRoot\":true,\"capabilities\":{\"drop\":[\"ALL\"]},\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"podSecurityContext\":{\"enabled\":true,\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"podDisruptionBudget\":{\"enabled\":true,\"minAvailable\":1},\"serviceAccount\":{\"create\":true,\"name\":\"external-secrets\",\"annotations\":{}},\"metrics\":{\"service\":{\"enabled\":true}},\"serviceMonitor\":{\"enabled\":false},\"webhook\":{\"replicaCount\":2,\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"64Mi\"},\"limits\":{\"memory\":\"128Mi\"}},\"securityContext\":{\"enabled\":true,\"allowPrivilegeEscalation\":false,\"readOnlyRootFilesystem\":true,\"runAsNonRoot\":true,\"capabilities\":{\"drop\":[\"ALL\"]},\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"podSecurityContext\":{\"enabled\":true,\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"podDisruptionBudget\":{\"enabled\":true,\"minAvailable\":1}},\"certController\":{\"replicaCount\":2,\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"64Mi\"},\"limits\":{\"memory\":\"128Mi\"}},\"securityContext\":{\"enabled\":true,\"allowPrivilegeEscalation\":false,\"readOnlyRootFilesystem\":true,\"runAsNonRoot\":true,\"capabilities\":{\"drop\":[\"ALL\"]},\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"podSecurityContext\":{\"enabled\":true,\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"podDisruptionBudget\":{\"enabled\":true,\"minAvailable\":1}}}"
  ]
  version = "2.9.0"
  wait    = true
  depends_on = [
    kubernetes_namespace_v1.namespace,
  ]
}
