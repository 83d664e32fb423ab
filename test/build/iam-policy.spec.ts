import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

// What the launcher calls (DESIGN.md, issue 5): exactly these, nothing broader.
const READ = [
  'GetInstances',
  'GetInstance',
  'GetInstanceState',
  'GetBlueprints',
  'GetBundles',
  'GetRegions',
  'GetCostEstimate',
];
const WRITE = [
  'StartInstance',
  'StopInstance',
  'StartGUISession',
  'CreateGUISessionAccessDetails',
  'StopGUISession',
  'EnableAddOn',
  'DisableAddOn',
];
// What the manage features add (issue 24): "launch and manage" takes these statements too.
// GetBundles is in READ: the start question shows the plan's price.
const MANAGE_READ = ['GetInstanceSnapshots', 'GetInstanceSnapshot', 'GetDisks', 'GetInstanceMetricData'];
const MANAGE_WRITE = [
  'CreateInstances',
  'DeleteInstance',
  'CreateInstanceSnapshot',
  'CreateInstancesFromSnapshot',
  'DeleteInstanceSnapshot',
  'CreateDisk',
  'AttachDisk',
  'DetachDisk',
  'DeleteDisk',
];
const ALL = [...READ, ...WRITE, ...MANAGE_READ, ...MANAGE_WRITE];

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

async function docsPolicy(): Promise<{ text: string; policy: Policy }> {
  const md = await readFile(fileURLToPath(new URL('README.md', root)), 'utf8');
  const section = md.slice(md.indexOf('## IAM permissions'));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error('no ```json block in the IAM permissions section of README.md');
  return { text: block[1], policy: JSON.parse(block[1]) as Policy };
}

const actionsOf = (p: Policy): string[] =>
  p.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('IAM policy', () => {
  it('in README.md is valid JSON, identical to build/iam-policy.json', async () => {
    const { text, policy } = await docsPolicy();
    const file = await readFile(fileURLToPath(new URL('build/iam-policy.json', root)), 'utf8');
    expect(policy).toEqual(JSON.parse(file));
    // byte-identical too, so copying either gives the same thing
    expect(text).toBe(file);
  });

  it('allows exactly the read and write actions the launcher calls, no wildcards, no Deny tricks', async () => {
    const { policy } = await docsPolicy();
    expect(policy.Version).toBe('2012-10-17');
    const actions = actionsOf(policy);
    expect(actions.sort()).toEqual(ALL.map((a) => `lightsail:${a}`).sort());
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions.some((a) => a.includes('*'))).toBe(false);
    for (const s of policy.Statement) expect(s.Effect).toBe('Allow');
  });

  it('keeps read-only and session actions in separate statements, so a read-only user can take the first alone', async () => {
    const { policy } = await docsPolicy();
    const [read, write, manageRead, manage] = policy.Statement;
    expect(actionsOf({ Version: '', Statement: [read!] }).sort()).toEqual(
      READ.map((a) => `lightsail:${a}`).sort(),
    );
    expect(actionsOf({ Version: '', Statement: [write!] }).sort()).toEqual(
      WRITE.map((a) => `lightsail:${a}`).sort(),
    );
    // "Launch only" is the first two; "launch and manage" adds these two.
    expect(actionsOf({ Version: '', Statement: [manageRead!] }).sort()).toEqual(
      MANAGE_READ.map((a) => `lightsail:${a}`).sort(),
    );
    expect(actionsOf({ Version: '', Statement: [manage!] }).sort()).toEqual(
      MANAGE_WRITE.map((a) => `lightsail:${a}`).sort(),
    );
  });

  it('covers every Lightsail command the launcher code sends', async () => {
    const { readdir } = await import('node:fs/promises');
    const sent = new Set<string>();
    for (const dir of ['electron/core', 'electron/main', 'electron/cli.ts', 'electron/cli-manage.ts']) {
      const at = fileURLToPath(new URL(dir, root));
      const files = dir.endsWith('.ts')
        ? [at]
        : (await readdir(at, { recursive: true })).filter((f) => f.endsWith('.ts')).map((f) => `${at}/${f}`);
      for (const f of files) {
        const text = await readFile(f, 'utf8');
        // Only Lightsail's commands: the SSO sign-in sends IAM Identity Center ones of its own.
        const lightsail = new Set(
          [
            ...text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-lightsail'/g),
          ].flatMap((m) => m[1]!.split(',').map((n) => n.trim())),
        );
        for (const m of text.matchAll(/new (\w+)Command\(/g))
          if (lightsail.has(`${m[1]}Command`)) sent.add(m[1]!);
      }
    }
    expect(sent.size).toBeGreaterThan(5);
    for (const a of sent) expect(ALL).toContain(a);
    // Every manage action in the policy is one the launcher really sends.
    for (const a of [...MANAGE_READ, ...MANAGE_WRITE]) expect(sent).toContain(a);
  });

  it('is described in the prose with the same action names', async () => {
    const md = await readFile(fileURLToPath(new URL('README.md', root)), 'utf8');
    const prose = md.slice(md.indexOf('## IAM permissions'), md.indexOf('```json'));
    for (const a of ALL) expect(prose).toContain(`\`${a}\``);
    expect(prose).toMatch(/Launch only/);
    expect(prose).toMatch(/Launch and manage/);
  });
});
