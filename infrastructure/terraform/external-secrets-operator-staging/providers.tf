# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

provider "kubernetes" {
  cluster_ca_certificate = base64decode(var.cluster_ca_certificate)
  host                   = var.cluster_endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    args = [
      "eks",
      "get-token",
      "--cluster-name",
      "qualisys-staging",
      "--region",
      "us-east-1",
      "--output",
      "json"
    ]
    command = "aws"
  }
}

provider "helm" {
  kubernetes {
    cluster_ca_certificate = base64decode(var.cluster_ca_certificate)
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      args = [
        "eks",
        "get-token",
        "--cluster-name",
        "qualisys-staging",
        "--region",
        "us-east-1",
        "--output",
        "json"
      ]
      command = "aws"
    }
    host = var.cluster_endpoint
  }
}
