// Strict check of a built plugin-manifest.json against the console SDK's own JSON schemas.
//
// The SDK's build accepts any extension type: its schema lets an unknown `type` through as a CustomExtension. Here
// every extension must be a SupportedExtension (the console's own extension types, with their properties), and the
// manifest must match the SDK's plugin-manifest schema. Uses ajv as shipped with the SDK's webpack package.
// Usage: node test/check-manifest.mjs dist/plugin-manifest.json   (exit 0: valid; 1: invalid, one line per problem)
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sdk = createRequire(require.resolve('@openshift-console/dynamic-plugin-sdk-webpack/package.json'));
const Ajv = sdk('ajv');
const extensionsSchema = sdk('./schema/console-extensions.json');
const manifestSchema = sdk('./schema/plugin-manifest.json');

const file = process.argv[2];
if (!file) {
  console.error('usage: check-manifest.mjs PLUGIN-MANIFEST.json');
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
const problems = [];
const ajv = new Ajv({ allErrors: true, jsonPointers: true });

if (!ajv.validate(manifestSchema, manifest)) {
  for (const e of ajv.errors) problems.push(`manifest${e.dataPath} ${e.message}`);
}

const definitions = extensionsSchema.definitions;
const supported = { $schema: extensionsSchema.$schema, definitions, $ref: '#/definitions/SupportedExtension' };
const validateSupported = ajv.compile(supported);

// The definitions behind SupportedExtension, by extension type (a group such as SupportedCatalogExtensions nests).
const byType = new Map();
const collect = (schema) => {
  for (const branch of schema.anyOf ?? []) {
    const name = branch.$ref?.replace('#/definitions/', '');
    const def = name ? definitions[name] : branch;
    const type = def?.properties?.type?.const;
    if (type) byType.set(type, [...(byType.get(type) ?? []), name]);
    else if (def?.anyOf) collect(def);
  }
};
collect(definitions.SupportedExtension);

(manifest.extensions ?? []).forEach((extension, i) => {
  if (validateSupported(extension)) return;
  const where = `extensions[${i}] (${extension.type})`;
  const candidates = byType.get(extension.type);
  if (!candidates) {
    problems.push(`${where}: '${extension.type}' is not an extension type the console supports`);
    return;
  }
  // Say what is wrong for the type it claims, not the whole anyOf.
  for (const name of candidates) {
    const one = ajv.compile({ $schema: extensionsSchema.$schema, definitions, $ref: `#/definitions/${name}` });
    if (!one(extension)) for (const e of one.errors) problems.push(`${where}${e.dataPath} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`);
  }
});

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`ok: ${manifest.extensions.length} extensions of ${manifest.name} ${manifest.version} are supported console extensions (${byType.size} types known)`);
