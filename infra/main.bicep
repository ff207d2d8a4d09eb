// Escalatiewijzer in one resource group: the bot as an Azure Container App, its PostgreSQL Flexible
// Server, a Key Vault with every secret (read by the app's managed identity, never written into app
// settings), Log Analytics for the app's and the vault's logs, a container registry, and the Azure
// Bot resource with the Teams channel. Parameters per environment: main.parameters.json (filled in
// by the Agents Toolkit from env/.env.<environment>). Not compiled here: see docs/deploy.md.

targetScope = 'resourceGroup'

@description('Azure region of everything but the Azure Bot (which is global).')
param location string = resourceGroup().location

@description('Short lower-case prefix of every resource name, unique per environment, e.g. ewdev.')
@minLength(3)
@maxLength(12)
param namePrefix string

@description('The image the Container App runs; the first provision runs a placeholder until `deploy` built ours.')
param containerImage string = 'mcr.microsoft.com/k8se/quickstart:latest'

@description('The bot\'s Entra app registration (client id), created by botAadApp/create.')
param botId string

@secure()
@description('The bot\'s client secret; goes into Key Vault only.')
param botPassword string

@secure()
@description('NOTES_KEY: 32 random bytes, base64. Replacing it makes stored notes unreadable (rotation: docs/operations.md).')
param notesKey string

@secure()
@description('CASE_KEY_SECRET: 32 random bytes, base64; keys the pseudonymous HR case key.')
param caseKeySecret string

@secure()
@description('The PostgreSQL administrator password; only the DATABASE_URL secret in Key Vault holds it afterwards.')
param postgresAdminPassword string

@description('The Entra tenant of the Teams users and of the SSO app.')
param tenantId string = subscription().tenantId

@description('The SSO app registration (client id) of the HR tab and the `mijn gegevens` page.')
param ssoAppId string

@description('The managers\' Teams app id (TEAMS_APP_ID): `mijn gegevens` links open as a dialog of this app, where SSO works.')
param teamsAppId string

@description('The organisation\'s training page (https) the team-discussion agenda links to; empty: the card says to ask HR.')
param teamTrainingUrl string = ''

@description('The organisation units a manager picks from (ORG_UNITS), comma-separated.')
param orgUnits string

@description('k: the smallest group an HR figure may show (never below 5).')
@minValue(5)
param hrMinGroupSize int = 10

@description('Replicas: one for a test environment; two or more spread the load in production.')
@minValue(1)
param minReplicas int = 1
@maxValue(10)
param maxReplicas int = 2

@description('PostgreSQL compute: Burstable for test, General Purpose for production.')
param postgresSkuName string = 'Standard_B1ms'
param postgresSkuTier string = 'Burstable'

@description('Point-in-time restore window in days (7–35) and geo-redundant backup (production: 35 and true).')
@minValue(7)
@maxValue(35)
param backupRetentionDays int = 7
param geoRedundantBackup bool = false

@description('How long Log Analytics keeps the logs, in days.')
param logRetentionDays int = 90

