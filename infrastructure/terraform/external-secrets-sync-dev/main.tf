# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

resource "kubernetes_manifest" "secret-store-qualisys-api" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "SecretStore"
    metadata = {
      name      = "aws-secrets-manager"
      namespace = "qualisys-api"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
      }
    }
    spec = {
      provider = {
        aws = {
          service = "SecretsManager"
          region  = "us-east-1"
          auth = {
            jwt = {
              serviceAccountRef = {
                name = "qualisys-api"
              }
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_manifest" "secret-store-qualisys-agents" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "SecretStore"
    metadata = {
      name      = "aws-secrets-manager"
      namespace = "qualisys-agents"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
      }
    }
    spec = {
      provider = {
        aws = {
          service = "SecretsManager"
          region  = "us-east-1"
          auth = {
            jwt = {
              serviceAccountRef = {
                name = "ai-agent"
              }
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_manifest" "external-secret-qualisys-api-database-connection" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata = {
      name      = "database-connection"
      namespace = "qualisys-api"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
        "qualisys.io/workload"         = "api"
      }
      annotations = {
        "qualisys.io/secret"   = "qualisys/database/connection"
        "qualisys.io/consumer" = "API pods"
      }
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef = {
        name = "aws-secrets-manager"
        kind = "SecretStore"
      }
      target = {
        name           = "database-connection"
        creationPolicy = "Owner"
        deletionPolicy = "Retain"
      }
      data = {
        0 = {
          secretKey = "DATABASE_URL"
          remoteRef = {
            key      = "qualisys/database/connection"
            property = "connection_string"
          }
        }
        1 = {
          secretKey = "DATABASE_HOST"
          remoteRef = {
            key      = "qualisys/database/connection"
            property = "host"
          }
        }
        2 = {
          secretKey = "DATABASE_PORT"
          remoteRef = {
            key      = "qualisys/database/connection"
            property = "port"
          }
        }
        3 = {
          secretKey = "DATABASE_NAME"
          remoteRef = {
            key      = "qualisys/database/connection"
            property = "database"
          }
        }
        4 = {
          secretKey = "DATABASE_USER"
          remoteRef = {
            key      = "qualisys/database/connection"
            property = "username"
          }
        }
        5 = {
          secretKey = "DATABASE_PASSWORD"
          remoteRef = {
            key      = "qualisys/database/connection"
            property = "password"
          }
        }
      }
    }
  }
  depends_on = [
    kubernetes_manifest.secret-store-qualisys-api,
  ]
}

resource "kubernetes_manifest" "external-secret-qualisys-api-redis-connection" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata = {
      name      = "redis-connection"
      namespace = "qualisys-api"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
        "qualisys.io/workload"         = "api"
      }
      annotations = {
        "qualisys.io/secret"   = "qualisys/redis/connection"
        "qualisys.io/consumer" = "API pods"
      }
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef = {
        name = "aws-secrets-manager"
        kind = "SecretStore"
      }
      target = {
        name           = "redis-connection"
        creationPolicy = "Owner"
        deletionPolicy = "Retain"
      }
      data = {
        0 = {
          secretKey = "REDIS_PRIMARY_ENDPOINT"
          remoteRef = {
            key      = "qualisys/redis/connection"
            property = "primary_endpoint"
          }
        }
        1 = {
          secretKey = "REDIS_READER_ENDPOINT"
          remoteRef = {
            key      = "qualisys/redis/connection"
            property = "reader_endpoint"
          }
        }
        2 = {
          secretKey = "REDIS_PORT"
          remoteRef = {
            key      = "qualisys/redis/connection"
            property = "port"
          }
        }
        3 = {
          secretKey = "REDIS_AUTH_TOKEN"
          remoteRef = {
            key      = "qualisys/redis/connection"
            property = "auth_token"
          }
        }
      }
    }
  }
  depends_on = [
    kubernetes_manifest.secret-store-qualisys-api,
  ]
}

resource "kubernetes_manifest" "external-secret-qualisys-api-jwt-signing-key" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata = {
      name      = "jwt-signing-key"
      namespace = "qualisys-api"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
        "qualisys.io/workload"         = "api"
      }
      annotations = {
        "qualisys.io/secret"   = "qualisys/jwt/signing-key"
        "qualisys.io/consumer" = "API pods"
      }
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef = {
        name = "aws-secrets-manager"
        kind = "SecretStore"
      }
      target = {
        name           = "jwt-signing-key"
        creationPolicy = "Owner"
        deletionPolicy = "Retain"
      }
      data = {
        0 = {
          secretKey = "JWT_SECRET"
          remoteRef = {
            key      = "qualisys/jwt/signing-key"
            property = "secret"
          }
        }
      }
    }
  }
  depends_on = [
    kubernetes_manifest.secret-store-qualisys-api,
  ]
}

