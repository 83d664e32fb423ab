// A checker of JSON 1.1 wire responses against the Lightsail service model that ships in
// @aws-sdk/client-lightsail: the structure comes from the SDK's own schema objects
// (`<Operation>$`, walked with @smithy/core's NormalizedSchema), and the enum a string member
// takes from the SDK's declaration files (the schema objects carry no enum traits), with the
// values read from the SDK's exported enum objects. Nothing here is a hand-copied list.
import * as lightsail from '@aws-sdk/client-lightsail';
import { NormalizedSchema } from '@smithy/core/schema';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

const sdk = lightsail as unknown as Record<string, unknown>;

/** The operation schema the SDK ships for an operation name, e.g. `GetInstance`. */
export function operationSchema(operation: string): { input: NormalizedSchema; output: NormalizedSchema } {
  const op = sdk[`${operation}$`];
  // An operation schema is [9, namespace, name, traits, input, output].
  if (!Array.isArray(op) || op[0] !== 9) throw new Error(`the Lightsail SDK has no operation ${operation}`);
  return { input: NormalizedSchema.of(op[4] as SchemaRef), output: NormalizedSchema.of(op[5] as SchemaRef) };
}

let enumIndex: Map<string, readonly string[]> | undefined;

/** `Structure.member` -> allowed values, for every member the model types as an enum. */
export function enumMembers(): Map<string, readonly string[]> {
  if (enumIndex) return enumIndex;
  const require = createRequire(import.meta.url);
  const typesDir = join(
    dirname(require.resolve('@aws-sdk/client-lightsail/package.json')),
    'dist-types',
    'models',
  );
  const index = new Map<string, readonly string[]>();
  const enumValues = (name: string): readonly string[] | undefined => {
    const e = sdk[name];
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
    const values = Object.values(e);
    return values.length > 0 && values.every((x) => typeof x === 'string') ? values : undefined;
  };
  const referenced = (node: ts.TypeNode | undefined): string | undefined => {
    if (!node) return undefined;
    if (ts.isUnionTypeNode(node)) {
      for (const t of node.types) {
        const r = referenced(t);
        if (r) return r;
      }
      return undefined;
    }
    if (ts.isArrayTypeNode(node)) return referenced(node.elementType);
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) return node.typeName.text;
    return undefined;
  };
  for (const file of readdirSync(typesDir).filter((f) => /^models_\d+\.d\.ts$/.test(f))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(typesDir, file), 'utf8'),
      ts.ScriptTarget.Latest,
      false,
    );
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      for (const m of node.members) {
        if (!ts.isPropertySignature(m) || !ts.isIdentifier(m.name)) continue;
        const ref = referenced(m.type);
        const values = ref ? enumValues(ref) : undefined;
        if (values) index.set(`${node.name.text}.${m.name.text}`, values);
      }
    });
  }
  if (index.size === 0) throw new Error(`no enum-typed members found in ${typesDir}`);
  enumIndex = index;
  return index;
}

/** Every way `value` (a decoded JSON wire value) departs from `schema`; empty when it conforms. */
export function conformance(schema: NormalizedSchema, value: unknown, path = '$'): string[] {
  const problems: string[] = [];
  const enums = enumMembers();
  const visit = (s: NormalizedSchema, v: unknown, at: string, owner?: string, member?: string): void => {
    if (v === null || v === undefined) return;
    if (s.isStructSchema() || s.isUnionSchema()) {
      if (typeof v !== 'object' || Array.isArray(v))
        return void problems.push(`${at}: expected a ${s.getName()} object, got ${JSON.stringify(v)}`);
      const members = s.getMemberSchemas();
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const ms = members[k];
        if (!ms) problems.push(`${at}.${k}: ${s.getName()} has no member ${k}`);
        else visit(ms, x, `${at}.${k}`, s.getName(), k);
      }
      for (const [k, ms] of Object.entries(members)) {
        if (ms.getMergedTraits().required && (v as Record<string, unknown>)[k] === undefined)
          problems.push(`${at}.${k}: required by ${s.getName()} but missing`);
      }
      return;
    }
    if (s.isListSchema()) {
      if (!Array.isArray(v)) return void problems.push(`${at}: expected a list, got ${JSON.stringify(v)}`);
      v.forEach((x, i) => visit(s.getValueSchema(), x, `${at}[${i}]`, owner, member));
      return;
    }
    if (s.isMapSchema()) {
      if (typeof v !== 'object' || Array.isArray(v))
        return void problems.push(`${at}: expected a map, got ${JSON.stringify(v)}`);
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        visit(s.getValueSchema(), x, `${at}.${k}`);
      return;
    }
    if (s.isTimestampSchema()) {
      // JSON 1.1 sends timestamps as epoch seconds.
      if (typeof v !== 'number' || !Number.isFinite(v))
        problems.push(`${at}: expected epoch seconds, got ${JSON.stringify(v)}`);
      return;
    }
    if (s.isBooleanSchema()) {
      if (typeof v !== 'boolean') problems.push(`${at}: expected a boolean, got ${JSON.stringify(v)}`);
      return;
    }
    if (s.isNumericSchema() || s.isBigIntegerSchema() || s.isBigDecimalSchema()) {
      if (typeof v !== 'number' || !Number.isFinite(v))
        problems.push(`${at}: expected a number, got ${JSON.stringify(v)}`);
      return;
    }
    if (s.isStringSchema() || s.isBlobSchema()) {
      if (typeof v !== 'string')
        return void problems.push(`${at}: expected a string, got ${JSON.stringify(v)}`);
      const allowed = owner && member ? enums.get(`${owner}.${member}`) : undefined;
      if (allowed && !allowed.includes(v))
        problems.push(
          `${at}: ${JSON.stringify(v)} is not one of ${owner}.${member}'s values (${allowed.join(', ')})`,
        );
      return;
    }
    // Documents take any JSON.
  };
  visit(schema, value, path);
  return problems;
}
