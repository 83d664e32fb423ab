// Static catalogue the simulator serves: regions, blueprints and bundles, shaped like the
// Lightsail service model (GetRegions, GetBlueprints, bundle hardware for GetInstance).

/** A region as GetRegions returns it. */
export interface SimRegion {
  name: string;
  displayName: string;
  description: string;
  continentCode: string;
}

/** Lightsail regions (the RegionName enum of the service model). */
export const REGIONS: readonly SimRegion[] = [
  ['us-east-1', 'Virginia', 'This region is recommended to serve users in the eastern United States', 'NA'],
  ['us-east-2', 'Ohio', 'This region is recommended to serve users in the eastern United States', 'NA'],
  [
    'us-west-1',
    'N. California',
    'This region is recommended to serve users in the western United States',
    'NA',
  ],
  [
    'us-west-2',
    'Oregon',
    'This region is recommended to serve users in the northwestern United States',
    'NA',
  ],
  ['ca-central-1', 'Canada', 'This region is recommended to serve users in Canada', 'NA'],
  ['sa-east-1', 'São Paulo', 'This region is recommended to serve users in South America', 'SA'],
  [
    'eu-west-1',
    'Ireland',
    'This region is recommended to serve users in Ireland, the United Kingdom, and Iceland',
    'EU',
  ],
  [
    'eu-west-2',
    'London',
    'This region is recommended to serve users in London, the United Kingdom, and Ireland',
    'EU',
  ],
  [
    'eu-west-3',
    'Paris',
    'This region is recommended to serve users in France, Belgium, and Luxembourg',
    'EU',
  ],
  [
    'eu-central-1',
    'Frankfurt',
    'This region is recommended to serve users in Germany, Austria, and Switzerland',
    'EU',
  ],
  ['eu-north-1', 'Stockholm', 'This region is recommended to serve users in the Nordic countries', 'EU'],
  ['eu-south-2', 'Spain', 'This region is recommended to serve users in Spain and Portugal', 'EU'],
  ['ap-south-1', 'Mumbai', 'This region is recommended to serve users in India', 'AP'],
  ['ap-northeast-1', 'Tokyo', 'This region is recommended to serve users in Japan', 'AP'],
  ['ap-northeast-2', 'Seoul', 'This region is recommended to serve users in South Korea', 'AP'],
  ['ap-southeast-1', 'Singapore', 'This region is recommended to serve users in Southeast Asia', 'AP'],
  [
    'ap-southeast-2',
    'Sydney',
    'This region is recommended to serve users in Australia and New Zealand',
    'AP',
  ],
  ['ap-southeast-3', 'Jakarta', 'This region is recommended to serve users in Indonesia', 'AP'],
  ['ap-southeast-5', 'Malaysia', 'This region is recommended to serve users in Malaysia', 'AP'],
  ['ap-east-1', 'Hong Kong', 'This region is recommended to serve users in Hong Kong', 'AP'],
].map(([name, displayName, description, continentCode]) => ({
  name: name!,
  displayName: displayName!,
  description: description!,
  continentCode: continentCode!,
}));

/** A blueprint (operating system or application image). */
export interface SimBlueprint {
  blueprintId: string;
  name: string;
  group: string;
  type: 'os' | 'app';
  description: string;
  isActive: boolean;
  minPower: number;
  version: string;
  versionCode: string;
  productUrl: string;
  licenseUrl: string;
  platform: 'LINUX_UNIX' | 'WINDOWS';
  /** 'LfR' for Lightsail for Research images; absent for ordinary Lightsail ones. */
  appCategory?: 'LfR';
}

