/**
 * How SES's sending events reach functions/mail-events.ts, for the three that use it: the function
 * parses them, infra routes them (the configuration set's EventBridge destination and the rule),
 * the local runtime fakes them (local/ses-events.ts). Imports nothing, so infra can load it.
 */

/** The EventBridge `source` of SES's events. */
export const SES_EVENT_SOURCE = 'aws.ses';

/** EventBridge's `detail-type` of each event type the configuration set publishes (no opens, no clicks). */
export const SES_DETAIL_TYPES = {
  bounce: 'Email Bounced',
  complaint: 'Email Complaint Received',
  delivery: 'Email Delivered',
} as const;

/** The message tag SES adds to every mail with the configuration set's name (the rule matches on it). */
export const CONFIGURATION_SET_TAG = 'ses:configuration-set';
