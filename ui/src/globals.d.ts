// Replaced at build time by the version in tauri.conf.json (vite.config.ts).
declare const __APP_VERSION__: string;
