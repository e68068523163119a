/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves the built UI and /api/v1 from one origin; in `npm run dev` Vite proxies
// /api to a running gateway (LITEMAAS_GATEWAY_URL, default the `make run` one).
const gateway = process.env.LITEMAAS_GATEWAY_URL ?? 'http://127.0.0.1:20010';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': gateway } },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // PatternFly alone is most of the code: its own chunk stays cached across UI releases
    rollupOptions: {
      output: {
        manualChunks: {
          patternfly: ['@patternfly/react-core', '@patternfly/react-table'],
          vendor: ['react', 'react-dom', 'react-router', '@tanstack/react-query', 'i18next'],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    testTimeout: 15000,
  },
});
