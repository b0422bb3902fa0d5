# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

terraform {
  required_providers {
    kubernetes = {
      version = "2.38.0"
      source  = "kubernetes"
    }
    helm = {
      version = "3.1.1"
      source  = "helm"
    }
  }
  backend "s3" {
    bucket       = "qualisys-terraform-state-222222222222"
    key          = "qualisys/external-secrets-operator-staging/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }

  required_version = ">= 1.11"
}
