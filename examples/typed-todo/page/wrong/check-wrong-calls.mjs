// ctest "typed-todo-tsc-rejects": tsc must refuse wrong-calls.ts, with an error on exactly the
// lines marked "// error:" and on no other line. Needs the page's npm ci (typed-todo-page).
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
    console.log('SKIP: tsc is not installed: build the typed-todo-page target (./run.sh test does)');
    process.exit(77);
}
const source = readFileSync(join(here, 'wrong-calls.ts'), 'utf8').split('\n');
const expected = source.flatMap((line, i) => (line.includes('// error:') ? [i + 1] : []));

const run = spawnSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json'), '--pretty', 'false'],
    { encoding: 'utf8' });
const output = run.stdout + run.stderr;
const reported = [...output.matchAll(/wrong-calls\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => Number(m[1]));
const unique = [...new Set(reported)].sort((a, b) => a - b);
const other = output.split('\n').filter((line) => /error TS/.test(line) && !line.includes('wrong-calls.ts('));

console.log(output.trim());
let ok = true;
if (run.status === 0) {
    console.log('FAIL: tsc accepted wrong-calls.ts');
    ok = false;
}
for (const line of expected) {
    if (!unique.includes(line)) {
        console.log(`FAIL: tsc did not refuse line ${line}: ${source[line - 1].trim()}`);
        ok = false;
    }
}
for (const line of unique) {
    if (!expected.includes(line)) {
        console.log(`FAIL: tsc refused line ${line}, which is meant to be fine: ${source[line - 1].trim()}`);
        ok = false;
    }
}
if (other.length) {
    console.log(`FAIL: errors outside wrong-calls.ts:\n${other.join('\n')}`);
    ok = false;
}
console.log(ok ? `PASS: tsc refused all ${expected.length} wrong calls, and only them` : 'FAILED');
process.exit(ok ? 0 : 1);
