// The least IAM policy that allows what an access-denied error says was refused.
import type { LauncherError } from '../../../electron/shared/models.js';

/** The policy JSON allowing the error's IAM action (on `resource`, or every resource), or undefined when the error names none. */
export function iamPolicyFor(error: LauncherError, resource = '*'): string | undefined {
  if (error.kind !== 'access-denied' || !error.iamAction) return undefined;
  // Listing and describing actions are not limited to one resource.
  const anyResource = /^lightsail:Get/.test(error.iamAction) ? '*' : resource;
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: [error.iamAction], Resource: anyResource }],
  };
  return JSON.stringify(policy, null, 2);
}
