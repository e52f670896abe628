// The lint gate (`npm run lint`, which `npm test` runs first): typescript-eslint's recommended rules.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'src/bindings/'] },
  tseslint.configs.recommended,
  // `const { [key]: _gone, ...rest } = obj` is how the reducers copy an object without a key.
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] } },
);
