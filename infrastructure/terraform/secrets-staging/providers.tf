# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

provider "aws" {
  allowed_account_ids = [
    "222222222222"
  ]
  region = "us-east-1"
  default_tags {
    tags = {
      Project     = "qualisys"
      Environment = "staging"
      ManagedBy   = "cdktf"
      Component   = "secret-management"
    }
  }
}

provider "random" {
}
