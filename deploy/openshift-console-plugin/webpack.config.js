// Builds the dynamic plugin with the console SDK's webpack plugin: it reads package.json's consolePlugin and
// console-extensions.json, checks every $codeRef against the exposed modules, and writes dist/plugin-manifest.json
// and dist/plugin-entry.js (a webpack container whose shared modules — React and friends — come from the console).
const path = require('path');
const { ConsoleRemotePlugin } = require('@openshift-console/dynamic-plugin-sdk-webpack');

module.exports = {
  mode: 'production',
  context: __dirname,
  entry: {},
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name]-bundle-[contenthash].min.js',
    chunkFilename: '[name]-chunk-[chunkhash].min.js',
  },
  // symlinks: false: a node_modules that is a link (the tests link a cached install) resolves as an installed one, so
  // every build writes the same files; followed, the chunk names carried the link target's path.
  resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx'], symlinks: false },
  module: {
    rules: [{ test: /\.tsx?$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { configFile: path.resolve(__dirname, 'tsconfig.json') } }] }],
  },
  plugins: [new ConsoleRemotePlugin()],
  devtool: false,
  optimization: { chunkIds: 'named', minimize: true },
  performance: { hints: false },
};
