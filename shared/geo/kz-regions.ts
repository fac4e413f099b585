import type { Region } from '../constants.ts';

// Where Kopir's regions are on a map. Codes are ISO 3166-2:KZ as revised in November 2022 (numeric,
// from the national KATO classifier), which open data uses as the beneficiary location's code.

export const REGION_ISO_CODES: Record<Region, string> = {
  abai: 'KZ-10', akmola: 'KZ-11', aktobe: 'KZ-15', 'almaty-region': 'KZ-19', atyrau: 'KZ-23', 'west-kazakhstan': 'KZ-27',
  jambyl: 'KZ-31', jetisu: 'KZ-33', karaganda: 'KZ-35', kostanay: 'KZ-39', kyzylorda: 'KZ-43', mangystau: 'KZ-47',
  pavlodar: 'KZ-55', 'north-kazakhstan': 'KZ-59', turkistan: 'KZ-61', ulytau: 'KZ-62', 'east-kazakhstan': 'KZ-63',
  astana: 'KZ-71', almaty: 'KZ-75', shymkent: 'KZ-79',
};

/**
 * Regions the shipped boundaries (Natural Earth, pre-2018) have no polygon for: drawn as points at
 * their administrative centres, with the polygon they lie inside on the old map. See SOURCE.md.
 */
export const REGIONS_WITHOUT_BOUNDARIES: Partial<Record<Region, { lon: number; lat: number; centre: string; within: Region }>> = {
  abai: { lon: 80.25, lat: 50.41, centre: 'Semey', within: 'east-kazakhstan' },
  jetisu: { lon: 78.37, lat: 45.02, centre: 'Taldykorgan', within: 'almaty-region' },
  ulytau: { lon: 67.71, lat: 47.78, centre: 'Zhezkazgan', within: 'karaganda' },
  shymkent: { lon: 69.6, lat: 42.32, centre: 'Shymkent', within: 'turkistan' },
};
