# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

moved {
  to   = aws_security_group.rotation-network_security-group_3BA3E27F
  from = aws_security_group.rotation-function_security-group_714C639C
}

moved {
  to   = aws_vpc_security_group_egress_rule.rotation-network_egress-database_C31FC2B5
  from = aws_vpc_security_group_egress_rule.rotation-function_egress-database_0490A3F4
}

moved {
  to   = aws_vpc_security_group_egress_rule.rotation-network_egress-secrets-manager_62350BEA
  from = aws_vpc_security_group_egress_rule.rotation-function_egress-secrets-manager_6700329E
}
