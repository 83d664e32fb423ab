// How a failed profile × region is named: above the list, or on the group it belongs to.
import type { ScopeError } from '../../../electron/shared/models.js';
import type { GroupBy } from './list-model.js';

/** A scope named in full ("us-east-2 (research)" or "Profile research"), for the banners. */
export const scopeLabel = (e: ScopeError): string =>
  e.region ? `${e.region} (${e.profile})` : `Profile ${e.profile}`;

/** A scope named on its group, without what the group's header already says. */
export const groupScopeLabel = (e: ScopeError, groupBy: GroupBy): string =>
  groupBy === 'profile'
    ? (e.region ?? `Profile ${e.profile}`)
    : groupBy === 'region'
      ? `Profile ${e.profile}`
      : scopeLabel(e);
