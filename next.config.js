/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files it loads from its own package folder at run time;
  // bundling it breaks those paths. argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  experimental: {
    // A SIM import uploads its CSV through a server action (up to 5 MB: lib/sims/import/limits.ts).
    serverActions: { bodySizeLimit: "6mb" },
  },
};

export default nextConfig;
