// Prettier for the whole repository (`npm run lint` checks it; `npm run format` writes it).
// Settings follow the code as it was written: single quotes, semicolons, trailing commas.
// printWidth 140: 99 % of the existing lines already fit, so a reformat touches little; the
// longest lines (GraphQL descriptions, long calls) are the ones worth wrapping.

/** @type {import('prettier').Config} */
export default {
  printWidth: 140,
  singleQuote: true,
  trailingComma: 'all',
  plugins: ['prettier-plugin-svelte'],
  overrides: [{ files: '*.svelte', options: { parser: 'svelte' } }],
};
