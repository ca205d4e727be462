/**
 * What the web build puts in the place of libraries the shared domain modules import but no page ever calls
 * (CSV parsing and writing: the register import and download run on the server). They touch Node's Buffer when
 * loaded, so a page that imports a domain module for its schemas must not load them.
 */
const serverOnly = (name: string) => () => {
  throw new Error(`${name} runs on the server only`);
};
export const parse = serverOnly('CSV parsing');
export const stringify = serverOnly('CSV writing');
