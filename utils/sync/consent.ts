/** Bump when the consent screen says something new: consent given to an older text is asked again. */
export const CONSENT_VERSION = 1;
