export { isCfdiRoot, TIMBRE_NAMESPACE } from './cfdi-namespaces.js';
export { readStampUuid } from './read-stamp-uuid.js';
export { createStampCheck, StampCheck } from './stamp-check.js';
