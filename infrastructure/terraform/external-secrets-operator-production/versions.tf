# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
    kubernetes = {
      version = "2.38.0"
      source  = "kubernetes"
    }
    helm = {
      version = "3.1.1"
      source  = "helm"
    }
  }
  cloud {
    organization = "qualisys"
    workspaces {
      name = "qualisys-external-secrets-operator-production"
    }
  }
  required_version = ">= 1.11"
}
