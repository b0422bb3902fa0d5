# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

data "aws_eks_cluster_auth" "cluster_auth_B5B9EFD2" {
  name = "qualisys-production"
}
