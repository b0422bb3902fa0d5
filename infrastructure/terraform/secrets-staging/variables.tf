# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

variable "database_host" {
  description = "PostgreSQL endpoint host name (from the database stack)"
  type        = string
  validation {
    error_message = "database_host must not be empty."
    condition     = length(trimspace(var.database_host)) > 0
  }
}

variable "database_port" {
  description = "PostgreSQL port (from the database stack)"
  type        = number
  validation {
    error_message = "database_port must be a whole number from 1 to 65535."
    condition     = var.database_port == floor(var.database_port) && var.database_port >= 1 && var.database_port <= 65535
  }
}

variable "database_name" {
  description = "Name of the application database"
  type        = string
  validation {
    error_message = "database_name must not be empty."
    condition     = length(trimspace(var.database_name)) > 0
  }
}

variable "database_username" {
  description = "Application database user"
  type        = string
  validation {
    error_message = "database_username must not be empty."
    condition     = length(trimspace(var.database_username)) > 0
  }
  validation {
    error_message = "database_username must not contain spaces: it is URL-encoded into connection_string."
    condition     = !strcontains(var.database_username, " ")
  }
}

variable "database_password" {
  description = "Initial password of the application database user; the rotation function replaces it"
  type        = string
  sensitive   = true
  nullable    = true
  validation {
    error_message = "database_password must not be empty."
    condition     = var.database_password == null ? true : length(trimspace(var.database_password)) > 0
  }
  validation {
    error_message = "database_password must not contain spaces: it is URL-encoded into connection_string."
    condition     = var.database_password == null ? true : !strcontains(var.database_password, " ")
  }
  default = null
}

variable "redis_primary_endpoint" {
  description = "Redis primary endpoint (from the cache stack)"
  type        = string
  validation {
    error_message = "redis_primary_endpoint must not be empty."
    condition     = length(trimspace(var.redis_primary_endpoint)) > 0
  }
}

variable "redis_reader_endpoint" {
  description = "Redis reader endpoint (from the cache stack)"
  type        = string
  validation {
    error_message = "redis_reader_endpoint must not be empty."
    condition     = length(trimspace(var.redis_reader_endpoint)) > 0
  }
}

variable "redis_port" {
  description = "Redis port (from the cache stack)"
  type        = number
  validation {
    error_message = "redis_port must be a whole number from 1 to 65535."
    condition     = var.redis_port == floor(var.redis_port) && var.redis_port >= 1 && var.redis_port <= 65535
  }
}

variable "redis_auth_token" {
  description = "Redis AUTH token (ElastiCache transit encryption)"
  type        = string
  sensitive   = true
  nullable    = true
  validation {
    error_message = "redis_auth_token must not be empty."
    condition     = var.redis_auth_token == null ? true : length(trimspace(var.redis_auth_token)) > 0
  }
  default = null
}
