// Lint: typescript-eslint's type-aware rules plus Accord's layering (docs/architecture.md).
// The layering table is ARCHITECTURE.md's "may import" column; an import that breaks it fails CI.
import tseslint from 'typescript-eslint';

/** Which areas each area may import (through their index.ts only). */
const layers = {
  stix: [],
  pattern: ['stix'],
  store: ['stix'],
  trust: ['stix', 'store'],
  audit: ['store', 'trust'],
  sharing: ['stix', 'store', 'trust', 'audit'],
  taxii: ['stix', 'store', 'sharing'],
  federation: ['stix', 'store', 'trust', 'sharing', 'taxii'],
  detect: ['stix', 'pattern', 'store'],
  assets: ['stix', 'store', 'pattern', 'detect'],
  interop: ['stix', 'store', 'sharing'],
  cases: ['stix', 'store', 'trust', 'sharing', 'audit'],
  dialogue: ['stix', 'store', 'trust', 'sharing', 'audit'],
  identity: ['store', 'audit'],
};
const areas = [...Object.keys(layers), 'server', 'cli'];
const drivers = ['better-sqlite3', 'pg', 'pg-copy-streams'];
const nodeBuiltinsExceptCrypto = '^node:(?!crypto$)';

function layerRule(area) {
  const allowed = area in layers ? layers[area] : areas.filter((a) => a !== area);
  const patterns = [];
  for (const other of areas) {
    if (other === area) continue;
    if (allowed.includes(other)) {
      patterns.push({
        regex: `^(\\.\\./)+${other}/(?!index\\.js$).+`,
        message: `import another area only through its index.ts (${other}/index.js)`,
      });
    } else {
      patterns.push({
        regex: `^(\\.\\./)+${other}(/|$)`,
        message: `${area} may not import ${other} (see the layering table in eslint.config.js)`,
      });
    }
  }
  const pure = area === 'stix' || area === 'pattern';
  const rule = (extra) => ['error', {
    paths: drivers.map((name) => ({ name, message: 'only the store adapters (src/store/sqlite, src/store/postgres) use database drivers' })),
    patterns: [...patterns, ...extra],
  }];
  const purity = { regex: nodeBuiltinsExceptCrypto, message: `${area} is pure: no file-system, network or process modules` };
  return [{
    files: [`src/${area}/**/*.ts`],
    ignores: area === 'store' ? ['src/store/sqlite/**', 'src/store/postgres/**'] : [],
    rules: { 'no-restricted-imports': rule(pure ? [purity] : []) },
  }, {
    // Tests of a pure area may read fixtures from disk; the code under test may not.
    files: [`src/${area}/**/*.test.ts`, `src/${area}/**/*.case.ts`],
    ignores: area === 'store' ? ['src/store/sqlite/**', 'src/store/postgres/**'] : [],
    rules: { 'no-restricted-imports': rule([]) },
  }];
}
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'src/stix/schema/oasis.generated.ts', 'bench/out/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  ...Object.keys(layers).concat(['server', 'cli']).flatMap(layerRule),
);
