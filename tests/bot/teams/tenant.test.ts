import { parseTenantIds, tenantVerdict } from '../../../bot/teams/tenant';

const OURS = '5e7a0c1d-0000-4000-8000-00000000e057';
const THEIRS = '0b1ec7ed-0000-4000-8000-000000000002';
const activity = (channelData: unknown, tenantId?: unknown) => ({ channelData, conversation: { tenantId } });

describe('tenantVerdict', () => {
  it('takes an activity that names an allowed tenant in channelData and in the conversation', () => {
    expect(tenantVerdict(activity({ tenant: { id: OURS } }, OURS.toUpperCase()), [OURS])).toEqual({ allowed: true });
  });

  it.each([
    ['another tenant', activity({ tenant: { id: THEIRS } }, THEIRS), 'otherTenant'],
    ['two different tenants', activity({ tenant: { id: OURS } }, THEIRS), 'tenantMismatch'],
    ['no channelData', activity(undefined, OURS), 'missingTenant'],
    ['a tenant id that is no string', activity({ tenant: { id: 7 } }, OURS), 'missingTenant'],
    ['an empty tenant id', activity({ tenant: { id: '' } }, ''), 'missingTenant'],
    ['no conversation tenant', activity({ tenant: { id: OURS } }), 'missingTenant'],
    ['no conversation at all', { channelData: { tenant: { id: OURS } } }, 'missingTenant'],
  ])('refuses %s', (_what, given, reason) => {
    expect(tenantVerdict(given, [OURS])).toEqual({ allowed: false, reason });
  });

  it('takes every activity when no list is configured (development)', () => {
    expect(tenantVerdict(activity({ tenant: { id: THEIRS } }, OURS), null)).toEqual({ allowed: true });
    expect(tenantVerdict({}, null)).toEqual({ allowed: true });
  });
});

describe('parseTenantIds', () => {
  it('reads GUIDs, in lower case, without repeats', () => {
    expect(parseTenantIds(`${OURS.toUpperCase()} ,${THEIRS}, ${OURS}`)).toEqual([OURS, THEIRS]);
  });

  it.each(['', ' , ', 'contoso.onmicrosoft.com', `${OURS},common`])('refuses %j', (value) => {
    expect(parseTenantIds(value)).toBeNull();
  });
});
