/**
 * The one rule for an email address a form or API accepts: something@domain.tld, with no spaces, angle brackets
 * or quotes (what Magento's storefront accepts, and what is safe to put in a mail header).
 */
export const EMAIL_PATTERN = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** Whether a (trimmed) string is an acceptable email address. */
export const isEmailAddress = (email: string): boolean => EMAIL_PATTERN.test(email);
