# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

variable "cluster_endpoint" {
  description = "API server endpoint of the EKS cluster qualisys-production (https://...)"
  type        = string
}

variable "cluster_ca_certificate" {
  description = "Certificate authority data of the EKS cluster qualisys-production, base64 (as aws eks describe-cluster returns it)"
  type        = string
}
