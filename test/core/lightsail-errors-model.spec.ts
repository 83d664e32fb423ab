// Every error the SDK's Lightsail service model lists for each operation the launcher calls
// maps to a kind the user can act on, never 'unknown'. The operations are read from the
// launcher's own source and the errors from the SDK's command declarations (its @throws list,
// generated from the service model), so a new call or a new modeled error is covered at once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lightsail from '@aws-sdk/client-lightsail';
import { describe, expect, it } from 'vitest';
import { toLauncherError } from '../../electron/core/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const COMMANDS = join(ROOT, 'node_modules', '@aws-sdk', 'client-lightsail', 'dist-types', 'commands');

/** Lightsail operations the core calls (`new XCommand(` of a command the Lightsail SDK has). */
function operationsCalled(): string[] {
  const dir = join(ROOT, 'electron', 'core');
  const ops = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (!text.includes("'@aws-sdk/client-lightsail'")) continue;
    for (const m of text.matchAll(/new (\w+)Command\(/g)) if (`${m[1]}Command` in lightsail) ops.add(m[1]!);
  }
  return [...ops].sort();
}

/** The errors the model lists for one operation. */
function modeledErrors(op: string): string[] {
  const text = readFileSync(join(COMMANDS, `${op}Command.d.ts`), 'utf8');
  return [...text.matchAll(/@throws \{@link (\w+)\}/g)]
    .map((m) => m[1]!)
    .filter((n) => n !== 'LightsailServiceException');
}

describe('every modeled Lightsail error of every operation the launcher calls', () => {
  const ops = operationsCalled();

  it('finds the operations and their errors', () => {
    expect(ops).toEqual(
      expect.arrayContaining([
        'GetInstances',
        'GetBlueprints',
        'StartGUISession',
        'CreateGUISessionAccessDetails',
        'GetCostEstimate',
      ]),
    );
    for (const op of ops) expect(modeledErrors(op)).toContain('RegionSetupInProgressException');
  });

  for (const op of ops) {
    it(`${op}: each error maps to a kind other than unknown`, () => {
      for (const name of modeledErrors(op)) {
        const Ctor = (
          lightsail as unknown as Record<string, new (o: { message: string; $metadata: object }) => Error>
        )[name];
        expect(Ctor, name).toBeTypeOf('function');
        // As the SDK builds it from the service's answer (400 for a client fault, 500 for a server one).
        const err = new Ctor!({
          message: `${name} from the service`,
          $metadata: { httpStatusCode: name === 'ServiceException' ? 500 : 400 },
        });
        const e = toLauncherError(err, { profile: 'p', region: 'us-east-2' });
        expect(e.kind, `${op} ${name}`).not.toBe('unknown');
        expect(e.message).not.toMatch(/\$metadata|\$response/);
      }
    });
  }

  it('RegionSetupInProgressException says the region is being set up, and is retried later', () => {
    const err = new lightsail.RegionSetupInProgressException({
      message: 'x',
      $metadata: { httpStatusCode: 400 },
    });
    expect(toLauncherError(err, { profile: 'p', region: 'eu-south-2' })).toMatchObject({
      kind: 'service',
      retryable: true,
      message: expect.stringMatching(/eu-south-2 is being set up for your account/),
    });
  });

  it('an answer carrying only code DoesNotExist means not found', () => {
    const err = Object.assign(new Error('The Instance does not exist'), {
      name: 'Error',
      code: 'DoesNotExist',
    });
    expect(toLauncherError(err, { profile: 'p', region: 'us-east-2' }).kind).toBe('not-found');
    const withName = new lightsail.OperationFailureException({
      message: 'gone',
      $metadata: { httpStatusCode: 400 },
    });
    Object.assign(withName, { code: 'DoesNotExist' });
    expect(toLauncherError(withName).kind).toBe('not-found');
  });
});
