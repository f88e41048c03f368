/**
 * Child process of the load benchmarks (bench/lib/load.ts): runs autocannon as the spec in the JSON file says
 * and prints the result as one JSON line. Usage: tsx bench/children/load-child.ts <spec.json>
 */
import { readFileSync } from 'node:fs';
import { type LoadSpec, runAutocannon } from '../lib/load';

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
console.log(JSON.stringify(await runAutocannon(spec, 'child')));
