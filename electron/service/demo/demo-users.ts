import type { ApiUser } from '../../simulator';

/** The integrations of the demo workload, each an API user of the demo tenant under its own integration code. */
export const demoIntegrationCodes = ['PSA-SYNC', 'RMM-ALERTS', 'BACKUP-REPORTS'] as const;
export type DemoIntegrationCode = (typeof demoIntegrationCodes)[number];

/** Public on purpose, like demoUser: they open nothing but the embedded simulator. */
export const demoWorkloadUsers: Record<DemoIntegrationCode, ApiUser> = {
  'PSA-SYNC': { username: 'psa-sync@headroom.example', secret: 'demo-psa-secret', integrationCode: 'PSA-SYNC' },
  'RMM-ALERTS': { username: 'rmm-alerts@headroom.example', secret: 'demo-rmm-secret', integrationCode: 'RMM-ALERTS' },
  'BACKUP-REPORTS': {
    username: 'backup-reports@headroom.example',
    secret: 'demo-backup-secret',
    integrationCode: 'BACKUP-REPORTS',
  },
};
