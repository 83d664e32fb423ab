// The Lightsail regions (the RegionName enum of the Lightsail service model), with the names the
// settings dialog shows. Lightsail for Research is offered where Lightsail is. The one place
// this list and the shape of a region name live: core, CLI, IPC schemas and renderer read them.

/** Every Lightsail region, with its display name, in the order the settings dialog lists them. */
export const REGIONS: readonly { id: string; name: string }[] = [
  { id: 'us-east-1', name: 'US East (N. Virginia)' },
  { id: 'us-east-2', name: 'US East (Ohio)' },
  { id: 'us-west-1', name: 'US West (N. California)' },
  { id: 'us-west-2', name: 'US West (Oregon)' },
  { id: 'ca-central-1', name: 'Canada (Central)' },
  { id: 'eu-central-1', name: 'Europe (Frankfurt)' },
  { id: 'eu-west-1', name: 'Europe (Ireland)' },
  { id: 'eu-west-2', name: 'Europe (London)' },
  { id: 'eu-west-3', name: 'Europe (Paris)' },
  { id: 'eu-north-1', name: 'Europe (Stockholm)' },
  { id: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
  { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
  { id: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
  { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
  { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
  { id: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)' },
];

/** The region ids swept when the user chose none. */
export const LFR_REGIONS: readonly string[] = REGIONS.map((r) => r.id);

/** The shape of an AWS region name (us-east-2, ap-southeast-3…). */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The same shape for an HTML input's `pattern` attribute (anchored by the browser). */
export const REGION_INPUT_PATTERN = REGION_PATTERN.source.replace(/^\^|\$$/g, '');

/** True when s looks like a region name. */
export function isRegionName(s: string): boolean {
  return REGION_PATTERN.test(s);
}
