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
  backend "local" {
    path = "../../../terraform.external-secrets-operator-dev.tfstate"
  }

  required_version = ">= 1.11"
}
