/** Feedback: the answers to "was this helpful?" (asked by search) and the ranking votes they become. */
import type { Feature } from '../feature.js';
import { feedbackData } from '../feedback/privacy.js';

export const feedbackFeature: Feature = { name: 'feedback', personalData: [feedbackData], i18nNamespace: 'feedback' };
