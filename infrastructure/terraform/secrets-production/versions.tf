# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
  }
  cloud {
    organization = "qualisys"
    workspaces {
      name = "qualisys-secrets-production"
    }
  }
  required_version = ">= 1.11"
}
