import type { InlineConfig } from 'vite';
import { defineConfig } from 'wxt';
import { languages, readCatalog } from './locales/catalog';
import { contentScriptMatches } from './utils/adapters/registry';

// Firefox requires data_collection_permissions for new add-ons (2025-11); nothing
// leaves the device unless the user turns sync on, so everything is optional.
const firefoxSettings = {
  browser_specific_settings: {
    gecko: {
      id: 'stageback@stageback.dev',
      strict_min_version: '140.0',
      data_collection_permissions: {
        required: ['none'],
        optional: [
          'searchTerms',
          'browsingActivity',
          'websiteActivity',
          'websiteContent',
          'technicalAndInteraction',
          'personallyIdentifyingInfo',
        ],
      },
    },
  },
};

const PREACT_ALIASES = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];

type AliasOption = NonNullable<NonNullable<InlineConfig['resolve']>['alias']>;
function toAliasList(alias: AliasOption | undefined): { find: string | RegExp; replacement: string }[] {
  if (!alias) return [];
  if (Array.isArray(alias)) return alias;
  return Object.entries(alias).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
}

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  hooks: {
    // Content scripts run inside the sites' pages, where every millisecond is the user's: their UI
    // renders with Preact through its React-compatible API (same components, a tenth of the code).
    // Extension pages keep React.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (process.env.NO_MINIFY) config.build = { ...config.build, minify: false };
      if (!entrypoints.some((e) => e.type === 'content-script')) return;
      config.resolve ??= {};
      config.resolve.alias = [...toAliasList(config.resolve.alias), ...PREACT_ALIASES];
    },
    // The detector (an unlisted script, see entrypoints/detector.ts) runs where the adapters read; importing
    // their patterns here keeps them out of its bundle.
    'build:manifestGenerated': (_wxt, manifest) => {
      const matches = contentScriptMatches();
      manifest.content_scripts = [
        ...(manifest.content_scripts ?? []),
        { matches, js: ['detector.js'], run_at: 'document_idle', all_frames: true },
      ];
      // Injecting the overlay into a frame that shows an answer needs host access to exactly these sites.
      manifest.host_permissions = matches;
    },
    // Messages are kept one file per surface in locales/<lang>/; the browser wants one messages.json per language.
    'build:publicAssets': (_wxt, files) => {
      for (const lang of languages()) {
        files.push({ relativeDest: `_locales/${lang}/messages.json`, contents: JSON.stringify(readCatalog(lang)) });
      }
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'contextMenus', 'activeTab', 'scripting'],
    // Sync: the collector's origin is asked for when the user turns sync on (HTTPS anywhere, HTTP on loopback only).
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*'],
    commands: {
      'focus-strip': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commandFocusStrip__',
      },
      'feedback-on-selection': {
        suggested_key: { default: 'Alt+Shift+F' },
        description: '__MSG_commandFeedbackOnSelection__',
      },
    },
    ...(browser === 'firefox' ? firefoxSettings : {}),
  }),
});
