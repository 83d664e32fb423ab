// The regions the settings dialog offers: the one list in electron/shared/regions.ts.
import { REGIONS } from '../../../electron/shared/regions.js';

export const LFR_REGIONS = REGIONS;
