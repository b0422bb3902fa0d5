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
  backend "local" {
    path = "../../../terraform.secrets-dev.tfstate"
  }

  required_version = ">= 1.11"
}