@description('Azure Bot pricing: F0 for a test tenant, S1 for production.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

var names = {
  identity: '${namePrefix}-id'
  logs: '${namePrefix}-logs'
  vault: '${namePrefix}-kv-${take(uniqueString(resourceGroup().id), 6)}'
  registry: '${namePrefix}acr${take(uniqueString(resourceGroup().id), 6)}'
  postgres: '${namePrefix}-pg-${take(uniqueString(resourceGroup().id), 6)}'
  environment: '${namePrefix}-env'
  app: '${namePrefix}-app'
  bot: '${namePrefix}-bot'
}
var databaseName = 'escalatiewijzer'
var postgresAdmin = 'escalatiewijzer'
// Built-in role definitions.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: names.logs
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: names.registry
  location: location
  sku: { name: 'Basic' }
  properties: { adminUserEnabled: false }
}

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPull)
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-06-01-preview' = {
  name: names.postgres
  location: location
  sku: { name: postgresSkuName, tier: postgresSkuTier }
  properties: {
    version: '16'
    administratorLogin: postgresAdmin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: backupRetentionDays, geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-06-01-preview' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// 0.0.0.0–0.0.0.0 admits Azure services only (the Container App has no fixed outbound address
// without a VNet); docs/deploy.md lists private networking as the production step.
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2023-06-01-preview' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2023-06-01-preview' = {
  parent: postgres
  name: 'require_secure_transport'
  properties: { value: 'on', source: 'user-override' }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.vault
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

var secrets = {
  'bot-password': botPassword
  'notes-key': notesKey
  'case-key-secret': caseKeySecret
  'database-url': 'postgres://${postgresAdmin}:${postgresAdminPassword}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=verify-full'
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secret in items(secrets): {
    parent: vault
    name: secret.key
    properties: { value: secret.value }
  }
]

resource vaultRead 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

// Every read of a secret is logged (BIO: key management is auditable).
resource vaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logs.id
    logs: [{ categoryGroup: 'audit', enabled: true }]
  }
}

resource postgresLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-log-analytics'
  scope: postgres
  properties: {
    workspaceId: logs.id
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: names.environment
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

var appDomain = '${names.app}.${environment.properties.defaultDomain}'
var secretRefs = [for secret in items(secrets): { name: secret.key, keyVaultUrl: '${vault.properties.vaultUri}secrets/${secret.key}', identity: identity.id }]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: names.app
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  dependsOn: [vaultRead, registryPull, vaultSecrets, database]
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      ingress: { external: true, targetPort: 3978, transport: 'http', allowInsecure: false }
      registries: [{ server: registry.properties.loginServer, identity: identity.id }]
      // References only: the platform fetches the values from Key Vault with the managed identity.
      secrets: secretRefs
    }
    template: {
      containers: [
        {
          name: 'escalatiewijzer'
          image: containerImage
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: [
            { name: 'NODE_ENV', value: 'production' }
            { name: 'MicrosoftAppId', value: botId }
            { name: 'MicrosoftAppType', value: 'SingleTenant' }
            { name: 'MicrosoftAppTenantId', value: tenantId }
            { name: 'MicrosoftAppPassword', secretRef: 'bot-password' }
            { name: 'NOTES_KEY', secretRef: 'notes-key' }
            { name: 'CASE_KEY_SECRET', secretRef: 'case-key-secret' }
            { name: 'DATABASE_URL', secretRef: 'database-url' }
            { name: 'ALLOWED_TENANT_IDS', value: tenantId }
            { name: 'PUBLIC_BASE_URL', value: 'https://${appDomain}' }
            { name: 'ORG_UNITS', value: orgUnits }
            { name: 'HR_TENANT_ID', value: tenantId }
            { name: 'HR_AUDIENCES', value: '${ssoAppId},api://${appDomain}/${ssoAppId}' }
            { name: 'HR_MIN_GROUP_SIZE', value: string(hrMinGroupSize) }
            { name: 'TEAMS_APP_ID', value: teamsAppId }
            { name: 'TEAM_TRAINING_URL', value: teamTrainingUrl }
          ]
          probes: [
            { type: 'Liveness', httpGet: { path: '/healthz', port: 3978 }, periodSeconds: 30 }
            { type: 'Readiness', httpGet: { path: '/readyz', port: 3978 }, periodSeconds: 10 }
          ]
        }
      ]
      scale: { minReplicas: minReplicas, maxReplicas: maxReplicas }
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: names.bot
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: 'Escalatiewijzer'
    endpoint: 'https://${appDomain}/api/messages'
    msaAppId: botId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

// Written to env/.env.<environment> by the Agents Toolkit (arm/deploy).
output TAB_DOMAIN string = appDomain
output BOT_ENDPOINT string = 'https://${appDomain}'
output ACR_NAME string = registry.name
output CONTAINER_APP_NAME string = app.name
output KEY_VAULT_NAME string = vault.name
