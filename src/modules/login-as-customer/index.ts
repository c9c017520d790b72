/** The Login as Customer module's public surface: what other modules may use. */
export { LAC_CHECKBOX_TITLE, LAC_CHECKBOX_TOOLTIP, LAC_ENABLED, type BlockableAction } from './settings.ts';
