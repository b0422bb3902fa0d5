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
  }
  cloud {
    organization = "qualisys"
    workspaces {
      name = "qualisys-external-secrets-sync-production"
    }
  }
  required_version = ">= 1.11"
}