const lfr = (
  blueprintId: string,
  name: string,
  version: string,
  description: string,
  productUrl: string,
): SimBlueprint => ({
  blueprintId,
  name,
  group: `lfr_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
  type: 'app',
  description,
  isActive: true,
  minPower: 0,
  version,
  versionCode: '1',
  productUrl,
  licenseUrl: 'https://aws.amazon.com/lightsail/research/terms/',
  platform: 'LINUX_UNIX',
  appCategory: 'LfR',
});

const ordinary = (
  blueprintId: string,
  name: string,
  type: 'os' | 'app',
  version: string,
  productUrl: string,
): SimBlueprint => ({
  blueprintId,
  name,
  group: blueprintId.replace(/_\d.*$/, ''),
  type,
  description: `${name} ${version} on Amazon Lightsail.`,
  isActive: true,
  minPower: 0,
  version,
  versionCode: '1',
  productUrl,
  licenseUrl: 'https://aws.amazon.com/lightsail/legal/',
  platform: 'LINUX_UNIX',
});

// Lightsail for Research images: an application on an Ubuntu desktop, plus GPU builds, with
// ids of the real form (`lfr_<product>_<major>_<minor>`, as lfr_ubuntu_1_0), and one retired
// image (isActive false) that existing computers still run.
/** Every blueprint the simulator knows. */
export const BLUEPRINTS: readonly SimBlueprint[] = [
  lfr(
    'lfr_jupyterlab_1_0',
    'JupyterLab',
    '4.2.5',
    'JupyterLab on an Ubuntu 22.04 desktop, for notebooks, code and data.',
    'https://jupyter.org/',
  ),
  lfr(
    'lfr_rstudio_1_0',
    'RStudio',
    '2024.09',
    'RStudio Desktop with R on an Ubuntu 22.04 desktop, for statistics and graphics.',
    'https://posit.co/products/open-source/rstudio/',
  ),
  lfr(
    'lfr_vscodium_1_0',
    'VSCodium',
    '1.94',
    'VSCodium, the open-source build of VS Code, on an Ubuntu 22.04 desktop.',
    'https://vscodium.com/',
  ),
  lfr(
    'lfr_ubuntu_1_0',
    'Ubuntu',
    '22.04 LTS',
    'An Ubuntu 22.04 desktop with common research tools.',
    'https://ubuntu.com/',
  ),
  lfr(
    'lfr_scilab_1_0',
    'Scilab',
    '2024.1',
    'Scilab numerical computation on an Ubuntu 22.04 desktop.',
    'https://www.scilab.org/',
  ),
  {
    ...lfr(
      'lfr_jupyterlab_0_9',
      'JupyterLab',
      '3.6.7',
      'JupyterLab 3 on an Ubuntu 20.04 desktop (retired: new computers use the current JupyterLab).',
      'https://jupyter.org/',
    ),
    isActive: false,
  },
  lfr(
    'lfr_jupyterlab_gpu_1_0',
    'JupyterLab (GPU)',
    '4.2.5',
    'JupyterLab with NVIDIA drivers and CUDA on an Ubuntu 22.04 desktop.',
    'https://jupyter.org/',
  ),
  ordinary('ubuntu_22_04', 'Ubuntu', 'os', '22.04 LTS', 'https://ubuntu.com/'),
  ordinary(
    'amazon_linux_2023',
    'Amazon Linux 2023',
    'os',
    '2023',
    'https://aws.amazon.com/linux/amazon-linux-2023/',
  ),
  ordinary('debian_12', 'Debian', 'os', '12.7', 'https://www.debian.org/'),
  ordinary('wordpress', 'WordPress', 'app', '6.6.2', 'https://bitnami.com/stack/wordpress'),
  ordinary('lamp_8_bitnami', 'LAMP (PHP 8)', 'app', '8.3.12', 'https://bitnami.com/stack/lamp'),
  ordinary('nodejs', 'Node.js', 'app', '22.9.0', 'https://bitnami.com/stack/nodejs'),
];

/** A plan: hardware and price. */
export interface SimBundle {
  bundleId: string;
  name: string;
  price: number;
  cpuCount: number;
  ramSizeInGb: number;
  diskSizeInGb: number;
  transferPerMonthInGb: number;
  instanceType: string;
  power: number;
  appCategory?: 'LfR';
}

/** Every bundle the simulator knows. */
export const BUNDLES: readonly SimBundle[] = [
  {
    bundleId: 'app_standard_xl_1_0',
    name: 'Standard XL',
    price: 30.16,
    cpuCount: 4,
    ramSizeInGb: 8,
    diskSizeInGb: 50,
    transferPerMonthInGb: 0,
    instanceType: 'xlarge',
    power: 1000,
    appCategory: 'LfR',
  },
  {
    bundleId: 'app_standard_2xl_1_0',
    name: 'Standard 2XL',
    price: 60.32,
    cpuCount: 8,
    ramSizeInGb: 32,
    diskSizeInGb: 50,
    transferPerMonthInGb: 0,
    instanceType: '2xlarge',
    power: 2000,
    appCategory: 'LfR',
  },
  {
    bundleId: 'app_standard_4xl_1_0',
    name: 'Standard 4XL',
    price: 120.64,
    cpuCount: 16,
    ramSizeInGb: 64,
    diskSizeInGb: 50,
    transferPerMonthInGb: 0,
    instanceType: '4xlarge',
    power: 4000,
    appCategory: 'LfR',
  },
  {
    bundleId: 'gpu_nvidia_xl_1_0',
    name: 'GPU XL',
    price: 383.98,
    cpuCount: 4,
    ramSizeInGb: 16,
    diskSizeInGb: 50,
    transferPerMonthInGb: 0,
    instanceType: 'g4dn.xlarge',
    power: 1500,
    appCategory: 'LfR',
  },
  {
    bundleId: 'gpu_nvidia_2xl_1_0',
    name: 'GPU 2XL',
    price: 548.96,
    cpuCount: 8,
    ramSizeInGb: 32,
    diskSizeInGb: 50,
    transferPerMonthInGb: 0,
    instanceType: 'g4dn.2xlarge',
    power: 2500,
    appCategory: 'LfR',
  },
  {
    bundleId: 'gpu_nvidia_4xl_1_0',
    name: 'GPU 4XL',
    price: 878.96,
    cpuCount: 16,
    ramSizeInGb: 64,
    diskSizeInGb: 50,
    transferPerMonthInGb: 0,
    instanceType: 'g4dn.4xlarge',
    power: 4500,
    appCategory: 'LfR',
  },
  {
    bundleId: 'nano_3_0',
    name: 'Nano',
    price: 5,
    cpuCount: 2,
    ramSizeInGb: 0.5,
    diskSizeInGb: 20,
    transferPerMonthInGb: 1024,
    instanceType: 'nano',
    power: 300,
  },
  {
    bundleId: 'micro_3_0',
    name: 'Micro',
    price: 7,
    cpuCount: 2,
    ramSizeInGb: 1,
    diskSizeInGb: 40,
    transferPerMonthInGb: 2048,
    instanceType: 'micro',
    power: 500,
  },
  {
    bundleId: 'small_3_0',
    name: 'Small',
    price: 12,
    cpuCount: 2,
    ramSizeInGb: 2,
    diskSizeInGb: 60,
    transferPerMonthInGb: 3072,
    instanceType: 'small',
    power: 1000,
  },
  {
    bundleId: 'medium_3_0',
    name: 'Medium',
    price: 24,
    cpuCount: 2,
    ramSizeInGb: 4,
    diskSizeInGb: 80,
    transferPerMonthInGb: 4096,
    instanceType: 'medium',
    power: 2000,
  },
];

/** Looks a blueprint up by id. */
export function findBlueprint(id: string): SimBlueprint | undefined {
  return BLUEPRINTS.find((b) => b.blueprintId === id);
}

/** Looks a bundle up by id. */
export function findBundle(id: string): SimBundle | undefined {
  return BUNDLES.find((b) => b.bundleId === id);
}

/** Application name shown in the DCV page and used as the primary session's name. */
export function appName(blueprintId: string): string {
  return findBlueprint(blueprintId)?.name ?? blueprintId;
}
