# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

provider "aws" {
  allowed_account_ids = [
    "111111111111"
  ]
  region = "us-east-1"
  default_tags {
    tags = {
      Project     = "qualisys"
      Environment = "dev"
      ManagedBy   = "cdktf"
      Component   = "secret-management"
    }
  }
}

provider "random" {
}
