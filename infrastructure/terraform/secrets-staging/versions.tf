# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
    random = {
      version = "3.7.2"
      source  = "hashicorp/random"
    }
  }
  backend "s3" {
    bucket       = "qualisys-terraform-state-222222222222"
    key          = "qualisys/secrets-staging/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }

  required_version = ">= 1.11"
}
