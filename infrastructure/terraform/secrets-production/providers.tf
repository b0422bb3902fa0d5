# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

provider "aws" {
  allowed_account_ids = [
    "333333333333"
  ]
  region = "us-east-1"
  default_tags {
    tags = {
      Project     = "qualisys"
      Environment = "production"
      ManagedBy   = "cdktf"
      Component   = "secret-management"
    }
  }
}