resource "kubernetes_manifest" "external-secret-qualisys-api-oauth-google" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata = {
      name      = "oauth-google"
      namespace = "qualisys-api"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
        "qualisys.io/workload"         = "api"
      }
      annotations = {
        "qualisys.io/secret"   = "qualisys/oauth/google"
        "qualisys.io/consumer" = "API pods"
      }
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef = {
        name = "aws-secrets-manager"
        kind = "SecretStore"
      }
      target = {
        name           = "oauth-google"
        creationPolicy = "Owner"
        deletionPolicy = "Retain"
      }
      data = {
        0 = {
          secretKey = "GOOGLE_CLIENT_ID"
          remoteRef = {
            key      = "qualisys/oauth/google"
            property = "client_id"
          }
        }
        1 = {
          secretKey = "GOOGLE_CLIENT_SECRET"
          remoteRef = {
            key      = "qualisys/oauth/google"
            property = "client_secret"
          }
        }
      }
    }
  }
  depends_on = [
    kubernetes_manifest.secret-store-qualisys-api,
  ]
}

resource "kubernetes_manifest" "external-secret-qualisys-api-email-sendgrid" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata = {
      name      = "email-sendgrid"
      namespace = "qualisys-api"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
        "qualisys.io/workload"         = "api"
      }
      annotations = {
        "qualisys.io/secret"   = "qualisys/email/sendgrid"
        "qualisys.io/consumer" = "API pods"
      }
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef = {
        name = "aws-secrets-manager"
        kind = "SecretStore"
      }
      target = {
        name           = "email-sendgrid"
        creationPolicy = "Owner"
        deletionPolicy = "Retain"
      }
      data = {
        0 = {
          secretKey = "SENDGRID_API_KEY"
          remoteRef = {
            key      = "qualisys/email/sendgrid"
            property = "api_key"
          }
        }
      }
    }
  }
  depends_on = [
    kubernetes_manifest.secret-store-qualisys-api,
  ]
}

resource "kubernetes_manifest" "external-secret-qualisys-api-integrations-sync-canary" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata = {
      name      = "integrations-sync-canary"
      namespace = "qualisys-api"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
        "qualisys.io/workload"         = "api"
      }
      annotations = {
        "qualisys.io/secret"   = "qualisys/integrations/sync-canary"
        "qualisys.io/consumer" = "API pods"
      }
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef = {
        name = "aws-secrets-manager"
        kind = "SecretStore"
      }
      target = {
        name           = "integrations-sync-canary"
        creationPolicy = "Owner"
        deletionPolicy = "Retain"
      }
      data = {
        0 = {
          secretKey = "SYNC_CANARY_WRITTEN_AT"
          remoteRef = {
            key      = "qualisys/integrations/sync-canary"
            property = "written_at"
          }
        }
      }
    }
  }
  depends_on = [
    kubernetes_manifest.secret-store-qualisys-api,
  ]
}

resource "kubernetes_manifest" "external-secret-qualisys-agents-llm-openai" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata = {
      name      = "llm-openai"
      namespace = "qualisys-agents"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
        "qualisys.io/workload"         = "ai-agent"
      }
      annotations = {
        "qualisys.io/secret"   = "qualisys/llm/openai"
        "qualisys.io/consumer" = "AI agent pods"
      }
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef = {
        name = "aws-secrets-manager"
        kind = "SecretStore"
      }
      target = {
        name           = "llm-openai"
        creationPolicy = "Owner"
        deletionPolicy = "Retain"
      }
      data = {
        0 = {
          secretKey = "OPENAI_API_KEY"
          remoteRef = {
            key      = "qualisys/llm/openai"
            property = "api_key"
          }
        }
      }
    }
  }
  depends_on = [
    kubernetes_manifest.secret-store-qualisys-agents,
  ]
}

resource "kubernetes_manifest" "external-secret-qualisys-agents-llm-anthropic" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata = {
      name      = "llm-anthropic"
      namespace = "qualisys-agents"
      labels = {
        "app.kubernetes.io/managed-by" = "cdktf"
        "app.kubernetes.io/part-of"    = "qualisys-secret-management"
        "qualisys.io/workload"         = "ai-agent"
      }
      annotations = {
        "qualisys.io/secret"   = "qualisys/llm/anthropic"
        "qualisys.io/consumer" = "AI agent pods"
      }
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef = {
        name = "aws-secrets-manager"
        kind = "SecretStore"
      }
      target = {
        name           = "llm-anthropic"
        creationPolicy = "Owner"
        deletionPolicy = "Retain"
      }
      data = {
        0 = {
          secretKey = "ANTHROPIC_API_KEY"
          remoteRef = {
            key      = "qualisys/llm/anthropic"
            property = "api_key"
          }
        }
      }
    }
  }
  depends_on = [
    kubernetes_manifest.secret-store-qualisys-agents,
  ]
}
