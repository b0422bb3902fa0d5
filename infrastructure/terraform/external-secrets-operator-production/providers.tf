# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

provider "aws" {
  allowed_account_ids = [
    "333333333333"
  ]
  region = "us-east-1"
}

provider "kubernetes" {
  cluster_ca_certificate = base64decode(var.cluster_ca_certificate)
  host                   = var.cluster_endpoint
  token                  = data.aws_eks_cluster_auth.cluster_auth_B5B9EFD2.token
}

provider "helm" {
  kubernetes {
    cluster_ca_certificate = base64decode(var.cluster_ca_certificate)
    host                   = var.cluster_endpoint
    token                  = data.aws_eks_cluster_auth.cluster_auth_B5B9EFD2.token
  }
}
