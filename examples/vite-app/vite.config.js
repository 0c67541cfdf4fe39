// No import from 'vite': the build runs with node_modules in the build folder, not next to this
// file (see CMakeLists.txt).
export default {
  // Absolute asset paths (/assets/...) are right for an app scheme (app://localhost/) and the
  // dev server. For file:// pages use base: './' (docs/frontend.md).
  base: '/',
  // Vite's cache goes where node_modules is, in the build folder.
  cacheDir: process.env.WEBIPC_VITE_CACHE_DIR || 'node_modules/.vite',
  build: { emptyOutDir: true },
};
