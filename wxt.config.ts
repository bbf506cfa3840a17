import { defineConfig } from 'wxt';

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

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifest: ({ browser }) => ({
    name: 'Stageback',
    description: 'Stage-level feedback on AI search answers: sub-queries, sources and the answer itself.',
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'contextMenus', 'activeTab', 'scripting'],
    commands: {
      'focus-strip': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Move focus to the Stageback strip on this page',
      },
      'feedback-on-selection': {
        suggested_key: { default: 'Alt+Shift+F' },
        description: 'Give feedback on the selected answer (any site)',
      },
    },
    ...(browser === 'firefox' ? firefoxSettings : {}),
  }),
});
